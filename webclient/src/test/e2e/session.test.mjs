// The end of a login session reaches an open console: a logout from elsewhere (here, the API with
// the same session's token) closes its socket at once and the page shows the login again.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, staffConsole, apiSend } from './harness.mjs';

// The bot's dense model is not needed here: BM25 alone starts faster.
const stack = useStack({ before, after, afterEach }, { FRONTLINE_BOT_DENSE: '0' });

test('a logout of its session elsewhere: the open console shows the login at once', async () => {
  const { ctx, page } = await staffConsole(stack, 'agent2');
  const session = (await ctx.cookies()).find((c) => c.name === 'fl_session');
  assert.ok(session, 'the login set the session cookie');
  const r = await apiSend(stack.server.baseUrl, session.value, 'POST', '/api/logout', {});
  assert.equal(r.status, 200);
  await page.locator('[data-fl=username]').waitFor({ state: 'visible', timeout: 5000 });
  await page.locator('[data-fl=login-error]').waitFor({ state: 'visible', timeout: 5000 });
  await ctx.close();
  // Requests the page had in flight when the session ended were rightly answered 401.
  const unexpected = stack.problems.filter((p) => !/status of 401/.test(p));
  stack.problems.splice(0, stack.problems.length, ...unexpected);
});
