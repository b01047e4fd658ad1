// The console's work lists: work orders with their assignee (an agent takes one, a supervisor
// gives it to another agent, "mine only"), and the queue of the agent's groups.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, apiLogin, apiSend, createUser, staffConsole, watchPage, trace, ADMIN_PASSWORD } from './harness.mjs';

const stack = useStack({ before, after, afterEach }, { FRONTLINE_DEMO: '0' });
const PASS = 'agent-pass-e2e';
const ids = {};
let admin = null;

/** ana and ben serve consult (ana one chat at a time); sam supervises. */
async function people() {
  if (admin) {
    return;
  }
  const { baseUrl } = stack.server;
  admin = await apiLogin(baseUrl, 'admin', ADMIN_PASSWORD);
  ids.ana = await createUser(baseUrl, admin, { username: 'ana', password: PASS, displayName: '安娜', roles: ['agent'],
    groups: ['consult'], maxChats: 1 });
  ids.ben = await createUser(baseUrl, admin, { username: 'ben', password: PASS, displayName: '本杰明', roles: ['agent'],
    groups: ['consult'], maxChats: 3 });
  ids.sam = await createUser(baseUrl, admin, { username: 'sam', password: PASS, displayName: '萨姆主管',
    roles: ['supervisor'], groups: [], maxChats: 3 });
}

async function visitorPage() {
  const ctx = await stack.browser.newContext({ locale: 'zh-CN' });
  const page = watchPage(await ctx.newPage(), stack.problems);
  await page.goto(`${stack.server.baseUrl}/`);
  await page.locator('[data-fl=launcher]').click();
  await page.locator('[data-fl=message][data-from=bot]').first().waitFor();
  const conversationId = await page.locator('[data-fl=message]').first().getAttribute('data-conversation');
  return { ctx, page, conversationId };
}

test('an agent takes a work order, a supervisor gives it to another agent; the console shows who has it and "mine"', async () => {
  await people();
  const v = await visitorPage();
  await v.page.locator('[data-fl=leave-open]').click();
  await v.page.locator('[data-fl=leave-text]').fill('想办理宽带移机，请联系我');
  await v.page.locator('[data-fl=leave-phone]').fill('13900139000');
  await v.page.locator('[data-fl=leave-submit]').click();
  const ticketId = await v.page.locator('[data-fl=ticket]').first().getAttribute('data-ticket');
  assert.ok(ticketId);
  trace('ticket left');

  const a = await staffConsole(stack, 'ana', PASS);
  await a.page.locator('[data-fl=tab][data-tab=tickets]').click();
  const row = a.page.locator(`[data-fl=ticket-row][data-ticket="${ticketId}"]`);
  await row.waitFor();
  assert.equal(await row.locator('[data-fl=ticket-assignee]').textContent(), '未指派');
  assert.match(await row.textContent(), /咨询/);
  // Keyboard only: open the ticket and take it.
  await row.locator('[data-fl=ticket-open]').focus();
  await a.page.keyboard.press('Enter');
  const detail = a.page.locator(`[data-fl=ticket-detail][data-ticket="${ticketId}"]`);
  await detail.locator('[data-fl=ticket-take]').focus();
  await a.page.keyboard.press('Enter');
  await detail.locator(`[data-fl=ticket-detail-assignee][data-assignee="${ids.ana}"]`).waitFor();
  assert.equal(await detail.locator('[data-fl=ticket-detail-assignee]').textContent(), '安娜（我）');
  assert.equal(await detail.locator('[data-fl=ticket-take]').count(), 0, 'nothing to take any more');
  assert.equal(await detail.locator('[data-fl=ticket-assign-select]').count(), 0, 'an agent gives no tickets away');
  await row.locator(`[data-fl=ticket-assignee][data-assignee="${ids.ana}"]`).waitFor();
  const mineLoaded = a.page.waitForResponse((r) => r.url().includes('assignee=me') && r.ok());
  await a.page.locator('[data-fl=ticket-mine]').check();
  await mineLoaded;
  await row.waitFor();
  trace('ana took it');

  // The supervisor gives it to ben.
  const s = await staffConsole(stack, 'sam', PASS);
  await s.page.locator('[data-fl=tab][data-tab=tickets]').click();
  const samRow = s.page.locator(`[data-fl=ticket-row][data-ticket="${ticketId}"]`);
  await samRow.locator('[data-fl=ticket-assignee]', { hasText: '安娜' }).waitFor();
  await samRow.locator('[data-fl=ticket-open]').click();
  const samDetail = s.page.locator(`[data-fl=ticket-detail][data-ticket="${ticketId}"]`);
  await samDetail.locator('[data-fl=ticket-assign-select]').selectOption(String(ids.ben));
  await samDetail.locator('[data-fl=ticket-assign]').click();
  await samDetail.locator(`[data-fl=ticket-detail-assignee][data-assignee="${ids.ben}"]`).waitFor();
  assert.equal(await samDetail.locator('[data-fl=ticket-detail-assignee]').textContent(), '本杰明');
  await samRow.locator('[data-fl=ticket-assignee]', { hasText: '本杰明' }).waitFor();

  // The server says the same; ana's "mine" no longer holds it, her group's list shows ben.
  const ticket = (await apiSend(stack.server.baseUrl, admin, 'GET', `/api/tickets/${ticketId}`)).body;
  assert.equal(ticket.assigneeId, ids.ben);
  assert.equal(ticket.assignee, '本杰明');
  await a.page.locator('[data-fl=ticket-reload]').click();
  await row.waitFor({ state: 'detached' });
  await a.page.locator('[data-fl=ticket-mine]').uncheck();
  await row.locator('[data-fl=ticket-assignee]', { hasText: '本杰明' }).waitFor();
  await Promise.all([v.ctx.close(), a.ctx.close(), s.ctx.close()]);
});

