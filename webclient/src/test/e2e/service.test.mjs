// Human service with two agents: three visitors, a transfer from one agent to the other with a
// note, images both ways, a rating with its comment; and canned responses inserted with "/".
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, apiLogin, apiSend, createUser, staffConsole, watchPage, eventually, pngImage, imageShown, trace,
  ADMIN_PASSWORD } from './harness.mjs';

const stack = useStack({ before, after, afterEach }, { FRONTLINE_DEMO: '0' });
const PASS = 'agent-pass-e2e';
let admin = null;

/** Two agents: alice serves consult, bob serves consult and vip (where transfers go). */
async function agents() {
  if (admin) {
    return;
  }
  const { baseUrl } = stack.server;
  admin = await apiLogin(baseUrl, 'admin', ADMIN_PASSWORD);
  const g = await apiSend(baseUrl, admin, 'POST', '/api/groups', { id: 'vip', name: '贵宾服务' });
  assert.equal(g.status, 201, JSON.stringify(g.body));
  await createUser(baseUrl, admin, { username: 'alice', password: PASS, displayName: '艾丽', roles: ['agent'],
    groups: ['consult'], maxChats: 5 });
  await createUser(baseUrl, admin, { username: 'bob', password: PASS, displayName: '鲍勃', roles: ['agent'],
    groups: ['consult', 'vip'], maxChats: 5 });
}

function agentConsole(username) {
  return staffConsole(stack, username, PASS);
}

/** A visitor who says something and asks for a person; resolves once an agent took it. */
async function visitorWithAgent(n) {
  const ctx = await stack.browser.newContext({ locale: 'zh-CN' });
  const page = watchPage(await ctx.newPage(), stack.problems);
  await page.goto(`${stack.server.baseUrl}/`);
  await page.locator('[data-fl=launcher]').click();
  await page.locator('[data-fl=message][data-from=bot]').first().waitFor();
  const conversationId = await page.locator('[data-fl=message]').first().getAttribute('data-conversation');
  await page.locator('[data-fl=input]').fill(`我是第${n}位访客`);
  await page.locator('[data-fl=input]').press('Enter');
  await page.locator('[data-fl=message][data-from=visitor][data-state=sent]').waitFor();
  await page.locator('[data-fl=human]').click();
  await page.locator('[data-fl=notice]', { hasText: '已接入' }).waitFor();
  return { ctx, page, conversationId, n };
}

