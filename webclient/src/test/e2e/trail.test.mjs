// Leave a message and its work order, the visitor's trail from a real page to the console and the
// export, a proactive rule for a returning visitor, and a rule an editor makes in the editor's
// rules panel. The first test runs while no agent has ever been online on this server.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, apiLogin, apiSend, consoleOnline, staffLogin, watchPage, eventually, trace, ADMIN_PASSWORD,
  DEMO_PASSWORD } from './harness.mjs';

const stack = useStack({ before, after, afterEach });

async function openWidget(page, url) {
  await page.goto(url);
  await page.locator('[data-fl=launcher]').click();
  await page.locator('[data-fl=message][data-from=bot]').first().waitFor();
}

async function visitorIdOf(page) {
  const conversationId = await page.locator('[data-fl=message][data-seq]').last().getAttribute('data-conversation');
  const admin = await apiLogin(stack.server.baseUrl, 'admin', ADMIN_PASSWORD);
  const conv = await eventually(async () => {
    const r = await apiSend(stack.server.baseUrl, admin, 'GET', `/api/conversations/${conversationId}`);
    return r.status === 200 ? r.body : null;
  }, { message: 'conversation readable' });
  return { conversationId, visitorId: conv.visitorId, admin };
}

test('no agent online: the visitor leaves a message; an agent resolves the ticket; the reloaded widget shows it resolved', async () => {
  const { server, browser, problems } = stack;
  const vctx = await browser.newContext({ locale: 'zh-CN' });
  const visitor = watchPage(await vctx.newPage(), problems);
  await openWidget(visitor, `${server.baseUrl}/`);
  await visitor.locator('[data-fl=human]').click();
  const form = visitor.locator('[data-fl=leave-message]');
  await form.waitFor();
  assert.equal(await visitor.locator('[data-fl=leave-reason]').isVisible(), true, 'says nobody is online');
  await visitor.locator('[data-fl=leave-kind]').selectOption('故障报修');
  await visitor.locator('[data-fl=leave-text]').fill('家里宽带从昨晚开始断网，光猫红灯闪烁');
  await visitor.locator('[data-fl=leave-name]').fill('王先生');
  await visitor.locator('[data-fl=leave-phone]').fill('13800138000');
  await visitor.locator('[data-fl=leave-submit]').click();
  const created = visitor.locator('[data-fl=ticket-created]');
  await created.waitFor();
  const ticket = visitor.locator('[data-fl=ticket]');
  await ticket.waitFor();
  const ticketId = await ticket.getAttribute('data-ticket');
  assert.ok(ticketId);
  assert.match(await created.textContent(), new RegExp(`${ticketId}.*待处理`));
  assert.equal(await ticket.getAttribute('data-status'), 'open');
  await form.waitFor({ state: 'hidden' });
  const { visitorId: leaver, admin } = await visitorIdOf(visitor);
  await eventually(async () => {
    const t = await apiSend(server.baseUrl, admin, 'GET', `/api/visitors/${leaver}/trail`);
    return (t.body.events || []).some((e) => e.event === 'leave_message' && e.ticketId === ticketId
      && e.kind === '故障报修') ? true : null;
  }, { message: 'leave_message with the ticket in the trail' });
  trace('ticket left');

  // agent1 (consult) works on it in the console's work-orders tab.
  const actx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 900 } });
  const agent = watchPage(await actx.newPage(), problems);
  await consoleOnline(agent, server.baseUrl, 'agent1');
  await agent.locator('[data-fl=tab][data-tab=tickets]').click();
  const row = agent.locator(`[data-fl=ticket-row][data-ticket="${ticketId}"]`);
  await row.waitFor();
  assert.match(await row.textContent(), /故障报修/);
  await row.locator('[data-fl=ticket-open]').click();
  const detail = agent.locator(`[data-fl=ticket-detail][data-ticket="${ticketId}"]`);
  await detail.waitFor();
  assert.equal(await detail.locator('[data-fl=ticket-phone]').textContent(), '13800138000');
  assert.match(await detail.locator('[data-fl=ticket-text]').textContent(), /光猫红灯/);
  await detail.locator('[data-fl=ticket-status]').selectOption('resolved');
  await detail.locator('[data-fl=ticket-note]').fill('已远程重启光猫，恢复正常');
  await detail.locator('[data-fl=ticket-save]').click();
  await agent.locator(`[data-fl=ticket-detail][data-ticket="${ticketId}"][data-status=resolved]`).waitFor();
  await agent.locator('[data-fl=ticket-notes]', { hasText: '已远程重启光猫' }).waitFor();
  // The open list no longer has it.
  await row.waitFor({ state: 'detached' });

  // The connected widget is told at once; after a reload the server's list says the same.
  await visitor.locator(`[data-fl=ticket][data-ticket="${ticketId}"][data-status=resolved]`).waitFor();
  await visitor.reload();
  const after = visitor.locator(`[data-fl=ticket][data-ticket="${ticketId}"]`);
  await after.waitFor({ state: 'attached' });
  assert.equal(await after.getAttribute('data-status'), 'resolved');
  assert.match(await after.locator('[data-fl=ticket-status]').textContent(), /已解决/);
  await Promise.all([vctx.close(), actx.close()]);
});

