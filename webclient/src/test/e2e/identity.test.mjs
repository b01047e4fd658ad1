// The host page's signed identity (CONTRACT section 4) through the widget: a page that sets
// window.FrontlineIdentity before the widget's script makes the visitor that customer, in any
// browser; a badly signed one leaves the visitor anonymous. The signature is computed here as
// the host site's server would, with the secret the server was started with.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { useStack, apiLogin, apiSend, watchPage, eventually, ADMIN_PASSWORD } from './harness.mjs';

const SECRET = 'e2e-site-secret-for-identity';
const stack = useStack({ before, after, afterEach }, { FRONTLINE_SITE_SECRET: SECRET });

function signed(customerId, secret) {
  const ts = Date.now();
  const sig = createHmac('sha256', secret).update(`${customerId}.${ts}`).digest('hex');
  return { customerId, name: '李女士', attrs: { star: '4', tenure: '6y' }, ts, sig };
}

/** A page of the demo site whose host script set this identity before the widget loaded; resolves its visitor. */
async function visitWithIdentity(identity) {
  const { server, browser, problems } = stack;
  const ctx = await browser.newContext({ locale: 'zh-CN' });
  await ctx.addInitScript((id) => { window.FrontlineIdentity = id; }, identity);
  const page = watchPage(await ctx.newPage(), problems);
  await page.goto(`${server.baseUrl}/`);
  await page.locator('[data-fl=launcher]').click();
  const greeting = page.locator('[data-fl=message][data-from=bot]').first();
  await greeting.waitFor();
  const conversationId = await greeting.getAttribute('data-conversation');
  const admin = await apiLogin(server.baseUrl, 'admin', ADMIN_PASSWORD);
  const conv = await eventually(async () => {
    const r = await apiSend(server.baseUrl, admin, 'GET', `/api/conversations/${conversationId}`);
    return r.status === 200 ? r.body : null;
  }, { message: 'conversation readable' });
  const profile = await apiSend(server.baseUrl, admin, 'GET', `/api/visitors/${conv.visitorId}`);
  assert.equal(profile.status, 200, JSON.stringify(profile.body));
  await ctx.close();
  return { visitorId: conv.visitorId, profile: profile.body };
}

test('a host page with a correctly signed identity makes the visitor that customer, the same in another browser', async () => {
  const first = await visitWithIdentity(signed('C-E2E-1', SECRET));
  assert.equal(first.profile.customerId, 'C-E2E-1');
  assert.equal(first.profile.name, '李女士');
  assert.equal(first.profile.attrs.star, '4');
  const second = await visitWithIdentity(signed('C-E2E-1', SECRET));
  assert.equal(second.visitorId, first.visitorId, 'another browser, same customer, same visitor');
});

test('a host page with a badly signed identity leaves the visitor anonymous', async () => {
  const customer = await visitWithIdentity(signed('C-E2E-2', SECRET));
  const forged = await visitWithIdentity(signed('C-E2E-2', 'not-the-site-secret'));
  assert.notEqual(forged.visitorId, customer.visitorId);
  assert.ok(!forged.profile.customerId, `anonymous: ${JSON.stringify(forged.profile)}`);
});