test('two agents serve three visitors; a chat moves from A to B with its history and note; images both ways; rating and comment', async () => {
  await agents();
  const [a, b] = await Promise.all([agentConsole('alice'), agentConsole('bob')]);
  trace('agents online');
  const visitors = [];
  for (const n of [1, 2, 3]) {
    visitors.push(await visitorWithAgent(n));
  }
  trace('three visitors assigned');
  // Each chat is in exactly one console.
  const holder = async (v) => {
    const sel = `[data-fl=chat][data-conversation="${v.conversationId}"]`;
    return eventually(async () => ((await a.page.locator(sel).count()) ? a : (await b.page.locator(sel).count()) ? b : null),
      { message: `console holding visitor ${v.n}` });
  };
  const holders = [];
  for (const v of visitors) {
    holders.push(await holder(v));
  }
  assert.ok(holders.includes(a) && holders.includes(b), 'both agents serve');
  assert.equal(await a.page.locator('[data-fl=chat]').count() + await b.page.locator('[data-fl=chat]').count(), 3);

  // A chat of alice's: she answers, the visitor sends an image, she sees it rendered.
  const v = visitors[holders.indexOf(a)];
  const chatSel = `[data-fl=chat][data-conversation="${v.conversationId}"]`;
  await a.page.locator(chatSel).click();
  await a.page.locator('[data-fl=input]').fill('您好，我是艾丽，请把故障截图发给我');
  await a.page.locator('[data-fl=input]').press('Enter');
  await v.page.locator('[data-fl=message][data-from=agent]', { hasText: '艾丽' }).waitFor();
  await v.page.locator('[data-fl=file-input]').setInputFiles({ name: '故障截图.png', mimeType: 'image/png',
    buffer: pngImage(40, 24) });
  await imageShown(v.page.locator('[data-fl=message][data-from=visitor] [data-fl=file-image]'), 40);
  await imageShown(a.page.locator('[data-fl=chat-pane] [data-fl=message][data-from=visitor] [data-fl=file-image]'), 40);
  trace('visitor image at alice');

  // Refused files: a clear error, nothing sent.
  await v.page.locator('[data-fl=file-input]').setInputFiles({ name: 'setup.exe', mimeType: 'application/x-msdownload',
    buffer: Buffer.from('MZ\x90\x00binary') });
  await v.page.locator('[data-fl=upload-error]', { hasText: '不支持的文件类型' }).waitFor();
  await v.page.locator('[data-fl=file-input]').setInputFiles({ name: 'big.png', mimeType: 'image/png',
    buffer: Buffer.alloc(10 * 1024 * 1024 + 1, 1) });
  await v.page.locator('[data-fl=upload-error]', { hasText: '10 MB' }).waitFor();
  assert.equal(await v.page.locator('[data-fl=message] [data-fl=file]').count(), 1);

  // Alice transfers it to the vip group (only bob) with a note.
  await a.page.locator('[data-fl=chat-pane] [data-fl=transfer]').click();
  await a.page.locator('[data-fl=transfer-group]').selectOption('vip');
  await a.page.locator('[data-fl=transfer-note]').fill('老客户，宽带故障，已收到截图');
  await a.page.locator('[data-fl=transfer-submit]').click();
  await a.page.locator(chatSel).waitFor({ state: 'detached' });
  trace('transferred');

  // Bob has it with the whole history, the image and the note.
  await b.page.locator(chatSel).click();
  const pane = b.page.locator('[data-fl=chat-pane]');
  await pane.locator('[data-fl=message][data-from=visitor]', { hasText: `我是第${v.n}位访客` }).waitFor();
  await pane.locator('[data-fl=message][data-from=agent]', { hasText: '请把故障截图发给我' }).waitFor();
  await imageShown(pane.locator('[data-fl=message][data-from=visitor] [data-fl=file-image]'), 40);
  await pane.locator('[data-fl=note]', { hasText: '老客户，宽带故障，已收到截图' }).waitFor();
  assert.equal(await v.page.getByText('老客户，宽带故障').count(), 0, 'the visitor never sees the note');

  // Bob sends an image; the visitor sees it rendered.
  await b.page.locator('[data-fl=chat-pane] [data-fl=file-input]').setInputFiles({ name: '处理结果.png',
    mimeType: 'image/png', buffer: pngImage(32, 20, [30, 120, 220]) });
  await imageShown(v.page.locator('[data-fl=message][data-from=agent] [data-fl=file-image]'), 32);
  await v.page.locator('[data-fl=notice]', { hasText: '鲍勃' }).waitFor();
  trace('bob image at visitor');

  // Bob closes; the visitor rates 4; bob's console shows it.
  await pane.locator('[data-fl=close]').click();
  await v.page.locator('[data-fl=rate-comment]').fill('处理很快');
  await v.page.locator('[data-fl=rate-score][data-score="4"]').click();
  await v.page.locator('[data-fl=rated]').waitFor();
  await b.page.locator('[data-fl=rating][data-score="4"]').waitFor();
  // The comment too: the agent reads what the visitor wrote with the score.
  await b.page.locator('[data-fl=rating] [data-fl=rating-comment]', { hasText: '处理很快' }).waitFor();
  await b.page.locator(`${chatSel}`, { hasText: '★★★★' }).waitFor();

  const conv = (await apiSend(stack.server.baseUrl, admin, 'GET', `/api/conversations/${v.conversationId}`)).body;
  assert.equal(conv.rating, 4);
  assert.equal(conv.messages.filter((m) => m.file).length, 2, 'two images stored');
  await Promise.all([a.ctx.close(), b.ctx.close(), ...visitors.map((x) => x.ctx.close())]);
});

test('a canned response is added in the manager, inserted with / and its shortcut, and sent', async () => {
  await agents();
  const a = await agentConsole('alice');
  // A personal response made in the manager, one more to delete.
  await a.page.locator('[data-fl=canned-manage]').click();
  for (const [shortcut, title, text] of [['thanks', '致谢', '感谢您的耐心等待，问题已经为您处理好了。'],
    ['bye', '再见', '再见']]) {
    await a.page.locator('[data-fl=canned-shortcut]').fill(shortcut);
    await a.page.locator('[data-fl=canned-title]').fill(title);
    await a.page.locator('[data-fl=canned-text]').fill(text);
    await a.page.locator('[data-fl=canned-shortcut]').press('Enter'); // submits the form
    await a.page.locator(`[data-fl=canned-row][data-shortcut=${shortcut}]`).waitFor();
  }
  await a.page.locator('[data-fl=canned-row][data-shortcut=bye] [data-fl=canned-delete]').click();
  await a.page.locator('[data-fl=canned-row][data-shortcut=bye]').waitFor({ state: 'detached' });
  await a.page.locator('[data-fl=canned-close]').click();

  const v = await visitorWithAgent(4);
  await a.page.locator(`[data-fl=chat][data-conversation="${v.conversationId}"]`).click();
  const input = a.page.locator('[data-fl=chat-pane] [data-fl=input]');
  await input.focus();
  await a.page.keyboard.type('/tha');
  await a.page.locator('[data-fl=canned-item][data-shortcut=thanks]').waitFor();
  assert.equal(await a.page.locator('[data-fl=canned-item][data-shortcut=bye]').count(), 0);
  await a.page.keyboard.press('Enter');
  assert.equal(await input.inputValue(), '感谢您的耐心等待，问题已经为您处理好了。');
  await a.page.keyboard.press('Enter');
  await v.page.locator('[data-fl=message][data-from=agent]', { hasText: '感谢您的耐心等待' }).waitFor();
  assert.equal(await input.inputValue(), '');
  await Promise.all([a.ctx.close(), v.ctx.close()]);
});