test('the trail of a real visit reaches the console visitor panel and the export', async () => {
  const { server, browser, problems } = stack;
  const started = Date.now();
  const actx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 900 } });
  const agent = watchPage(await actx.newPage(), problems);
  const vctx = await browser.newContext({ locale: 'zh-CN' });
  const visitor = watchPage(await vctx.newPage(), problems);
  await Promise.all([consoleOnline(agent, server.baseUrl, 'agent1'),
    visitor.goto(`${server.baseUrl}/`, { referer: 'https://search.example/s?q=5g' })]);
  // Browsing inside the page (hash navigation through the site's own links).
  await visitor.locator('nav a[href="#plans"]').click();
  await visitor.locator('nav a[href="#help"]').click();
  await visitor.locator('[data-fl=launcher]').click();
  await visitor.locator('[data-fl=message][data-from=bot]').first().waitFor();
  await visitor.locator('[data-fl=menu-item]', { hasText: '业务查询' }).click();
  await visitor.locator('[data-fl=message][data-from=visitor]', { hasText: '业务查询' }).waitFor();
  await visitor.locator('[data-fl=input]').fill('怎么查话费余额');
  await visitor.locator('[data-fl=input]').press('Enter');
  await visitor.locator('[data-fl=message][data-from=bot]', { hasText: '10001' }).waitFor();
  // The self-service panel: a search.
  await visitor.locator('[data-fl=kb-open]').click();
  await visitor.locator('[data-fl=kb-search]').fill('流量');
  await visitor.locator('[data-fl=kb-entry]').first().waitFor();
  await visitor.locator('[data-fl=kb-open]').click();
  await visitor.locator('[data-fl=human]').click();
  const { conversationId, visitorId, admin } = await visitorIdOf(visitor);
  await agent.locator(`[data-fl=chat][data-conversation="${conversationId}"]`).click();
  trace('assigned');

  // The visitor panel: this visit's events, in order, and the current page.
  const panel = agent.locator(`[data-fl=visitor-panel][data-visitor="${visitorId}"]`);
  await panel.waitFor();
  const wanted = ['page_view', 'widget_open', 'menu_click', 'bot_question', 'handoff', 'assigned'];
  const shown = await eventually(async () => {
    const events = await panel.locator('[data-fl=trail-event]').evaluateAll((els) => els.map((e) => e.dataset.event));
    if (wanted.every((w) => events.includes(w))) {
      return events;
    }
    await panel.locator('[data-fl=visitor-refresh]').click();
    return null;
  }, { message: 'trail events in the visitor panel', interval: 500 });
  const pos = (e) => shown.indexOf(e);
  assert.ok(pos('widget_open') < pos('menu_click') && pos('menu_click') < pos('bot_question')
    && pos('bot_question') < pos('handoff') && pos('handoff') < pos('assigned'), shown.join(','));
  assert.ok(shown.filter((e) => e === 'page_view').length >= 3, `a page load and two in-page views: ${shown}`);
  await panel.locator('[data-fl=trail-event][data-event=bot_question]', { hasText: '怎么查话费余额' }).waitFor();
  await panel.locator('[data-fl=trail-event][data-event=menu_click]', { hasText: '业务查询' }).waitFor();
  assert.match(await panel.locator('[data-fl=visitor-page] a').getAttribute('href'), /#help$/);

  // The visitor ends the chat, rates it and closes the widget.
  await visitor.locator('[data-fl=close]').click();
  await visitor.locator('[data-fl=rate]').waitFor();
  await visitor.locator('[data-fl=rate-score][data-score="4"]').click();
  await visitor.locator('[data-fl=rated]').waitFor();
  await visitor.locator('[data-fl=minimize]').click();
  await visitor.locator('[data-fl=panel]').waitFor({ state: 'hidden' });

  // The admin export holds the same events, and the end of the visit.
  const ended = ['widget_close', 'kb_search', 'closed', 'rated'];
  const lines = await eventually(async () => {
    const r = await fetch(`${server.baseUrl}/api/trajectory/export?from=${started - 1000}&to=${Date.now() + 1000}`,
      { headers: { authorization: `Bearer ${admin}` } });
    assert.equal(r.status, 200);
    const mine = (await r.text()).trim().split('\n').map((l) => JSON.parse(l)).filter((e) => e.visitorId === visitorId);
    return ended.every((w) => mine.some((e) => e.event === w)) ? mine : null;
  }, { message: `${ended} exported` });
  const exported = lines.map((e) => e.event);
  for (const w of wanted) {
    assert.ok(exported.includes(w), `${w} exported: ${exported}`);
  }
  assert.ok(lines.some((e) => e.event === 'page_view' && /#plans$/.test(e.url)), 'in-page view exported');
  assert.ok(lines.some((e) => e.event === 'bot_question' && e.text === '怎么查话费余额'));
  assert.ok(lines.some((e) => e.event === 'kb_search' && e.q === '流量'), 'the self-service search');
  assert.ok(lines.some((e) => e.event === 'rated' && e.score === 4), 'the rating');
  assert.ok(lines.some((e) => e.event === 'closed' && e.by === 'visitor'), 'closed by the visitor');
  const load = lines.find((e) => e.event === 'page_view' && e.url === `${server.baseUrl}/`);
  assert.ok(load, `the page load: ${JSON.stringify(lines.filter((e) => e.event === 'page_view'))}`);
  assert.equal(load.title, '星河通信 - 网上营业厅');
  assert.match(load.referrer, /^https:\/\/search\.example\//);
  assert.ok(exported.lastIndexOf('rated') < exported.lastIndexOf('widget_close'), exported.join(','));
  await Promise.all([vctx.close(), actx.close()]);
});

test('a visitor who never opens the widget has page views with title and referrer, and the help page\'s searches', async () => {
  const { server, browser, problems } = stack;
  const started = Date.now();
  const marker = `quiet-${started}`;
  const ctx = await browser.newContext({ locale: 'zh-CN' });
  const page = watchPage(await ctx.newPage(), problems);
  await page.goto(`${server.baseUrl}/?${marker}`, { referer: 'https://ads.example/campaign' });
  await page.locator('[data-fl=launcher]').waitFor();
  const admin = await apiLogin(server.baseUrl, 'admin', ADMIN_PASSWORD);
  const view = await eventually(async () => {
    const r = await fetch(`${server.baseUrl}/api/trajectory/export?from=${started - 1000}&to=${Date.now() + 1000}`,
      { headers: { authorization: `Bearer ${admin}` } });
    return (await r.text()).split('\n').filter(Boolean).map((l) => JSON.parse(l))
      .find((e) => e.event === 'page_view' && e.url.endsWith(marker)) || null;
  }, { message: 'the page view of a visitor who never opened the widget' });
  assert.equal(view.title, '星河通信 - 网上营业厅');
  assert.match(view.referrer, /^https:\/\/ads\.example\//);
  // The site's help page mounts the self-service panel itself; its searches reach the same trail.
  await page.goto(`${server.baseUrl}/web/site/kb.html`);
  await page.locator('[data-fl=kb-host] [data-fl=kb-search]').fill('宽带');
  await page.locator('[data-fl=kb-host] [data-fl=kb-entry]').first().waitFor();
  const events = await eventually(async () => {
    const t = await apiSend(server.baseUrl, admin, 'GET', `/api/visitors/${view.visitorId}/trail`);
    const list = t.body.events || [];
    return list.some((e) => e.event === 'kb_search' && e.q === '宽带') ? list : null;
  }, { message: 'the help page\'s kb_search in the trail' });
  const names = events.map((e) => e.event);
  assert.ok(!names.includes('widget_open'), `never opened: ${names}`);
  assert.ok(events.some((e) => e.event === 'page_view' && /kb\.html$/.test(e.url)), names.join(','));
  await ctx.close();
});

test('a proactive rule fires for a returning visitor; its "talk to a person" button asks for one', async () => {
  const { server, browser, problems } = stack;
  const editor = await apiLogin(server.baseUrl, 'editor', DEMO_PASSWORD);
  const rule = await apiSend(server.baseUrl, editor, 'POST', '/api/rules', {
    name: '回访用户看5G套餐', enabled: true, priority: 10,
    conditions: { urlPattern: '*promo=5g*', returning: true },
    action: { type: 'offer_human', text: '看中5G套餐了吗？需要顾问为您推荐吗？' },
  });
  assert.equal(rule.status, 201, JSON.stringify(rule.body));
  const ruleId = rule.body.id;

  const actx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 900 } });
  const agent = watchPage(await actx.newPage(), problems);
  const vctx = await browser.newContext({ locale: 'zh-CN' });
  const visitor = watchPage(await vctx.newPage(), problems);
  await consoleOnline(agent, server.baseUrl, 'agent1');
  // First visit: not returning, nothing is offered.
  await openWidget(visitor, `${server.baseUrl}/?promo=5g`);
  await visitor.waitForTimeout(700);
  assert.equal(await visitor.locator('[data-fl=proactive]').count(), 0, 'not for a first visit');
  const firstGreeting = await visitor.locator('[data-fl=message][data-from=bot]').getAttribute('data-conversation');

  // Back later: the rule fires and the widget shows it.
  await visitor.goto(`${server.baseUrl}/?promo=5g&from=ad`);
  const card = visitor.locator(`[data-fl=proactive][data-rule="${ruleId}"][data-action=offer_human]`);
  await card.waitFor();
  assert.match(await card.textContent(), /需要顾问为您推荐吗/);
  // The first page's greeting-only conversation is replaced, not kept above a divider.
  await eventually(async () => (await visitor.locator('[data-fl=message][data-from=bot]').count()) === 1
    && (await visitor.locator('[data-fl=message][data-from=bot]').getAttribute('data-conversation')) !== firstGreeting,
  { message: 'one greeting, of the new conversation' });
  assert.equal(await visitor.locator('[data-fl=divider]').count(), 0);
  await card.locator('[data-fl=proactive-human]').click();
  await card.waitFor({ state: 'detached' });
  // The click asked for a person: the agent gets the chat.
  const { conversationId, visitorId, admin } = await visitorIdOf(visitor);
  await agent.locator(`[data-fl=chat][data-conversation="${conversationId}"]`).waitFor();
  await visitor.locator('[data-fl=notice]', { hasText: '王小明' }).waitFor();

  const events = await eventually(async () => {
    const t = await apiSend(server.baseUrl, admin, 'GET', `/api/visitors/${visitorId}/trail`);
    const list = t.body.events || [];
    return list.some((e) => e.event === 'proactive_clicked') ? list : null;
  }, { message: 'proactive_clicked in the trail' });
  for (const name of ['proactive', 'proactive_shown', 'proactive_clicked']) {
    assert.ok(events.some((e) => e.event === name && e.ruleId === ruleId), `${name} with the rule id`);
  }
  assert.equal(events.filter((e) => e.event === 'proactive').length, 1, 'fired once');
  await Promise.all([vctx.close(), actx.close()]);
});

