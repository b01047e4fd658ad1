// The knowledge editor (/editor) and the self-service panel (site/kb.html), against the real
// server: review workflow, import, unanswered questions, preview, conflicts, the panel.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, staffLogin, watchPage, eventually, apiLogin, apiGet, trace, DEMO_PASSWORD } from './harness.mjs';

const stack = useStack({ before, after, afterEach });
let editorToken = null;

async function token() {
  editorToken ||= await apiLogin(stack.server.baseUrl, 'editor', DEMO_PASSWORD);
  return editorToken;
}

async function botAnswer(q) {
  const r = await fetch(`${stack.server.baseUrl}/api/bot/answer?q=${encodeURIComponent(q)}`);
  assert.equal(r.status, 200);
  return r.json();
}

/** A staff page logged into /editor, on the entries tab. */
async function editorPage(username) {
  const ctx = await stack.browser.newContext({ locale: 'zh-CN' });
  const page = watchPage(await ctx.newPage(), stack.problems);
  await staffLogin(page, stack.server.baseUrl, '/editor', username);
  await page.locator('[data-fl=entry-row]').first().waitFor();
  return { ctx, page };
}

/** The browser logs a refused request as an error: expected there, and only that one. */
function expectOnly(re) {
  const { problems } = stack;
  assert.ok(problems.length > 0 && problems.every((p) => re.test(p)), problems.join('\n'));
  problems.length = 0;
}

async function tab(page, id) {
  await page.locator(`[data-fl=tab][data-panel=${id}]`).click();
  await page.locator(`[data-fl=panel-${id}]`).waitFor();
}

