// The host page's signed identity (CONTRACT section 4) through the widget: a page that sets
// window.FrontlineIdentity before the widget's script makes the visitor that customer, in any
// browser; a badly signed one leaves the visitor anonymous. The signature is computed here as
// the host site's server would, with the secret the server was started with.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { useStack, apiLogin, apiSend, watchPage, eventually, consoleOnline, ADMIN_PASSWORD } from './harness.mjs';

const SECRET = 'e2e-site-secret-for-identity';
const stack = useStack({ before, after, afterEach }, { FRONTLINE_SITE_SECRET: SECRET });

function signed(customerId, secret) {
  const ts = Date.now();
  const sig = createHmac('sha256', secret).update(`${customerId}.${ts}`).digest('hex');
  return { customerId, name: '李女士', attrs: { star: '4', tenure: '6y' }, ts, sig };
}

/** Opens the widget on the demo site's home page; resolves the visitor and its profile. */
async function openAndIdentify(page) {
  const { server } = stack;
  await page.goto(`${server.baseUrl}/`);
  await page.locator('[data-fl=launcher]').waitFor();
  if (await page.locator('[data-fl=panel]').isHidden()) { // the widget reopens itself on a page change
    await page.locator('[data-fl=launcher]').click();
  }
  const greeting = page.locator('[data-fl=message][data-from=bot]').last();
  await greeting.waitFor();
  const conversationId = await greeting.getAttribute('data-conversation');
  const admin = await apiLogin(server.baseUrl, 'admin', ADMIN_PASSWORD);
  const conv = await eventually(async () => {
    const r = await apiSend(server.baseUrl, admin, 'GET', `/api/conversations/${conversationId}`);
    return r.status === 200 ? r.body : null;
  }, { message: 'conversation readable' });
  const profile = await apiSend(server.baseUrl, admin, 'GET', `/api/visitors/${conv.visitorId}`);
  assert.equal(profile.status, 200, JSON.stringify(profile.body));
  return { visitorId: conv.visitorId, profile: profile.body };
}

