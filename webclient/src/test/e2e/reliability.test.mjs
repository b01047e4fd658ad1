// The widget's delivery guarantees, with the visitor's WebSocket routed through a switch that
// can swallow frames and drop or refuse connections; and that chat text is never markup.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, chatWithAgent as openChat, apiLogin, apiGet, watchPage, trace, ADMIN_PASSWORD } from './harness.mjs';

const stack = useStack({ before, after, afterEach });

/**
 * Routes the context's /ws/visitor through a switch. mode: 'pass' (normal), 'blackhole'
 * (both directions swallowed, the socket looks open), 'deaf' (the server gets the visitor's
 * frames, the visitor gets nothing back), 'refuse' (new connections are closed at once).
 */
async function networkSwitch(target) {
  const sw = { mode: 'pass', links: [] };
  await target.routeWebSocket(/\/ws\/visitor$/, (page) => {
    if (sw.mode === 'refuse') {
      page.close({ code: 4000, reason: 'test: network down' });
      return;
    }
    const server = page.connectToServer();
    sw.links.push({ page, server });
    page.onMessage((m) => { if (sw.mode === 'pass' || sw.mode === 'deaf') server.send(m); });
    server.onMessage((m) => { if (sw.mode === 'pass') page.send(m); });
    page.onClose(() => server.close());
    server.onClose(() => page.close());
  });
  sw.cut = () => {
    for (const l of sw.links.splice(0)) {
      l.page.close({ code: 4001, reason: 'test: cut' });
      l.server.close();
    }
  };
  return sw;
}

/** A visitor on / in a chat with agent1 (who is in the console). */
async function chatWithAgent(stack) {
  const { server, browser, problems } = stack;
  const visitorCtx = await browser.newContext({ locale: 'zh-CN' });
  const agentCtx = await browser.newContext({ locale: 'zh-CN' });
  const sw = await networkSwitch(visitorCtx);
  const visitor = watchPage(await visitorCtx.newPage(), problems);
  const agent = watchPage(await agentCtx.newPage(), problems);
  const conversationId = await openChat(visitor, agent, server.baseUrl);
  return { visitorCtx, agentCtx, visitor, agent, sw, conversationId, close: () => Promise.all([visitorCtx.close(), agentCtx.close()]) };
}

async function visitorSends(visitor, text) {
  await visitor.locator('[data-fl=input]').fill(text);
  await visitor.locator('[data-fl=input]').press('Enter');
}