/** The entry id the editor shows (#entries/<id>). */
async function openEntryId(page) {
  await page.waitForFunction(() => /^#entries\/[^~]/.test(location.hash));
  return decodeURIComponent((await page.evaluate(() => location.hash)).replace('#entries/', ''));
}

test('an editor drafts an entry; the bot ignores it until the supervisor publishes it from the review queue', async () => {
  const { server } = stack;
  const { ctx: edCtx, page: ed } = await editorPage('editor');
  trace('editor in');
  await ed.locator('[data-fl=entry-new]').click();
  await ed.locator('[data-fl=entry-question]').fill('星河积分可以兑换机票吗？');
  // Similar questions from the keyboard: Enter adds the next row.
  await ed.locator('[data-fl=similar-input]').first().fill('积分能换机票吗');
  await ed.locator('[data-fl=similar-input]').first().press('Enter');
  await ed.keyboard.type('会员积分兑换航空里程');
  await ed.keyboard.press('Enter');
  await ed.keyboard.type('积分怎么兑换飞机票');
  assert.equal(await ed.locator('[data-fl=similar-input]').count(), 3);
  await ed.locator('[data-fl=entry-answer]').fill('可以。在营业厅App“积分商城”选择“航空里程”，1000 积分兑换 500 里程。');
  await ed.locator('[data-fl=entry-category]').fill('积分');
  assert.equal(await ed.locator('[data-fl=entry-save]').textContent(), '保存草稿');
  await ed.locator('[data-fl=entry-save]').click();
  await ed.locator('[data-fl=entry-status][data-status=draft]').waitFor();
  const id = await openEntryId(ed);
  await ed.locator('[data-fl=version-row][data-version="1"] [data-fl=version-author]', { hasText: '陈编辑' }).waitFor();
  trace('draft saved');

  const saved = await apiGet(server.baseUrl, await token(), `/api/faq/${encodeURIComponent(id)}`);
  assert.equal(saved.status, 'draft');
  assert.deepEqual(saved.similar, ['积分能换机票吗', '会员积分兑换航空里程', '积分怎么兑换飞机票']);
  const paraphrase = '积分可以兑换机票吗';
  const before = await botAnswer(paraphrase);
  assert.notEqual(before.faqId, id, 'a draft is not answered');
  assert.ok(!before.suggestions.some((s) => s.faqId === id), 'a draft is not suggested');

  // The editor submits it; the draft shows in the list with its author.
  await ed.locator('[data-fl=entry-submit]').click();
  await ed.locator('[data-fl=entry-status][data-status=review]').waitFor();
  await ed.locator('[data-fl=entry-back]').click();
  await ed.locator(`[data-fl=entry-row][data-id="${id}"][data-status=review] [data-fl=entry-author]`, { hasText: '陈编辑' })
    .waitFor();
  trace('submitted');

  // The supervisor publishes it from the review queue, after seeing the new text.
  const { ctx: supCtx, page: sup } = await editorPage('supervisor');
  assert.equal(await sup.locator('[data-fl=entry-new]').isVisible(), false, 'a supervisor does not write entries');
  await tab(sup, 'review');
  await sup.locator(`[data-fl=review-item][data-id="${id}"][data-status=review]`).click();
  const questionRow = sup.locator('[data-fl=review-diff] [data-fl=diff-row][data-field=question]');
  await questionRow.locator('[data-fl=diff-new]', { hasText: '星河积分可以兑换机票吗？' }).waitFor();
  assert.equal(await questionRow.getAttribute('data-changed'), 'true');
  assert.equal(await sup.locator('[data-fl=review-author]').textContent(), '陈编辑');
  await sup.locator('[data-fl=review-note]').fill('内容核实无误');
  const [published] = await Promise.all([
    sup.waitForResponse((r) => r.url().endsWith(`/api/faq/${encodeURIComponent(id)}/publish`)),
    sup.locator('[data-fl=review-publish]').click(),
  ]);
  const publishedAt = Date.now();
  assert.equal(published.status(), 200);
  const answered = await eventually(async () => {
    const r = await botAnswer(paraphrase);
    return r.decision === 'answer' && r.faqId === id ? r : null;
  }, { timeout: 3000, interval: 50, message: 'the bot answering the published entry' });
  const took = Date.now() - publishedAt;
  assert.ok(took < 1000, `answered ${took} ms after publishing`);
  assert.match(answered.answer, /积分商城/);
  await sup.locator('[data-fl=review-message]', { hasText: '已发布' }).waitFor();
  await sup.locator(`[data-fl=review-item][data-id="${id}"]`).waitFor({ state: 'detached' });
  const live = await apiGet(server.baseUrl, await token(), `/api/faq/${encodeURIComponent(id)}/versions`);
  assert.equal(live.versions[0].status, 'published');
  assert.equal(live.versions[0].note, '内容核实无误');
  trace(`published, answered after ${took} ms`);
  await Promise.all([edCtx.close(), supCtx.close()]);
});

test('import: a CSV with a BOM is imported; a JSON Lines file with a bad line names the line and stores nothing', async () => {
  const { server } = stack;
  const { ctx, page } = await editorPage('editor');
  await tab(page, 'files');
  const csv = '\uFEFFid,question,similar,answer,category\r\n'
    + 'csv-1,宽带续费怎么办理？,宽带怎么续费|宽带到期了怎么办,"在营业厅App办理续费，或拨打10000。",宽带\r\n'
    + 'csv-2,"家庭网怎么加成员？","家庭网添加号码|怎么把家人加进家庭网","发送""JTW#号码""到10001。",套餐\r\n';
  await page.locator('[data-fl=import-file]').setInputFiles({ name: 'faq.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await page.locator('[data-fl=import-run]').click();
  const result = page.locator('[data-fl=import-result]');
  await page.locator('[data-fl=import-result][data-state=ok]').waitFor();
  assert.match(await result.textContent(), /已导入 2 条/);
  const one = await apiGet(server.baseUrl, await token(), '/api/faq/csv-1');
  assert.equal(one.question, '宽带续费怎么办理？');
  assert.deepEqual(one.similar, ['宽带怎么续费', '宽带到期了怎么办']);
  assert.equal(one.status, 'draft', "an editor's import is a draft while review is on");
  const two = await apiGet(server.baseUrl, await token(), '/api/faq/csv-2');
  assert.equal(two.answer, '发送"JTW#号码"到10001。');

  const jsonl = [
    JSON.stringify({ id: 'jl-1', question: '副卡怎么办理？', answer: '带身份证到营业厅办理。', category: '号卡' }),
    '',
    '{"id": "jl-2", "question": "缺了引号, "answer": "x"}',
    JSON.stringify({ id: 'jl-3', question: '副卡能单独停机吗？', answer: '可以。' }),
  ].join('\n');
  await page.locator('[data-fl=import-file]').setInputFiles({ name: 'faq.jsonl', mimeType: 'application/x-ndjson',
    buffer: Buffer.from(jsonl, 'utf8') });
  await page.locator('[data-fl=import-run]').click();
  await page.locator('[data-fl=import-result][data-state=error][data-line="3"]').waitFor();
  assert.match(await result.textContent(), /第 3 行/);
  assert.match(await page.locator('[data-fl=import-bad-line]').textContent(), /缺了引号/);
  expectOnly(/status of 400/);
  const missing = await fetch(`${server.baseUrl}/api/faq/jl-1`, { headers: { authorization: `Bearer ${await token()}` } });
  assert.equal(missing.status, 404, 'nothing of a bad file is imported');

  // Export of the latest versions carries the imported drafts.
  await page.locator('[data-fl=export-scope]').selectOption('latest');
  const href = await page.locator('[data-fl=export-csv]').getAttribute('href');
  const exported = Buffer.from(await page.evaluate(async (u) => [...new Uint8Array(await (await fetch(u)).arrayBuffer())], href));
  assert.deepEqual([...exported.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the CSV export starts with a BOM');
  assert.match(exported.toString('utf8'), /csv-1,宽带续费怎么办理？/);
  await ctx.close();
});

test('an unanswered group from chat becomes a new entry in one step', async () => {
  const { server } = stack;
  const { ctx, page } = await editorPage('editor');
  // Three visitors ask what the bot does not know, in chat (the misses are logged from chats only).
  const questions = ['数字人民币能交话费吗', '可以用数字人民币交话费吗', '数字人民币可以交话费吗'];
  const replies = await page.evaluate(async (texts) => {
    const ask = (text, i) => new Promise((resolve, reject) => {
      const ws = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/ws/visitor`);
      const timer = setTimeout(() => reject(new Error(`no bot reply to ${text}`)), 10000);
      let mySeq = null;
      ws.onopen = () => ws.send(JSON.stringify({ type: 'hello', token: null, lastSeq: 0,
        page: { url: `${location.origin}/`, title: 'e2e', referrer: '' } }));
      ws.onmessage = (ev) => {
        const f = JSON.parse(ev.data);
        if (f.type === 'welcome') {
          ws.send(JSON.stringify({ type: 'send', clientId: `e2e-miss-${i}-${Date.now()}`, text }));
        } else if (f.type === 'ack') {
          mySeq = f.seq;
        } else if (f.type === 'message' && f.from === 'bot' && mySeq !== null && f.seq > mySeq) {
          clearTimeout(timer);
          ws.close();
          resolve(f.text);
        }
      };
      ws.onerror = () => reject(new Error('socket error'));
    });
    return Promise.all(texts.map(ask));
  }, questions);
  assert.equal(replies.length, 3);
  trace('misses asked');

  const group = await eventually(async () => {
    const r = await apiGet(server.baseUrl, await token(), '/api/faq/unanswered');
    return r.groups.find((g) => g.count === 3 && g.questions.every((q) => questions.includes(q.text)));
  }, { timeout: 10000, interval: 200, message: 'the unanswered group' });

  await tab(page, 'unanswered');
  const row = page.locator(`[data-fl=unanswered-group][data-group="${group.id}"]`);
  await row.waitFor();
  assert.equal(await row.getAttribute('data-count'), '3');
  assert.equal(await row.locator('[data-fl=group-question]').count(), 3);
  await row.locator('[data-fl=group-new-entry]').click();

  // The new draft opens in the form, holding the group's questions.
  const id = await openEntryId(page);
  await page.locator('[data-fl=entry-status][data-status=draft]').waitFor();
  const shown = [await page.locator('[data-fl=entry-question]').inputValue(),
    ...(await page.locator('[data-fl=similar-input]').evaluateAll((els) => els.map((e) => e.value)))];
  assert.deepEqual([...shown].sort(), [...questions].sort());
  const entry = await apiGet(server.baseUrl, await token(), `/api/faq/${encodeURIComponent(id)}`);
  assert.equal(entry.status, 'draft');
  assert.deepEqual([entry.question, ...entry.similar].sort(), [...questions].sort());
  const after = await apiGet(server.baseUrl, await token(), '/api/faq/unanswered');
  assert.ok(!after.groups.some((g) => g.id === group.id), 'the group is resolved');

  // The editor writes the answer and saves: still the same entry.
  await page.locator('[data-fl=entry-answer]').fill('支持。在营业厅App“充值缴费”选择数字人民币支付。');
  await page.locator('[data-fl=entry-save]').click();
  await page.locator('[data-fl=entry-message]', { hasText: '草稿 v2' }).waitFor();
  await ctx.close();
});

test('the preview ranks test questions against the entry being edited, before it is saved', async () => {
  const { ctx, page } = await editorPage('editor');
  await page.locator('[data-fl=entry-new]').click();
  await page.locator('[data-fl=entry-question]').fill('星河云盘空间怎么扩容？');
  await page.locator('[data-fl=similar-input]').first().fill('云盘容量不够了怎么办');
  await page.locator('[data-fl=entry-answer]').fill('在营业厅App“云盘”页面购买扩容包。');
  await page.locator('[data-fl=preview-questions]').fill('云盘容量不够了怎么办\n云盘空间怎么扩容\n怎么查询话费余额');
  await page.locator('[data-fl=preview-run]').click();
  const rows = page.locator('[data-fl=preview-result] [data-fl=preview-row]');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 3);
  assert.equal(await rows.nth(0).getAttribute('data-candidate'), 'true');
  assert.equal(await rows.nth(0).getAttribute('data-rank'), '1');
  assert.equal(await rows.nth(0).getAttribute('data-decision'), 'answer');
  assert.match(await rows.nth(0).locator('[data-fl=preview-rank]').textContent(), /直接回答/);
  // A paraphrase: the candidate is the best guess.
  assert.equal(await rows.nth(1).getAttribute('data-rank'), '1');
  const score = Number(await rows.nth(1).locator('[data-fl=preview-score]').textContent());
  assert.ok(score > 0.5 && score <= 1, `score ${score}`);
  assert.equal(await rows.nth(2).getAttribute('data-candidate'), 'false');
  assert.equal(await rows.nth(2).getAttribute('data-rank'), '');
  assert.match(await rows.nth(2).locator('[data-fl=preview-rank]').textContent(), /未上榜.*tel-001/);

  // The form's current text counts: with another question the candidate no longer answers.
  await page.locator('[data-fl=entry-question]').fill('宽带续约有优惠吗？');
  await page.locator('[data-fl=similar-input]').first().fill('');
  await page.locator('[data-fl=preview-run]').click();
  await page.locator('[data-fl=preview-result] [data-fl=preview-row]:first-child[data-candidate=false]').waitFor();
  assert.notEqual(await rows.nth(0).getAttribute('data-decision'), 'answer');
  assert.equal(await rows.nth(0).getAttribute('data-rank'), '');
  assert.equal(await page.locator('[data-fl=entry-status]').count(), 0, 'nothing was saved');
  await ctx.close();
});

test('saving over a version someone else changed shows the conflict and reloads the latest', async () => {
  const { server } = stack;
  const { ctx, page } = await editorPage('editor');
  await page.goto(`${server.baseUrl}/editor#entries/tel-003`);
  await page.locator('[data-fl=entry-status]').waitFor();
  const version = (await apiGet(server.baseUrl, await token(), '/api/faq/tel-003')).version;
  await page.locator('[data-fl=entry-answer]').fill('我的修改');
  // Meanwhile another editor saves a new version.
  const r = await fetch(`${server.baseUrl}/api/faq/tel-003`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${await token()}`, 'content-type': 'application/json' },
    body: JSON.stringify({ answer: '别人的修改', baseVersion: version }),
  });
  assert.equal(r.status, 200);
  await page.keyboard.press('Control+s');
  const conflict = page.locator('[data-fl=entry-conflict]');
  await conflict.waitFor();
  assert.match(await conflict.textContent(), /已被他人修改/);
  assert.equal(await page.locator('[data-fl=entry-answer]').inputValue(), '我的修改', 'the typed text is kept');
  expectOnly(/status of 409/);
  await page.locator('[data-fl=entry-reload]').click();
  await conflict.waitFor({ state: 'hidden' });
  assert.equal(await page.locator('[data-fl=entry-answer]').inputValue(), '别人的修改');
  assert.match(await page.locator('[data-fl=entry-meta]').textContent(), new RegExp(`v${version + 1}`));
  await ctx.close();
});

test('the self-service panel: categories, search, an answer counted as a click, helpful, a suggestion', async () => {
  const { server, browser, problems } = stack;
  const ctx = await browser.newContext({ locale: 'zh-CN' });
  const page = watchPage(await ctx.newPage(), problems);
  const categories = (await (await fetch(`${server.baseUrl}/api/kb/categories`)).json()).categories;
  const broadband = categories.find((c) => c.name === '宽带');
  assert.ok(broadband && broadband.count >= 3);

  await page.goto(`${server.baseUrl}/web/site/kb.html`);
  const entries = page.locator('[data-fl=kb-panel] [data-fl=kb-entry]');
  await entries.first().waitFor();
  const shownCats = await page.locator('[data-fl=kb-category]').evaluateAll((els) => els.map((e) => e.dataset.category));
  assert.deepEqual(shownCats, ['', ...categories.map((c) => c.name)], 'categories as the server orders them');

  await page.locator('[data-fl=kb-category][data-category="宽带"]').click();
  await eventually(async () => {
    const cats = await entries.evaluateAll((els) => els.map((e) => e.dataset.category));
    return cats.length === broadband.count && cats.every((c) => c === '宽带');
  }, { message: 'the broadband entries' });

  await page.locator('[data-fl=kb-search]').pressSequentially('携号转网', { delay: 40 });
  await eventually(async () => {
    const texts = await entries.allTextContents();
    return texts.length > 0 && /携号转网/.test(texts[0]) ? texts : null;
  }, { message: 'search results' });
  const all = (await (await fetch(`${server.baseUrl}/api/kb/entries?limit=100`)).json()).entries;
  assert.ok((await entries.count()) < all.length, 'search narrows the list');

  const first = entries.first();
  const id = await first.getAttribute('data-faq');
  const clicksBefore = all.find((e) => e.id === id).clicks;
  await first.click();
  await page.locator('[data-fl=kb-answer]').waitFor();
  assert.ok((await page.locator('[data-fl=kb-answer]').textContent()).length > 10);
  await eventually(async () => {
    const e = await (await fetch(`${server.baseUrl}/api/kb/entries/${id}`)).json();
    return e.clicks === clicksBefore + 1;
  }, { message: 'the click counted' });

  await page.locator('[data-fl=kb-helpful][data-helpful=yes]').click();
  await page.locator('[data-fl=kb-helpful-done]').waitFor();
  await eventually(async () => (await apiGet(server.baseUrl, await token(), `/api/faq/${id}`)).helpful === 1,
    { message: 'the helpful vote' });
  assert.equal(await page.locator('[data-fl=kb-helpful][data-helpful=no]').isDisabled(), true, 'one vote per entry');

  await page.locator('[data-fl=kb-suggest-open]').click();
  await page.locator('[data-fl=kb-suggest-text]').fill('希望增加国际漫游资费查询的说明');
  await page.locator('[data-fl=kb-suggest-contact]').fill('13800001234');
  await page.locator('[data-fl=kb-suggest-send]').click();
  await page.locator('[data-fl=kb-suggest-done]').waitFor();
  const suggestions = (await apiGet(server.baseUrl, await token(), '/api/faq/suggestions')).suggestions;
  const mine = suggestions.find((s) => s.text === '希望增加国际漫游资费查询的说明');
  assert.ok(mine, 'the suggestion landed');
  assert.equal(mine.status, 'open');

  const events = await page.evaluate(() => window.frontlineKbEvents);
  assert.ok(events.some((e) => e.event === 'kb_search' && e.q === '携号转网'), JSON.stringify(events));
  assert.ok(events.some((e) => e.event === 'kb_view' && e.faqId === id), JSON.stringify(events));

  // The widget will mount the same module inside its shadow root: styles go there too.
  await page.evaluate(async () => {
    const { mountKbPanel } = await import('/web/shared/kb-panel.js');
    const host = document.createElement('div');
    host.id = 'shadow-host';
    document.body.append(host);
    const root = host.attachShadow({ mode: 'open' });
    const box = document.createElement('div');
    root.append(box);
    mountKbPanel(box, { origin: location.origin, lang: 'en' });
  });
  await page.locator('#shadow-host [data-fl=kb-entry]').first().waitFor();
  assert.equal(await page.locator('#shadow-host [data-fl=kb-search]').getAttribute('placeholder'), 'Search, e.g. how to check my balance');
  assert.equal(await page.evaluate(() => document.getElementById('shadow-host').shadowRoot.querySelectorAll('link[rel=stylesheet]').length), 1);
  await ctx.close();
});