/** A fresh browser on a page whose host script set this identity before the widget loaded. */
async function visitWithIdentity(identity) {
  const { browser, problems } = stack;
  const ctx = await browser.newContext({ locale: 'zh-CN' });
  await ctx.addInitScript((id) => { window.FrontlineIdentity = id; }, identity);
  const page = watchPage(await ctx.newPage(), problems);
  const seen = await openAndIdentify(page);
  await ctx.close();
  return seen;
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

test('on a shared browser, the next customer to sign in sees nothing of the previous one\'s chat', async () => {
  const { browser, problems } = stack;
  const ctx = await browser.newContext({ locale: 'zh-CN' });
  await ctx.addInitScript((id) => { window.FrontlineIdentity = id; }, signed('C-E2E-3', SECRET));
  const page = watchPage(await ctx.newPage(), problems);
  const first = await openAndIdentify(page);
  await page.locator('[data-fl=input]').fill('第一位客户的私事');
  await page.locator('[data-fl=input]').press('Enter');
  await page.locator('[data-fl=message][data-from=visitor][data-seq]', { hasText: '第一位客户的私事' }).waitFor();
  // The widget keeps the chat in localStorage to show it at once on the next page.
  await page.waitForFunction(() => Object.keys(localStorage).some((k) => localStorage.getItem(k).includes('第一位客户的私事')));
  // The host page now signs in another customer (init scripts run in order: the last one wins).
  await ctx.addInitScript((id) => { window.FrontlineIdentity = id; }, signed('C-E2E-4', SECRET));
  const second = await openAndIdentify(page);
  assert.notEqual(second.visitorId, first.visitorId);
  assert.equal(second.profile.customerId, 'C-E2E-4');
  assert.equal(await page.locator('[data-fl=message]', { hasText: '第一位客户的私事' }).count(), 0,
    'the first customer\'s message is not on the second one\'s screen');
  assert.equal(await page.locator('[data-fl=divider]').count(), 0);
  await ctx.close();
});

/** What the host site's server does: sets the customer's verified profile, signed with the site secret. */
async function setVerifiedProfile(baseUrl, customerId, profile) {
  const body = JSON.stringify(profile);
  const ts = Date.now();
  const sig = createHmac('sha256', SECRET).update(`profile.${customerId}.${ts}.${body}`).digest('hex');
  const r = await fetch(`${baseUrl}/api/customers/${encodeURIComponent(customerId)}/profile`, {
    method: 'PUT', body,
    headers: { 'Content-Type': 'application/json', 'X-Frontline-Timestamp': String(ts), 'X-Frontline-Signature': sig },
  });
  assert.equal(r.status, 200, await r.text());
}

test('the console marks what the page passed as unverified and what the site\'s server set as verified', async () => {
  const { server, browser, problems } = stack;
  await setVerifiedProfile(server.baseUrl, 'C-E2E-5', { name: '王先生', attrs: { level: '金卡' } });
  const actx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 900 } });
  const agent = watchPage(await actx.newPage(), problems);
  await consoleOnline(agent, server.baseUrl, 'agent1');

  // One customer the site vouches for, one whose page only claims a name.
  const vouched = await browser.newContext({ locale: 'zh-CN' });
  await vouched.addInitScript((id) => { window.FrontlineIdentity = id; }, signed('C-E2E-5', SECRET));
  const v1 = watchPage(await vouched.newPage(), problems);
  const first = await openAndIdentify(v1);
  await v1.locator('[data-fl=human]').click();
  const claims = await browser.newContext({ locale: 'zh-CN' });
  await claims.addInitScript((id) => { window.FrontlineIdentity = id; }, signed('C-E2E-6', SECRET));
  const v2 = watchPage(await claims.newPage(), problems);
  const second = await openAndIdentify(v2);
  await v2.locator('[data-fl=human]').click();

  const chat1 = agent.locator('[data-fl=chat]', { hasText: '王先生' });
  await chat1.waitFor();
  assert.equal(await chat1.locator('[data-fl=unverified]').count(), 0, 'a verified name carries no warning');
  const chat2 = agent.locator('[data-fl=chat]', { hasText: '李女士' });
  await chat2.locator('[data-fl=unverified]').waitFor();

  await chat1.click();
  const panel = agent.locator(`[data-fl=visitor-panel][data-visitor="${first.visitorId}"]`);
  await panel.waitFor();
  const name = panel.locator('[data-fl=visitor-display-name]');
  await eventually(async () => (await name.textContent()) === '王先生' || null, { message: 'the verified name' });
  await panel.locator('.vp-name [data-fl=verified]').waitFor();
  const level = panel.locator('[data-fl=visitor-attr][data-attr=level][data-trust=verified]');
  assert.match(await level.textContent(), /金卡/);
  await level.locator('[data-fl=verified]').waitFor();
  for (const attr of ['star', 'tenure']) {
    const row = panel.locator(`[data-fl=visitor-attr][data-attr=${attr}][data-trust=unverified]`);
    await row.locator('[data-fl=unverified]').waitFor();
  }
  const pageName = panel.locator('[data-fl=visitor-attr][data-trust=unverified]', { hasText: '李女士' });
  await pageName.locator('[data-fl=unverified]').waitFor();

  await chat2.click();
  const panel2 = agent.locator(`[data-fl=visitor-panel][data-visitor="${second.visitorId}"]`);
  await panel2.waitFor();
  await eventually(async () => (await panel2.locator('[data-fl=visitor-display-name]').textContent()) === '李女士' || null,
    { message: 'the page\'s name' });
  await panel2.locator('.vp-name [data-fl=unverified]').waitFor();
  assert.equal(await panel2.locator('[data-fl=verified]').count(), 0, 'nothing of this customer is verified');
  await Promise.all([actx.close(), vouched.close(), claims.close()]);
});
