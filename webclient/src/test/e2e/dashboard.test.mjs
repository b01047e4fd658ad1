// The supervisor's dashboard (CONTRACT sections 7 and 11): every chart draws data from a
// served and rated chat, the period and a filter change what is drawn, and an alert pushed on
// /ws/agent shows at once with a one-click watch.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, apiLogin, apiGet, apiSend, createUser, staffLogin, consoleOnline, watchPage, eventually, trace,
  ADMIN_PASSWORD } from './harness.mjs';

const stack = useStack({ before, after, afterEach }, { FRONTLINE_DEMO: '0' });
const CHARTS = ['trend', 'volume', 'agents', 'csat', 'radar'];

/** What each chart holds: its canvas, and the sum of the numbers of every series. */
function drawn(page) {
  return page.evaluate((names) => Object.fromEntries(names.map((n) => {
    const el = document.querySelector(`[data-fl=chart][data-chart=${n}]`);
    const chart = window.echarts.getInstanceByDom(el);
    const series = chart ? chart.getOption().series || [] : [];
    let total = 0;
    for (const s of series) {
      for (const d of s.data || []) {
        const v = d && typeof d === 'object' ? d.value : d;
        (Array.isArray(v) ? v : [v]).forEach((x) => { total += Number(x) || 0; });
      }
    }
    return [n, { canvas: !!el.querySelector('canvas'), total, points: series.map((s) => (s.data || []).length) }];
  })), CHARTS);
}

test('the dashboard draws every chart with data, follows the period and a filter, and shows an alert', async () => {
  const { server, browser, problems } = stack;
  const admin = await apiLogin(server.baseUrl, 'admin', ADMIN_PASSWORD);
  assert.equal((await apiSend(server.baseUrl, admin, 'PUT', '/api/settings', { alertNoReplySeconds: 1 })).status, 200);
  for (const [username, roles, groups] of [['agent1', ['agent'], ['consult']], ['supervisor', ['supervisor'], []]]) {
    await createUser(server.baseUrl, admin, { username, password: 'demo1234', displayName: `${username} 王`, roles,
      groups, maxChats: 3 });
  }
  const { users } = await apiGet(server.baseUrl, admin, '/api/users');
  const agent1 = users.find((u) => u.username === 'agent1');

  const [vCtx, aCtx, sCtx] = await Promise.all([1, 2, 3].map(() => browser.newContext({ locale: 'zh-CN' })));
  const visitor = watchPage(await vCtx.newPage(), problems);
  const agent = watchPage(await aCtx.newPage(), problems);
  const sup = watchPage(await sCtx.newPage(), problems);
  await Promise.all([
    (async () => {
      await visitor.goto(`${server.baseUrl}/`);
      await visitor.locator('[data-fl=launcher]').click();
      await visitor.locator('[data-fl=message][data-from=bot]').first().waitFor();
    })(),
    consoleOnline(agent, server.baseUrl, 'agent1'),
    (async () => {
      await staffLogin(sup, server.baseUrl, '/supervisor', 'supervisor');
      await sup.locator('[data-fl=connection][data-state=open]').waitFor();
    })(),
  ]);
  assert.ok(await sup.locator('[data-fl=watch-empty]').isVisible(), 'the empty pane says what to do');

  // A chat the agent leaves unanswered for a second raises an alert; one click watches it.
  await visitor.locator('[data-fl=human]').click();
  const chat = agent.locator('[data-fl=chat]').first();
  await chat.waitFor();
  const conversationId = await chat.getAttribute('data-conversation');
  await visitor.locator('[data-fl=input]').fill('有人在吗？');
  await visitor.locator('[data-fl=input]').press('Enter');
  const alert = sup.locator(`[data-fl=alert][data-kind=no_reply][data-conversation="${conversationId}"]`);
  await alert.waitFor({ timeout: 15000 });
  trace('alert shown');
  await alert.locator('[data-fl=alert-watch]').click();
  await sup.locator('[data-fl=watch-log] [data-fl=message][data-from=visitor]', { hasText: '有人在吗' }).waitFor();
  assert.ok(await sup.locator('[data-fl=watch-empty]').isHidden());

  await agent.locator('[data-fl=input]').fill('您好，请讲');
  await agent.locator('[data-fl=input]').press('Enter');
  await visitor.locator('[data-fl=message][data-from=agent]', { hasText: '您好' }).waitFor();
  await agent.locator('[data-fl=chat-pane] [data-fl=close]').click();
  await visitor.locator('[data-fl=rate-score][data-score="5"]').click();
  await visitor.locator('[data-fl=rated]').waitFor();
  trace('served and rated');

  // Today's charts follow the service (they reload every 10 s, and at once on an alert).
  const today = await eventually(async () => {
    const d = await drawn(sup);
    return CHARTS.every((n) => d[n].canvas && d[n].total > 0) && d.csat.total === 1 ? d : null;
  }, { timeout: 30000, message: 'every chart drew data' });
  assert.equal(today.trend.points[0], 24, 'today: one point an hour');

  await sup.locator('[data-fl=period]').selectOption('7d');
  await eventually(async () => (await drawn(sup)).trend.points[0] === 7, { message: 'seven days drawn' });
  const week = await drawn(sup);
  assert.ok(week.volume.total > 0 && week.csat.total === 1, JSON.stringify(week));

  await sup.locator('[data-fl=filter-agent]').selectOption(String(agent1.id));
  await eventually(async () => {
    const radar = await sup.evaluate(() => window.echarts.getInstanceByDom(
      document.querySelector('[data-fl=chart][data-chart=radar]')).getOption().series[0].data.map((d) => d.name));
    return radar.length === 2 && radar[1] === agent1.displayName;
  }, { message: 'the radar shows agent1 against the team' });
  await sup.locator('[data-fl=filter-agent]').selectOption('');
  await sup.locator('[data-fl=filter-group]').selectOption('shopping');
  await eventually(async () => (await drawn(sup)).csat.total === 0, { message: 'nothing rated in shopping' });
  assert.deepEqual(problems, []);
});
