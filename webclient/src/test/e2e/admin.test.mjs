// The admin page (/admin): an admin sets up a group, a menu entry leading to it and an agent of
// that group; the agent logs into the console and gets the chat of a visitor who picks the entry.
// Settings stay changed after a reload; a refused input is shown at its field and nothing typed is
// lost; non-admins cannot use the page.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, staffLogin, consoleOnline, watchPage, apiLogin, apiGet, apiSend, ADMIN_PASSWORD }
  from './harness.mjs';

const stack = useStack({ before, after, afterEach });

async function adminPage(hash = '') {
  const ctx = await stack.browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 900 } });
  const page = watchPage(await ctx.newPage(), stack.problems);
  await staffLogin(page, stack.server.baseUrl, `/admin${hash}`, 'admin', ADMIN_PASSWORD);
  await page.locator('body[data-ready=true]').waitFor();
  return { ctx, page };
}

/** The browser reports the API's refusals (400, 409) as console errors: expected where a test provokes them. */
function expectRefusals(...statuses) {
  const { problems } = stack;
  assert.ok(problems.every((p) => statuses.some((s) => p.includes(`status of ${s}`))), problems.join('\n'));
  problems.length = 0;
}

test('an admin creates a group, a menu entry and an agent; the agent logs in and gets the chat', async () => {
  const { server, browser, problems } = stack;
  const { ctx, page } = await adminPage();

  // A group for VIP customers.
  await page.locator('[data-fl=tab][data-panel=groups]').click();
  await page.locator('[data-fl=group-new-id]').fill('vip');
  await page.locator('[data-fl=group-new-name]').fill('VIP 专席');
  await page.locator('[data-fl=group-create]').click();
  await page.locator('[data-fl=group][data-group=vip]').waitFor();

  // A menu entry that goes straight to a person of that group.
  await page.locator('[data-fl=tab][data-panel=menu]').click();
  const entries = page.locator('[data-fl=menu-entry]');
  const before = await entries.count();
  assert.ok(before >= 8, `the default menu is shown (${before} entries)`);
  await page.locator('[data-fl=menu-add]').click();
  const added = entries.nth(before);
  await added.locator('[data-fl=menu-id]').fill('vip');
  await added.locator('[data-fl=menu-label]').fill('VIP 服务');
  await added.locator('[data-fl=menu-label-en]').fill('VIP service');
  await added.locator('[data-fl=menu-group]').selectOption('vip');
  await added.locator('[data-fl=menu-direct]').check();
  // Moved to the top.
  for (let i = 0; i < before; i++) {
    await entries.nth(before - i).locator('[data-fl=menu-up]').click();
  }
  await page.locator('[data-fl=menu-save]').click();
  await page.locator('[data-fl=menu-saved]:not([hidden])').waitFor();
  const menu = (await (await fetch(`${server.baseUrl}/api/menu`)).json()).menu;
  assert.deepEqual({ ...menu[0], position: undefined },
    { id: 'vip', label: 'VIP 服务', labelEn: 'VIP service', position: undefined, groupId: 'vip', faqCategory: null,
      directToPerson: true });
  assert.equal(menu.length, before + 1);

  // An agent: first a user name the server refuses, shown at the field with everything else kept.
  await page.locator('[data-fl=tab][data-panel=users]').click();
  await page.locator('[data-fl=user-new]').click();
  await page.locator('[data-fl=user-username]').fill('vip agent!');
  await page.locator('[data-fl=user-display-name]').fill('贵宾坐席');
  await page.locator('[data-fl=user-password]').fill('vip-pass-123');
  await page.locator('[data-fl=user-groups]').selectOption(['vip']);
  await page.locator('[data-fl=user-max-chats]').fill('2');
  await page.locator('[data-fl=user-save]').click();
  const usernameError = page.locator('[data-fl=user-form] [data-error-for=username]:not([hidden])');
  await usernameError.waitFor();
  assert.match(await usernameError.textContent(), /username/);
  assert.equal(await page.locator('[data-fl=user-username]').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('[data-fl=user-display-name]').inputValue(), '贵宾坐席');
  assert.equal(await page.locator('[data-fl=user-password]').inputValue(), 'vip-pass-123');
  assert.equal(await page.locator('[data-fl=user-max-chats]').inputValue(), '2');
  expectRefusals(400);
  await page.locator('[data-fl=user-username]').fill('vipagent');
  await page.locator('[data-fl=user-save]').click();
  const row = page.locator('[data-fl=user][data-username=vipagent]');
  await row.waitFor();
  assert.match(await row.textContent(), /VIP 专席/);
  assert.equal(await row.locator('[data-fl=user-max-chats-cell]').textContent(), '2');
  const admin = await apiLogin(server.baseUrl, 'admin', ADMIN_PASSWORD);
  const created = (await apiGet(server.baseUrl, admin, '/api/users')).users.find((u) => u.username === 'vipagent');
  assert.deepEqual([created.roles, created.groups, created.maxChats, created.displayName],
    [['agent'], ['vip'], 2, '贵宾坐席']);

  // The agent logs into the console; a visitor picks the VIP entry and the chat reaches the agent.
  const agentCtx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 900 } });
  const agent = watchPage(await agentCtx.newPage(), problems);
  await consoleOnline(agent, server.baseUrl, 'vipagent', 'vip-pass-123');
  const visitorCtx = await browser.newContext({ locale: 'zh-CN' });
  const visitor = watchPage(await visitorCtx.newPage(), problems);
  await visitor.goto(`${server.baseUrl}/`);
  await visitor.locator('[data-fl=launcher]').click();
  await visitor.locator('[data-fl=menu-item]', { hasText: 'VIP 服务' }).first().click();
  const chat = agent.locator('[data-fl=chat]');
  await chat.first().waitFor({ timeout: 15000 });
  const conversationId = await chat.first().getAttribute('data-conversation');
  await chat.first().click();
  await agent.locator('[data-fl=input]').fill('您好，贵宾专席为您服务');
  await agent.locator('[data-fl=send]').click();
  await visitor.locator('[data-fl=message][data-from=agent]', { hasText: '贵宾专席' }).waitFor();
  const conversation = await apiGet(server.baseUrl, admin, `/api/conversations/${conversationId}`);
  assert.equal(conversation.group, 'vip');
  assert.equal(conversation.agentId, created.id);

  await Promise.all([agentCtx.close(), visitorCtx.close()]);

  // Disabled on /admin, the account can no longer log in.
  await page.locator('[data-fl=user][data-username=vipagent] [data-fl=user-edit]').click();
  await page.locator('[data-fl=user-disabled]').check();
  await page.locator('[data-fl=user-save]').click();
  await page.locator('[data-fl=user][data-username=vipagent][data-disabled=true]').waitFor();
  const refused = await fetch(`${server.baseUrl}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'vipagent', password: 'vip-pass-123' }) });
  assert.equal(refused.status, 401, 'a disabled account cannot log in');
  await ctx.close();
});

test('an admin changes settings; they are kept after a reload; a refused value stays where it was typed', async () => {
  const { server } = stack;
  const { ctx, page } = await adminPage('#settings');
  const target = page.locator('[data-fl=setting][data-setting=firstResponseTargetSeconds]');
  const queue = page.locator('[data-fl=setting][data-setting=alertQueueLength]');
  const review = page.locator('[data-fl=setting][data-setting=faqReview]');
  assert.equal(await target.inputValue(), '30');
  assert.equal(await review.isChecked(), true);

  // A bad value is refused at its field; the other edits stay.
  await target.fill('45');
  await queue.fill('-2');
  await review.uncheck();
  await page.locator('[data-fl=settings-save]').click();
  await page.locator('[data-fl=settings-form] [data-error-for=alertQueueLength]:not([hidden])').waitFor();
  assert.equal(await queue.getAttribute('aria-invalid'), 'true');
  assert.equal(await target.inputValue(), '45');
  assert.equal(await review.isChecked(), false);
  await queue.fill('5');
  await page.locator('[data-fl=settings-save]').click();
  await page.locator('[data-fl=settings-saved]:not([hidden])').waitFor();

  await page.reload();
  await page.locator('body[data-ready=true]').waitFor();
  assert.equal(await page.locator('[data-fl=panel][data-panel=settings]').isVisible(), true, 'the tab is kept');
  assert.equal(await target.inputValue(), '45');
  assert.equal(await queue.inputValue(), '5');
  assert.equal(await review.isChecked(), false);
  const admin = await apiLogin(server.baseUrl, 'admin', ADMIN_PASSWORD);
  const settings = await apiGet(server.baseUrl, admin, '/api/settings');
  assert.deepEqual([settings.firstResponseTargetSeconds, settings.alertQueueLength, settings.faqReview], [45, 5, false]);

  // English, without losing what is typed.
  await target.fill('50');
  await page.locator('.bar [data-fl=lang]').click();
  assert.equal(await page.locator('[data-fl=settings-save]').textContent(), 'Save');
  assert.equal(await target.inputValue(), '50');
  await page.locator('.bar [data-fl=lang]').click();
  await ctx.close();
});

test('the audit list shows an unmasked export', async () => {
  const { server } = stack;
  const admin = await apiLogin(server.baseUrl, 'admin', ADMIN_PASSWORD);
  const now = Date.now();
  const r = await fetch(`${server.baseUrl}/api/trajectory/export?from=${now - 3600000}&to=${now}&unmasked=true`,
    { headers: { authorization: `Bearer ${admin}` } });
  await r.text();
  assert.equal(r.status, 200);
  const { ctx, page } = await adminPage('#audit');
  const row = page.locator('[data-fl=audit-row][data-action=export_unmasked]').first();
  await row.waitFor();
  assert.match(await row.textContent(), /admin/);
  await ctx.close();
});

test('a non-admin cannot use /admin: the login refuses, a session from another page is told why', async () => {
  const { server, browser, problems } = stack;
  const ctx = await browser.newContext({ locale: 'zh-CN' });
  const page = watchPage(await ctx.newPage(), problems);
  await staffLogin(page, server.baseUrl, '/admin', 'supervisor');
  await page.locator('[data-fl=login-error]', { hasText: '无权' }).waitFor();
  assert.equal(await page.locator('#app').isVisible(), false);

  // Logged in on /supervisor, then /admin: refused with the account's name, nothing of the page shown.
  await staffLogin(page, server.baseUrl, '/supervisor', 'supervisor');
  await page.locator('#app:not([hidden])').waitFor();
  await page.goto(`${server.baseUrl}/admin`);
  await page.locator('[data-fl=login-error]', { hasText: 'supervisor' }).waitFor();
  assert.equal(await page.locator('#app').isVisible(), false);
  assert.equal(await page.locator('[data-fl=users] [data-fl=user]').count(), 0);

  // And the API refuses a supervisor's changes.
  const sup = await apiLogin(server.baseUrl, 'supervisor', 'demo1234');
  assert.equal((await apiSend(server.baseUrl, sup, 'PUT', '/api/settings', { fcrWindowHours: 1 })).status, 403);
  assert.equal((await apiSend(server.baseUrl, sup, 'POST', '/api/users',
    { username: 'x1', password: 'abcdefgh1', roles: ['admin'] })).status, 403);
  await ctx.close();
});