test('a message sent into a dead connection is delivered once after the reconnect', async () => {
  const c = await chatWithAgent(stack);
  const { visitor, agent, sw } = c;

  trace('chat ready');
  // 1. The connection silently swallows everything: the message stays pending.
  sw.mode = 'blackhole';
  await visitorSends(visitor, '断线期间发送的第一条');
  const mine = visitor.locator('[data-fl=message][data-from=visitor]', { hasText: '断线期间发送的第一条' });
  await mine.waitFor();
  assert.equal(await mine.getAttribute('data-state'), 'pending');

  trace('1 done');
  // 2. The network goes down: the socket dies and reconnects are refused for a while.
  sw.mode = 'refuse';
  sw.cut();
  await visitor.locator('[data-fl=connection]').waitFor({ state: 'visible' });
  await visitorSends(visitor, '断线期间发送的第二条');
  await new Promise((r) => setTimeout(r, 1200));
  assert.equal(await agent.locator('[data-fl=message]', { hasText: '断线期间发送的' }).count(), 0,
    'nothing reached the agent while down');

  trace('2 done');
  // 3. Back up: both are delivered, in order, exactly once, and marked sent.
  sw.mode = 'pass';
  await agent.locator('[data-fl=message][data-from=visitor]', { hasText: '断线期间发送的第二条' }).waitFor({ timeout: 20000 });
  await visitor.locator('[data-fl=message][data-from=visitor][data-state=sent]', { hasText: '断线期间发送的第二条' }).waitFor();
  assert.equal(await mine.getAttribute('data-state'), 'sent');
  await visitor.locator('[data-fl=connection]').waitFor({ state: 'hidden' });
  const agentTexts = await agent.locator('[data-fl=message][data-from=visitor]').allTextContents();
  assert.equal(agentTexts.filter((t) => t.includes('断线期间发送的第一条')).length, 1, agentTexts.join('\n'));
  assert.equal(agentTexts.filter((t) => t.includes('断线期间发送的第二条')).length, 1, agentTexts.join('\n'));
  const first = agentTexts.findIndex((t) => t.includes('第一条'));
  const second = agentTexts.findIndex((t) => t.includes('第二条'));
  assert.ok(first < second, 'sent order kept');

  trace('3 done');
  // 4. The server stored the message, but the ack never came back: the resend after the
  //    reconnect is recognised by its clientId, and nobody sees it twice.
  sw.mode = 'deaf';
  await visitorSends(visitor, '回执丢失的消息');
  await agent.locator('[data-fl=message][data-from=visitor]', { hasText: '回执丢失的消息' }).waitFor();
  const lost = visitor.locator('[data-fl=message][data-from=visitor]', { hasText: '回执丢失的消息' });
  assert.equal(await lost.getAttribute('data-state'), 'pending');
  sw.cut();
  sw.mode = 'pass';
  await visitor.locator('[data-fl=message][data-from=visitor][data-state=sent]', { hasText: '回执丢失的消息' }).waitFor({ timeout: 20000 });
  await agent.locator('[data-fl=input]').fill('收到');
  await agent.locator('[data-fl=input]').press('Enter');
  await visitor.locator('[data-fl=message][data-from=agent]', { hasText: '收到' }).waitFor();
  assert.equal(await visitor.locator('[data-fl=message]', { hasText: '回执丢失的消息' }).count(), 1);
  assert.equal(await agent.locator('[data-fl=message]', { hasText: '回执丢失的消息' }).count(), 1);

  trace('4 done');
  // 5. Stored once each.
  const token = await apiLogin(stack.server.baseUrl, 'admin', ADMIN_PASSWORD);
  const conv = await apiGet(stack.server.baseUrl, token, `/api/conversations/${c.conversationId}`);
  for (const text of ['断线期间发送的第一条', '断线期间发送的第二条', '回执丢失的消息']) {
    assert.equal(conv.messages.filter((m) => m.text === text).length, 1, `${text} stored once`);
  }

  trace('5 done');
  // 6. A page reload shows the same chat (from the cache and the replay), nothing twice.
  const before = await visitor.locator('[data-fl=message]').allTextContents();
  await visitor.reload();
  await visitor.locator('[data-fl=message][data-from=agent]', { hasText: '收到' }).waitFor();
  await agent.locator('[data-fl=input]').fill('刷新之后');
  await agent.locator('[data-fl=input]').press('Enter');
  await visitor.locator('[data-fl=message][data-from=agent]', { hasText: '刷新之后' }).waitFor();
  const afterReload = await visitor.locator('[data-fl=message]').allTextContents();
  assert.deepEqual(afterReload.slice(0, before.length).map(strip), before.map(strip));
  assert.equal(afterReload.length, before.length + 1, afterReload.join('\n'));
  await agent.locator('[data-fl=chat-pane] [data-fl=close]').click();
  await visitor.locator('[data-fl=rate]').waitFor();
  trace('6 done');
  await c.close();
});

function strip(t) {
  return t.replace(/\d\d:\d\d/g, '');
}