test('an editor makes a greeting rule for a URL pattern in the rules panel; a matching page shows it, others do not', async () => {
  const { server, browser, problems } = stack;
  const ectx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1300, height: 900 } });
  const ed = watchPage(await ectx.newPage(), problems);
  await staffLogin(ed, server.baseUrl, '/editor', 'editor');
  await ed.locator('[data-fl=tab][data-panel=rules]').click();
  const panel = ed.locator('[data-fl=panel-rules]');
  await panel.locator('[data-fl=rule-new]').click();
  await panel.locator('[data-fl=rule-name]').fill('宽带页问候');
  await panel.locator('[data-fl=rule-url]').fill('*promo=broadband*');
  await panel.locator('[data-fl=rule-seconds]').fill('0');
  await panel.locator('[data-fl=rule-action]').selectOption('greeting');
  // No text: the server refuses, and the page says so at the field.
  await panel.locator('[data-fl=rule-save]').click();
  const err = panel.locator('[data-fl=rule-error]');
  await err.waitFor();
  assert.match(await err.textContent(), /action\.text/);
  assert.equal(await panel.locator('[data-fl=rule-text]').getAttribute('aria-invalid'), 'true');
  assert.equal(await panel.locator('[data-fl=rule-text]').evaluate((el) => el === document.activeElement), true);
  // The browser logs the refused request as an error: expected here, and only that.
  assert.ok(problems.length > 0 && problems.every((p) => /status of 400/.test(p)), problems.join('\n'));
  problems.length = 0;
  await ed.keyboard.type('您好，宽带新装正在优惠，<b>有问题</b>随时问我！');
  await panel.locator('[data-fl=rule-save]').click();
  const row = panel.locator('[data-fl=rule-row]', { hasText: '宽带页问候' });
  await row.waitFor();
  assert.equal(await panel.locator('[data-fl=rule-form]').isVisible(), false);
  assert.match(await row.locator('[data-fl=rule-conditions]').textContent(), /\*promo=broadband\*/);
  assert.equal(await row.locator('[data-fl=rule-action-cell]').getAttribute('data-action'), 'greeting');
  const ruleId = await row.getAttribute('data-id');
  const stored = (await apiSend(server.baseUrl, await apiLogin(server.baseUrl, 'editor', DEMO_PASSWORD), 'GET', '/api/rules'))
    .body.rules.find((r) => r.id === ruleId);
  assert.equal(stored.conditions.urlPattern, '*promo=broadband*');
  assert.equal(stored.action.text, '您好，宽带新装正在优惠，<b>有问题</b>随时问我！');
  trace('rule made');

  // A visitor elsewhere on the site gets nothing; on a matching page the greeting, as text.
  const vctx = await browser.newContext({ locale: 'zh-CN' });
  const visitor = watchPage(await vctx.newPage(), problems);
  await openWidget(visitor, `${server.baseUrl}/?promo=mobile`);
  await visitor.waitForTimeout(700);
  assert.equal(await visitor.locator('[data-fl=proactive]').count(), 0, 'not on a page the pattern does not match');
  await visitor.goto(`${server.baseUrl}/?promo=broadband&from=ad`);
  const card = visitor.locator(`[data-fl=proactive][data-rule="${ruleId}"][data-action=greeting]`);
  await card.waitFor();
  assert.match(await card.textContent(), /宽带新装正在优惠，<b>有问题<\/b>随时问我/);
  trace('greeting shown');

  // Edited, then switched off: another visitor on the matching page gets nothing.
  await row.locator('[data-fl=rule-edit]').click();
  await panel.locator('[data-fl=rule-name]').fill('宽带页问候（旧）');
  await panel.locator('[data-fl=rule-name]').press('Enter');
  const renamed = panel.locator(`[data-fl=rule-row][data-id="${ruleId}"]`, { hasText: '宽带页问候（旧）' });
  await renamed.waitFor();
  await renamed.locator('[data-fl=rule-enabled]').uncheck();
  await panel.locator(`[data-fl=rule-row][data-id="${ruleId}"][data-enabled=false]`).waitFor();
  const other = await browser.newContext({ locale: 'zh-CN' });
  const late = watchPage(await other.newPage(), problems);
  await openWidget(late, `${server.baseUrl}/?promo=broadband`);
  await late.waitForTimeout(700);
  assert.equal(await late.locator('[data-fl=proactive]').count(), 0, 'a rule switched off fires for nobody');

  // Deleted after asking again on the button.
  const del = panel.locator(`[data-fl=rule-row][data-id="${ruleId}"] [data-fl=rule-delete]`);
  await del.click();
  await del.click();
  await panel.locator(`[data-fl=rule-row][data-id="${ruleId}"]`).waitFor({ state: 'detached' });
  await Promise.all([ectx.close(), vctx.close(), other.close()]);
});
