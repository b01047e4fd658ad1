// Supervisor and editor pages, and the console's login errors, keyboard use and languages.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, staffLogin, consoleOnline, watchPage, eventually, trace } from './harness.mjs';

const stack = useStack({ before, after, afterEach });

test('a supervisor watches a live chat, sees the draft, whispers to the agent; the visitor never sees it', async () => {
  const { server, browser, problems } = stack;
  const [visitorCtx, agentCtx, supCtx] = await Promise.all([1, 2, 3].map(() => browser.newContext({ locale: 'zh-CN' })));
  const visitor = watchPage(await visitorCtx.newPage(), problems);
  const agent = watchPage(await agentCtx.newPage(), problems);
  const sup = watchPage(await supCtx.newPage(), problems);

  await Promise.all([
    (async () => {
      await visitor.goto(`${server.baseUrl}/`);
      await visitor.locator('[data-fl=launcher]').click();
      await visitor.locator('[data-fl=message][data-from=bot]').first().waitFor();
    })(),
    consoleOnline(agent, server.baseUrl, 'agent1'),
    staffLogin(sup, server.baseUrl, '/supervisor', 'supervisor'),
  ]);
  trace('three pages ready');
  const conversationId = await visitor.locator('[data-fl=message]').first().getAttribute('data-conversation');
  await visitor.locator('[data-fl=human]').click();
  await agent.locator(`[data-fl=chat][data-conversation="${conversationId}"]`).waitFor();
  trace('assigned');

  // The live list picks it up; watch it.
  const row = sup.locator(`[data-fl=conversation-row][data-conversation="${conversationId}"]`);
  await row.waitFor({ timeout: 10000 });
  await row.locator('[data-fl=watch]').click();
  await sup.locator('[data-fl=watch-log] [data-fl=message][data-from=system]').first().waitFor();
  trace('watching');

  await agent.locator('[data-fl=input]').fill('请稍等，我帮您查一下');
  await agent.locator('[data-fl=input]').press('Enter');
  await sup.locator('[data-fl=watch-log] [data-fl=message][data-from=agent]', { hasText: '请稍等' }).waitFor();
  await visitor.locator('[data-fl=input]').pressSequentially('好的谢谢', { delay: 30 });
  await eventually(async () => (await sup.locator('[data-fl=typing-preview]').textContent()) === '好的谢谢',
    { message: 'draft at the supervisor' });

  trace('draft seen');
  await sup.locator('[data-fl=whisper-input]').fill('记得推荐新套餐');
  await sup.locator('[data-fl=whisper-send]').click();
  await agent.locator('[data-fl=whisper]', { hasText: '记得推荐新套餐' }).waitFor();
  await sup.locator('[data-fl=watch-log] [data-fl=whisper]', { hasText: '记得推荐新套餐' }).waitFor();
  await visitor.locator('[data-fl=input]').press('Enter');
  await sup.locator('[data-fl=watch-log] [data-fl=message][data-from=visitor]', { hasText: '好的谢谢' }).waitFor();
  assert.equal(await visitor.getByText('记得推荐新套餐').count(), 0, 'the visitor never sees a whisper');

  // Today's figures: this chat was offered and answered; agent1 is online holding it.
  await eventually(async () => {
    await sup.locator('[data-fl=figures-refresh]').click();
    const answered = Number(await sup.locator('[data-fl=fig-answered]').getAttribute('data-value'));
    return answered >= 1 && (await sup.locator('[data-fl=fig-agent][data-status=online]', { hasText: '王小明' }).count()) === 1;
  }, { message: 'figures with the answered chat and agent1 online', interval: 300 });
  assert.ok(Number(await sup.locator('[data-fl=fig-offered]').getAttribute('data-value')) >= 1);
  assert.match(await sup.locator('[data-fl=fig-agent]', { hasText: '王小明' }).textContent(), /1\/5/);
  await Promise.all([visitorCtx.close(), agentCtx.close(), supCtx.close()]);
});

test('the editor tests the bot: decision, score, answer and clickable suggestions', async () => {
  const { server, browser, problems } = stack;
  const ctx = await browser.newContext({ locale: 'zh-CN' });
  const page = watchPage(await ctx.newPage(), problems);
  await staffLogin(page, server.baseUrl, '/editor', 'editor');
  await page.locator('[data-fl=tab][data-panel=bot-test]').click();
  await page.locator('[data-fl=bot-question]').fill('宽带');
  await page.locator('[data-fl=bot-ask]').click();
  await page.locator('[data-fl=bot-decision][data-decision=suggest]').waitFor();
  const score = Number(await page.locator('[data-fl=bot-score]').textContent());
  assert.ok(score > 0 && score <= 1, `score ${score}`);
  await page.locator('[data-fl=bot-suggestion]', { hasText: '宽带坏了怎么报修' }).click();
  await page.locator('[data-fl=bot-decision][data-decision=answer]').waitFor();
  assert.match(await page.locator('[data-fl=bot-answer]').textContent(), /报修/);
  assert.equal(await page.locator('[data-fl=bot-question]').inputValue(), '宽带坏了怎么报修？');
  await ctx.close();
});