test('an agent at capacity sees the visitor waiting in its group, with the wait, until the visitor is assigned', async () => {
  await people();
  const a = await staffConsole(stack, 'ana', PASS);
  const queue = a.page.locator('[data-fl=agent-queue]');
  await a.page.locator('[data-fl=queue-empty]').waitFor();
  assert.equal(await a.page.locator('[data-fl=queue-count]').textContent(), '0');

  const first = await visitorPage();
  await first.page.locator('[data-fl=human]').click();
  await first.page.locator('[data-fl=notice]', { hasText: '已接入' }).waitFor();
  await a.page.locator(`[data-fl=chat][data-conversation="${first.conversationId}"]`).waitFor();

  // ana has no room left: the next visitor waits, and her queue shows it.
  const second = await visitorPage();
  await second.page.locator('[data-fl=human]').click();
  await second.page.locator('[data-fl=queue][data-position="1"]').waitFor();
  const item = queue.locator(`[data-fl=queue-item][data-conversation="${second.conversationId}"]`);
  await item.waitFor({ timeout: 8000 });
  assert.equal(await a.page.locator('[data-fl=queue-count]').textContent(), '1');
  assert.equal(await a.page.locator('[data-fl=queue-empty]').isVisible(), false);
  assert.match(await item.textContent(), /咨询/);
  const wait = item.locator('[data-fl=queue-wait]');
  assert.match(await wait.textContent(), /^等待 \d+s$/);
  const before = await wait.textContent();
  await a.page.waitForFunction((b) => document.querySelector('[data-fl=queue-wait]').textContent !== b, before);
  trace('queued visitor shown');

  // ana ends the first chat: the waiting visitor comes to her and leaves the queue.
  await a.page.locator(`[data-fl=chat][data-conversation="${first.conversationId}"]`).click();
  await a.page.locator('[data-fl=chat-pane] [data-fl=close]').click();
  await a.page.locator(`[data-fl=chat][data-conversation="${second.conversationId}"]`).waitFor();
  await item.waitFor({ state: 'detached' });
  assert.equal(await a.page.locator('[data-fl=queue-count]').textContent(), '0');
  await Promise.all([a.ctx.close(), first.ctx.close(), second.ctx.close()]);
});
