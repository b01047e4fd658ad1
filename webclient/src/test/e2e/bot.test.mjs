// The bot on the demo: an English visitor is answered from the Chinese demo base, the demo's own
// sample question gets the right entry, and the editor's calibration view explains and previews
// the thresholds learned from the base.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, staffLogin, watchPage, eventually, apiLogin, apiGet, DEMO_PASSWORD } from './harness.mjs';

const stack = useStack({ before, after, afterEach });

async function openWidget(page, url) {
  await page.goto(url);
  await page.locator('[data-fl=launcher]').click();
  await page.locator('[data-fl=message][data-from=bot]').first().waitFor();
}

test('an English visitor on the demo site asks for the balance and gets the balance answer', async () => {
  const { server, browser, problems } = stack;
  const ctx = await browser.newContext({ locale: 'en-US' });
  const page = watchPage(await ctx.newPage(), problems);
  await openWidget(page, `${server.baseUrl}/`);
  await page.locator('[data-fl=input]').fill('how do I check my balance');
  await page.locator('[data-fl=input]').press('Enter');
  const reply = page.locator('[data-fl=message][data-from=bot]').nth(1);
  await reply.waitFor();
  const text = await reply.textContent();
  assert.match(text, /CXHF/, `the balance entry (tel-001), got: ${text}`);
  assert.match(text, /Text CXHF to 10001/, 'with the English half of its answer');
  await ctx.close();
});

test('the demo page\'s sample question 流量用完了怎么办 is answered with the data add-on pack', async () => {
  const r = await fetch(`${stack.server.baseUrl}/api/bot/answer?q=${encodeURIComponent('流量用完了怎么办')}`);
  const body = await r.json();
  assert.equal(body.faqId, 'tel-014', JSON.stringify(body));
});

test('the editor reads the calibration, previews a stricter precision target and saves it', async () => {
  const { server, browser, problems } = stack;
  const token = await apiLogin(server.baseUrl, 'editor', DEMO_PASSWORD);
  const ctx = await browser.newContext({ locale: 'en-US' });
  const page = watchPage(await ctx.newPage(), problems);
  await staffLogin(page, server.baseUrl, '/editor', 'editor');
  await page.locator('[data-fl=tab][data-panel=calibration]').click();
  const summary = page.locator('[data-fl=cal-live] [data-fl=cal-summary][data-lang=zh]');
  await summary.waitFor({ timeout: 30000 });
  const live = await apiGet(server.baseUrl, token, '/api/bot/calibration');
  const zh = live.bots.find((b) => b.language === 'zh');
  assert.ok(zh.learned && zh.heldOut > 100, JSON.stringify({ ...zh, curve: undefined }));
  // The page speaks the editor's language (Chinese or English): the figures are the API's.
  const said = await summary.textContent();
  assert.ok(said.includes(`${Math.round(100 * zh.answers)}%`) && said.includes(`${Math.round(100 * zh.precision)}%`),
    `${said} names the share answered and the precision`);

  // The slider previews before anything is saved.
  await page.locator('[data-fl=cal-target]').fill('99');
  const previewed = page.locator('[data-fl=cal-preview] [data-fl=cal-summary][data-lang=zh]');
  await previewed.waitFor();
  const preview = await apiGet(server.baseUrl, token, '/api/bot/calibration/preview?targetPrecision=0.99');
  const pz = preview.bots.find((b) => b.language === 'zh');
  assert.ok(pz.answer >= zh.answer, `a stricter target never lowers the answer threshold: ${pz.answer} < ${zh.answer}`);
  assert.ok(pz.answers <= zh.answers);
  assert.ok((await previewed.textContent()).includes(`${Math.round(100 * pz.answers)}%`));
  assert.equal((await apiGet(server.baseUrl, token, '/api/bot/calibration')).targetPrecision, 0.9, 'not saved yet');

  await page.locator('[data-fl=cal-save]').click();
  await page.locator('[data-fl=cal-message]', { hasText: '99%' }).waitFor();
  await eventually(async () => {
    const now = await apiGet(server.baseUrl, token, '/api/bot/calibration');
    const b = now.bots.find((x) => x.language === 'zh');
    return now.targetPrecision === 0.99 && b.answer === pz.answer ? now : null;
  }, { timeout: 30000, message: 'the bot relearned with the saved target' });
  await ctx.close();
});