test('console: wrong password and wrong role are refused; keyboard-only chat switching; reload; English', async () => {
  const { server, browser, problems } = stack;
  const ctx = await browser.newContext({ locale: 'zh-CN' });
  const page = watchPage(await ctx.newPage(), problems);
  await staffLogin(page, server.baseUrl, '/console', 'agent2', 'wrong-password');
  await page.locator('[data-fl=login-error]', { hasText: '用户名或密码错误' }).waitFor();
  await staffLogin(page, server.baseUrl, '/console', 'editor');
  await page.locator('[data-fl=login-error]', { hasText: '无权' }).waitFor();
  // The browser logs the refused login's 401 as an error: expected here, and only here.
  assert.ok(problems.length > 0 && problems.every((p) => /status of 401/.test(p)), problems.join('\n'));
  problems.length = 0;

  // agent2 online; two visitors ask for a person.
  await consoleOnline(page, server.baseUrl, 'agent2');
  const visitors = [];
  for (let i = 0; i < 2; i++) {
    const vctx = await browser.newContext({ locale: 'zh-CN' });
    const v = watchPage(await vctx.newPage(), problems);
    await v.goto(`${server.baseUrl}/`);
    await v.locator('[data-fl=launcher]').click();
    await v.locator('[data-fl=message][data-from=bot]').first().waitFor();
    await v.locator('[data-fl=input]').fill(`第${i + 1}位访客`);
    await v.locator('[data-fl=input]').press('Enter');
    await v.locator('[data-fl=message][data-from=visitor][data-state=sent]').waitFor();
    await v.locator('[data-fl=human]').click();
    visitors.push({ vctx, v });
  }
  await eventually(async () => (await page.locator('[data-fl=chat]').count()) === 2, { message: 'two chats' });
  const ids = await page.locator('[data-fl=chat]').evaluateAll((els) => els.map((e) => e.dataset.conversation));
  // The first chat is selected; Alt+ArrowDown moves to the second, with the input focused.
  await page.locator('[data-fl=input]').focus();
  await page.keyboard.press('Alt+ArrowDown');
  assert.equal(await page.locator('[data-fl=chat-pane]').getAttribute('data-conversation'), ids[1]);
  assert.equal(await page.evaluate(() => document.activeElement.dataset.fl), 'input');
  await page.keyboard.type('键盘回复');
  await page.keyboard.press('Enter');
  await visitors[1].v.locator('[data-fl=message][data-from=agent]', { hasText: '键盘回复' }).waitFor();
  assert.equal(await visitors[0].v.getByText('键盘回复').count(), 0);
  // An unread count on the other chat when its visitor writes.
  await visitors[0].v.locator('[data-fl=input]').fill('还在吗');
  await visitors[0].v.locator('[data-fl=input]').press('Enter');
  await page.locator(`[data-fl=chat][data-conversation="${ids[0]}"] [data-fl=unread]`, { hasText: '1' }).waitFor();
  await page.keyboard.press('Alt+1');
  assert.equal(await page.locator('[data-fl=chat-pane]').getAttribute('data-conversation'), ids[0]);
  assert.equal(await page.locator(`[data-fl=chat][data-conversation="${ids[0]}"] [data-fl=unread]`).count(), 0);

  // A reload keeps the session, and the server gives back both chats with their history.
  await page.reload();
  await eventually(async () => (await page.locator('[data-fl=chat]').count()) === 2, { message: 'chats after reload' });
  await page.locator(`[data-fl=chat][data-conversation="${ids[1]}"]`).click();
  await page.locator('[data-fl=message][data-from=agent]', { hasText: '键盘回复' }).waitFor();
  await page.locator('[data-fl=message][data-from=bot]').first().waitFor();

  // English.
  await page.locator('.bar [data-fl=lang]').click();
  assert.equal(await page.locator('[data-fl=send]').textContent(), 'Send');
  assert.equal(await page.locator('[data-fl=chat-pane] [data-fl=close]').textContent(), 'End chat');
  await Promise.all([ctx.close(), ...visitors.map((x) => x.vctx.close())]);
});
