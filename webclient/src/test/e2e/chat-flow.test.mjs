// CONTRACT "done when": a visitor chats with the bot, asks for a person, an agent accepts in the
// console, both sides talk (with the live typing preview), the agent closes, the visitor rates,
// and everything is stored as the API shows.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, consoleOnline, apiLogin, apiGet, watchPage, eventually, ADMIN_PASSWORD } from './harness.mjs';

const stack = useStack({ before, after, afterEach });

test('visitor talks to the bot, then to an agent, who closes; the visitor rates 5 and it is all stored', async () => {
  const { server, browser, problems } = stack;
  const visitorCtx = await browser.newContext({ locale: 'zh-CN' });
  const agentCtx = await browser.newContext({ locale: 'zh-CN' });
  const visitor = watchPage(await visitorCtx.newPage(), problems);
  const agent = watchPage(await agentCtx.newPage(), problems);

  // Visitor: greeting with the menu, then a bot answer.
  await visitor.goto(`${server.baseUrl}/`);
  await visitor.locator('[data-fl=launcher]').click();
  const greeting = visitor.locator('[data-fl=message][data-from=bot]').first();
  await greeting.waitFor();
  assert.match(await greeting.textContent(), /您好/);
  assert.ok(await visitor.locator('[data-fl=menu-item]').count() >= 8, 'the greeting carries the menu');
  await visitor.locator('[data-fl=input]').fill('怎么查话费余额');
  await visitor.locator('[data-fl=send]').click();
  const answer = visitor.locator('[data-fl=message][data-from=bot]').nth(1);
  await answer.waitFor();
  assert.match(await answer.textContent(), /10001|余额/);

  // Agent logs in and goes online.
  await consoleOnline(agent, server.baseUrl, 'agent1');

  // Visitor asks for a person; the chat appears in the console.
  await visitor.locator('[data-fl=human]').click();
  const chatItem = agent.locator('[data-fl=chat]');
  await chatItem.first().waitFor();
  const conversationId = await chatItem.first().getAttribute('data-conversation');
  assert.ok(conversationId, 'the chat names its conversation');
  await visitor.locator('[data-fl=message][data-from=system]', { hasText: '王小明' }).waitFor();
  // The console shows the bot part of the history.
  await agent.locator('[data-fl=chat-pane] [data-fl=message][data-from=bot]', { hasText: '10001' }).waitFor();
  await agent.locator(`[data-fl=chat][data-conversation="${conversationId}"]`).click();

  // Live draft: the agent sees what the visitor types before it is sent.
  await visitor.locator('[data-fl=input]').pressSequentially('我的套餐', { delay: 40 });
  await eventually(async () => (await agent.locator('[data-fl=typing-preview]').textContent()) === '我的套餐',
    { message: 'typing preview "我的套餐"' });
  assert.equal(await agent.locator('[data-fl=message][data-from=visitor]', { hasText: '我的套餐' }).count(), 0,
    'the draft is not a message');

  // Agent replies (the visitor sees that the agent is typing first); the visitor sees it.
  await agent.locator('[data-fl=input]').fill('您好，我是王小明，请问有什么可以帮您？');
  await visitor.locator('[data-fl=agent-typing]').waitFor();
  await agent.locator('[data-fl=input]').press('Enter');
  await visitor.locator('[data-fl=message][data-from=agent]', { hasText: '请问有什么可以帮您' }).waitFor();

  // Visitor finishes the draft and sends; the agent sees it, and the preview is gone.
  await visitor.locator('[data-fl=input]').pressSequentially('怎么改', { delay: 20 });
  await visitor.locator('[data-fl=input]').press('Enter');
  await agent.locator('[data-fl=message][data-from=visitor]', { hasText: '我的套餐怎么改' }).waitFor();
  await eventually(async () => (await agent.locator('[data-fl=typing-preview]').textContent()) === '',
    { message: 'typing preview cleared' });

  // Agent closes; the visitor rates 5.
  await agent.locator('[data-fl=chat-pane] [data-fl=close]').click();
  await visitor.locator('[data-fl=rate]').waitFor();
  await visitor.locator('[data-fl=rate-score][data-score="5"]').click();
  await visitor.locator('[data-fl=rated]').waitFor();
  await agent.locator('[data-fl=rating][data-score="5"]').waitFor();

  // Writing again starts a new conversation: lastSeq starts over, the old chat stays above.
  await visitor.locator('[data-fl=input]').fill('还有一个问题');
  await visitor.locator('[data-fl=input]').press('Enter');
  const again = visitor.locator('[data-fl=message][data-from=visitor][data-state=sent]', { hasText: '还有一个问题' });
  await again.waitFor();
  await visitor.locator('[data-fl=divider]').waitFor();
  const second = await again.getAttribute('data-conversation');
  assert.ok(second && second !== conversationId, 'a new conversation');
  assert.equal(await again.getAttribute('data-seq'), '2', 'after the new greeting');

  // Stored, as the API shows.
  const token = await apiLogin(server.baseUrl, 'admin', ADMIN_PASSWORD);
  const conv = await eventually(async () => {
    const c = await apiGet(server.baseUrl, token, `/api/conversations/${conversationId}`);
    return c.rating === 5 ? c : null;
  }, { message: 'rating 5 stored' });
  assert.equal(conv.state, 'closed');
  const texts = conv.messages.map((m) => `${m.from}:${m.text}`);
  assert.ok(texts.includes('visitor:怎么查话费余额'), texts.join('\n'));
  assert.ok(texts.includes('visitor:我的套餐怎么改'), texts.join('\n'));
  assert.ok(texts.includes('agent:您好，我是王小明，请问有什么可以帮您？'), texts.join('\n'));
  assert.ok(conv.messages.some((m) => m.from === 'bot' && /10001/.test(m.text)), 'bot answer stored');
  const seqs = conv.messages.map((m) => m.seq);
  assert.deepEqual(seqs, seqs.map((_, i) => i + 1), 'seq rises by one');
  // Each message once, on both screens.
  assert.equal(await visitor.locator('[data-fl=message][data-from=visitor]', { hasText: '我的套餐怎么改' }).count(), 1);
  assert.equal(await agent.locator('[data-fl=message][data-from=agent]', { hasText: '请问有什么可以帮您' }).count(), 1);

  await visitorCtx.close();
  await agentCtx.close();
});
