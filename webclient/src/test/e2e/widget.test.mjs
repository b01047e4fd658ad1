// The widget on its own: suggestions and menu, no agent online, the visitor trail, and
// embedding on a page of another origin (in English).
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { useStack, apiLogin, apiGet, staffLogin, watchPage, eventually, pngImage, imageShown, ADMIN_PASSWORD } from './harness.mjs';

const stack = useStack({ before, after, afterEach });

async function openWidget(page, url) {
  await page.goto(url);
  await page.locator('[data-fl=launcher]').click();
  await page.locator('[data-fl=message][data-from=bot]').first().waitFor();
}

test('bot suggestions and menu entries are clickable; no agent online offers to leave a message', async () => {
  const { server, browser, problems } = stack;
  const ctx = await browser.newContext({ locale: 'zh-CN' });
  const page = watchPage(await ctx.newPage(), problems);
  await openWidget(page, `${server.baseUrl}/`);
  const conversationId = await page.locator('[data-fl=message]').first().getAttribute('data-conversation');

  // "Did you mean": clicking a suggestion asks it as the visitor's message.
  await page.locator('[data-fl=input]').fill('宽带');
  await page.locator('[data-fl=send]').click();
  const suggestion = page.locator('[data-fl=suggestion]', { hasText: '宽带坏了怎么报修' });
  await suggestion.waitFor();
  await suggestion.click();
  await page.locator('[data-fl=message][data-from=visitor]', { hasText: '宽带坏了怎么报修' }).waitFor();
  await page.locator('[data-fl=message][data-from=bot]', { hasText: '故障报修' }).waitFor();

  // A menu entry: the server echoes the label as the visitor's choice and the bot follows up.
  const botsBefore = await page.locator('[data-fl=message][data-from=bot]').count();
  await page.locator('[data-fl=menu-item]', { hasText: '业务查询' }).click();
  await page.locator('[data-fl=message][data-from=visitor]', { hasText: '业务查询' }).waitFor();
  await eventually(async () => (await page.locator('[data-fl=message][data-from=bot]').count()) > botsBefore,
    { message: 'bot follow-up to the menu choice' });

  // Nobody online: the leave-a-message spot shows.
  await page.locator('[data-fl=human]').click();
  await page.locator('[data-fl=leave-message]').waitFor();
  assert.equal(await page.locator('[data-fl=human]').isEnabled(), true, 'may ask again later');

  // The trail has the page view (from hello) and the widget_open event.
  const token = await apiLogin(server.baseUrl, 'admin', ADMIN_PASSWORD);
  const conv = await apiGet(server.baseUrl, token, `/api/conversations/${conversationId}`);
  const trail = await eventually(async () => {
    const t = await apiGet(server.baseUrl, token, `/api/visitors/${conv.visitorId}/trail`);
    return t.events.some((e) => e.event === 'widget_open') ? t : null;
  }, { message: 'widget_open in the trail' });
  const names = trail.events.map((e) => e.event);
  assert.ok(names.includes('page_view'), names.join(','));
  assert.ok(names.includes('no_agent'), names.join(','));
  await ctx.close();
});

test('the widget works embedded in a page of another origin, in English when the page is', async () => {
  const { server, browser, problems } = stack;
  // A host site on another origin (127.0.0.1 vs localhost, another port).
  const host = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><title>Host shop</title>
      <script type="module" src="${server.baseUrl}/web/widget/widget.js"></script></head>
      <body><h1>Another site</h1><p id="host-text" style="color: rgb(1, 2, 3)">host</p></body></html>`);
  });
  await new Promise((r) => host.listen(0, '127.0.0.1', r));
  const hostUrl = `http://127.0.0.1:${host.address().port}/`;
  try {
    const ctx = await browser.newContext({ locale: 'en-US' });
    const page = watchPage(await ctx.newPage(), problems);
    await openWidget(page, hostUrl);
    assert.match(await page.locator('[data-fl=launcher]').textContent(), /Chat with us/);
    assert.equal(await page.locator('[data-fl=send]').textContent(), 'Send');
    await page.locator('[data-fl=input]').fill('how do I check my balance 怎么查话费余额');
    await page.locator('[data-fl=input]').press('Enter');
    await page.locator('[data-fl=message][data-from=visitor][data-state=sent]').waitFor();
    await page.locator('[data-fl=message][data-from=bot]').nth(1).waitFor();
    // The widget's styles stay in its shadow root; the host's stay out of it.
    assert.equal(await page.locator('#host-text').evaluate((e) => getComputedStyle(e).color), 'rgb(1, 2, 3)');
    // Images work from another origin too (CORS with the visitor token in a header).
    await page.locator('[data-fl=file-input]').setInputFiles({ name: 'photo.png', mimeType: 'image/png',
      buffer: pngImage(30, 18) });
    await imageShown(page.locator('[data-fl=message][data-from=visitor] [data-fl=file-image]'), 30);
    // Visitor switches to Chinese.
    await page.locator('[data-fl=lang]').click();
    assert.equal(await page.locator('[data-fl=send]').textContent(), '发送');
    await ctx.close();
  } finally {
    host.close();
  }
});