test('chat text is shown as text, never as markup; plain http(s) links become safe links', async () => {
  const c = await chatWithAgent(stack);
  const { visitor, agent } = c;
  const dialogs = [];
  visitor.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  agent.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });

  const evil = '<img src=x onerror=alert(1)>';
  await visitorSends(visitor, evil);
  const atAgent = agent.locator('[data-fl=message][data-from=visitor]', { hasText: evil });
  await atAgent.waitFor();
  assert.equal(await atAgent.locator('img').count(), 0);
  const atVisitor = visitor.locator('[data-fl=message][data-from=visitor]', { hasText: evil });
  assert.equal(await atVisitor.locator('img').count(), 0);

  await agent.locator('[data-fl=input]').fill('<b>粗体</b> 详情见 https://example.com/plan?id=5&x=<script>，或 javascript:alert(2)');
  await agent.locator('[data-fl=input]').press('Enter');
  const reply = visitor.locator('[data-fl=message][data-from=agent]', { hasText: '<b>粗体</b>' });
  await reply.waitFor();
  assert.equal(await reply.locator('b, script').count(), 0);
  const links = reply.locator('a');
  assert.equal(await links.count(), 1);
  assert.equal(await links.getAttribute('href'), 'https://example.com/plan?id=5&x=');
  assert.equal(await links.getAttribute('target'), '_blank');
  assert.match(await links.getAttribute('rel'), /noopener/);
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(dialogs, []);
  await c.close();
});

test('a tab that was offline while another tab ended the chat and began a new one catches up fully', async () => {
  const { server, browser, problems } = stack;
  const ctx = await browser.newContext({ locale: 'zh-CN' });
  const a = watchPage(await ctx.newPage(), problems);
  const sw = await networkSwitch(a);
  await a.goto(`${server.baseUrl}/`);
  await a.locator('[data-fl=launcher]').click();
  for (const q of ['怎么查话费余额', '携号转网怎么办']) {
    await visitorSends(a, q);
    await a.locator('[data-fl=message][data-from=visitor][data-state=sent]', { hasText: q }).waitFor();
  }
  await a.locator('[data-fl=message][data-seq="5"]').waitFor();
  const first = await a.locator('[data-fl=message]').first().getAttribute('data-conversation');

  // Tab A loses its connection; tab B (same visitor) ends the chat and starts a longer one.
  sw.mode = 'refuse';
  sw.cut();
  const b = watchPage(await ctx.newPage(), problems);
  await b.goto(`${server.baseUrl}/`);
  await b.locator('[data-fl=message][data-seq="5"]').waitFor();
  await b.locator('[data-fl=close]').click();
  await b.locator('[data-fl=rate]').waitFor();
  for (const q of ['怎么查流量', '宽带坏了怎么报修？', '话费余额在哪看']) {
    await visitorSends(b, q);
    await b.locator('[data-fl=message][data-from=visitor][data-state=sent]', { hasText: q }).waitFor();
  }
  await b.locator('[data-fl=message][data-from=bot][data-seq="7"]').waitFor();
  const second = await b.locator('[data-fl=message][data-from=visitor]').last().getAttribute('data-conversation');
  assert.notEqual(second, first);

  // Tab A comes back with a lastSeq (5) of the old conversation: it must still show all of the
  // new one, each message once (the server replays from that seq; the widget repairs the gap).
  sw.mode = 'pass';
  await a.locator(`[data-fl=message][data-conversation="${second}"][data-seq="1"]`).waitFor({ timeout: 20000 });
  await a.locator(`[data-fl=message][data-conversation="${second}"][data-seq="7"]`).waitFor();
  const seqs = await a.locator(`[data-fl=message][data-conversation="${second}"]`)
    .evaluateAll((els) => els.map((e) => Number(e.dataset.seq)));
  assert.deepEqual(seqs, [1, 2, 3, 4, 5, 6, 7]);
  // One divider, between the two conversations.
  const layout = await a.locator('[data-fl=log] > li').evaluateAll((els) => els.map((e) =>
    (e.dataset.fl === 'divider' ? '|' : `${e.dataset.conversation}:${e.dataset.seq}`)));
  const cut = layout.indexOf('|');
  assert.equal(layout.filter((x) => x === '|').length, 1, layout.join(' '));
  assert.ok(layout.slice(0, cut).every((x) => x.startsWith(`${first}:`)), layout.join(' '));
  assert.ok(layout.slice(cut + 1).every((x) => x.startsWith(`${second}:`)), layout.join(' '));
  await ctx.close();
});
