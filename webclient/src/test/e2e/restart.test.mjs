// A restart of the server process under an open widget and agent console (SIGTERM, then the
// same port and data): the server drains and closes both WebSockets with 1012; both pages
// reconnect at once (no back-off wait), resume with their token and lastSeq, and the
// conversation goes on with nothing lost or doubled.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, chatWithAgent, apiLogin, apiGet, watchPage, ADMIN_PASSWORD } from './harness.mjs';

const stack = useStack({ before, after, afterEach }, { FRONTLINE_BOT_DENSE: '0' });

/** Records, in the page, when each WebSocket was created and when and how it closed. */
const RECORD_SOCKETS = () => {
  const Native = window.WebSocket;
  window.__sockets = [];
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      const entry = { opened: performance.now(), closed: null, code: null };
      window.__sockets.push(entry);
      this.addEventListener('close', (ev) => {
        entry.closed = performance.now();
        entry.code = ev.code;
      });
    }
  };
};

/** Milliseconds from the 1012 close to the creation of the next socket, or null. */
async function reconnectGap(page) {
  return page.evaluate(() => {
    const s = window.__sockets;
    const i = s.findIndex((e) => e.code === 1012);
    return i >= 0 && i + 1 < s.length ? s[i + 1].opened - s[i].closed : null;
  });
}

async function say(page, text) {
  await page.locator('[data-fl=input]').fill(text);
  await page.locator('[data-fl=input]').press('Enter');
}

test('a restart under an open widget and console: 1012, immediate reconnect, the chat goes on once', async () => {
  const { server, browser, problems } = stack;
  const visitorCtx = await browser.newContext({ locale: 'zh-CN' });
  const agentCtx = await browser.newContext({ locale: 'zh-CN' });
  await visitorCtx.addInitScript(RECORD_SOCKETS);
  await agentCtx.addInitScript(RECORD_SOCKETS);
  const visitor = watchPage(await visitorCtx.newPage(), problems);
  const agent = watchPage(await agentCtx.newPage(), problems);
  try {
    const conversationId = await chatWithAgent(visitor, agent, server.baseUrl);
    await say(visitor, '重启之前访客说');
    await agent.locator('[data-fl=message][data-from=visitor]', { hasText: '重启之前访客说' }).waitFor();
    await say(agent, '重启之前客服说');
    await visitor.locator('[data-fl=message][data-from=agent]', { hasText: '重启之前客服说' }).waitFor();

    assert.equal(await server.restart(), 0, 'the drained server exits 0');

    for (const [name, page] of [['widget', visitor], ['console', agent]]) {
      const gap = await reconnectGap(page);
      assert.notEqual(gap, null, `the ${name} was closed with 1012 and reconnected`);
      // The back-off's first step waits at least 250 ms; a reconnect at once takes a few.
      assert.ok(gap < 150, `the ${name} reconnected ${gap} ms after the 1012 close`);
    }
    await visitor.locator('[data-fl=connection]').waitFor({ state: 'hidden', timeout: 30000 });
    await agent.locator('[data-fl=connection][data-state=open]').waitFor({ timeout: 30000 });

    await say(visitor, '重启之后访客说');
    await agent.locator('[data-fl=message][data-from=visitor]', { hasText: '重启之后访客说' }).waitFor({ timeout: 20000 });
    await visitor.locator('[data-fl=message][data-from=visitor][data-state=sent]', { hasText: '重启之后访客说' })
      .waitFor();
    await say(agent, '重启之后客服说');
    await visitor.locator('[data-fl=message][data-from=agent]', { hasText: '重启之后客服说' }).waitFor({ timeout: 20000 });

    const texts = ['重启之前访客说', '重启之前客服说', '重启之后访客说', '重启之后客服说'];
    for (const page of [visitor, agent]) {
      const shown = await page.locator('[data-fl=message]').allTextContents();
      for (const t of texts) {
        assert.equal(shown.filter((s) => s.includes(t)).length, 1, `${t} shown once:\n${shown.join('\n')}`);
      }
    }
    const token = await apiLogin(server.baseUrl, 'admin', ADMIN_PASSWORD);
    const conv = await apiGet(server.baseUrl, token, `/api/conversations/${conversationId}`);
    for (const t of texts) {
      assert.equal(conv.messages.filter((m) => m.text === t).length, 1, `${t} stored once`);
    }
    const seqs = conv.messages.map((m) => m.seq);
    assert.deepEqual(seqs, seqs.map((_, i) => i + 1), 'one seq sequence without gaps');
  } finally {
    await Promise.all([visitorCtx.close(), agentCtx.close()]);
  }
});