test('a visitor waiting for a busy agent sees the queue position, then the agent', async () => {
  const { server, browser, problems } = stack;
  // The only agent online has room for one chat.
  const admin = await apiLogin(server.baseUrl, 'admin', ADMIN_PASSWORD);
  const r = await fetch(`${server.baseUrl}/api/users`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'solo', password: 'solo-pass-1', displayName: '独行侠', roles: ['agent'],
      groups: ['consult'], maxChats: 1 }),
  });
  assert.equal(r.status, 201, await r.text());
  const agentCtx = await browser.newContext({ locale: 'zh-CN' });
  const agent = watchPage(await agentCtx.newPage(), problems);
  await staffLogin(agent, server.baseUrl, '/console', 'solo', 'solo-pass-1');
  await agent.waitForFunction(() => document.querySelector('[data-fl=status]').dataset.confirmed === 'online');

  const visitors = [];
  for (let i = 0; i < 2; i++) {
    const ctx = await browser.newContext({ locale: 'zh-CN' });
    const page = watchPage(await ctx.newPage(), problems);
    await openWidget(page, `${server.baseUrl}/`);
    await page.locator('[data-fl=human]').click();
    visitors.push({ ctx, page });
  }
  const [first, second] = visitors.map((v) => v.page);
  await first.locator('[data-fl=notice]', { hasText: '独行侠' }).waitFor();
  const queue = second.locator('[data-fl=queue]');
  await queue.waitFor();
  assert.equal(await queue.getAttribute('data-position'), '1');
  assert.match(await queue.textContent(), /下一位/);
  assert.equal(await second.locator('[data-fl=human]').isDisabled(), true);

  // The first chat ends; the waiting visitor gets the agent.
  await agent.locator('[data-fl=chat-pane] [data-fl=close]').click();
  await second.locator('[data-fl=notice]', { hasText: '独行侠' }).waitFor();
  await queue.waitFor({ state: 'hidden' });
  await Promise.all([agentCtx.close(), ...visitors.map((v) => v.ctx.close())]);
});

test('the widget\'s self-service panel: categories, search as you type, an answer counted as a click, in the trail', async () => {
  const { server, browser, problems } = stack;
  const ctx = await browser.newContext({ locale: 'zh-CN' });
  const page = watchPage(await ctx.newPage(), problems);
  await openWidget(page, `${server.baseUrl}/`);
  const conversationId = await page.locator('[data-fl=message]').first().getAttribute('data-conversation');
  await page.locator('[data-fl=kb-open]').click();
  await page.locator('[data-fl=kb-panel]').waitFor();
  await page.locator('[data-fl=kb-category]').first().waitFor();
  await page.locator('[data-fl=kb-search]').fill('流量');
  const entry = page.locator('[data-fl=kb-entry]', { hasText: '剩余流量' }).first();
  await entry.waitFor();
  const faqId = await entry.getAttribute('data-faq');
  await entry.click();
  await page.locator('[data-fl=kb-answer]').waitFor();
  assert.match(await page.locator('[data-fl=kb-answer]').innerText(), /CXLL|流量/);
  const token = await apiLogin(server.baseUrl, 'admin', ADMIN_PASSWORD);
  const kb = await eventually(async () => {
    const r = await fetch(`${server.baseUrl}/api/kb/entries/${faqId}`);
    const e = await r.json();
    return e.clicks >= 1 ? e : null;
  }, { message: 'the click is counted' });
  assert.equal(kb.id, faqId);
  const conv = await apiGet(server.baseUrl, token, `/api/conversations/${conversationId}`);
  const trail = await eventually(async () => {
    const t = await apiGet(server.baseUrl, token, `/api/visitors/${conv.visitorId}/trail`);
    const names = t.events.map((e) => e.event);
    return names.includes('kb_view') && names.includes('kb_search') ? names : null;
  }, { message: 'kb_search and kb_view in the trail' });
  assert.ok(trail.includes('kb_open'), trail.join(','));
  await ctx.close();
});
