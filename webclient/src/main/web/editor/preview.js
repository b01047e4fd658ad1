// The preview box next to the entry form: test questions (one a line) answered by a throwaway
// bot that holds the live entries plus the entry as it is in the form now
// (POST /api/faq/preview). For each question: the decision, the score and where the edited
// entry ranks. Ctrl+Enter in the box runs it.
import { h } from '../shared/dom.js';
import { errorOf } from './util.js';

const MAX = 50;

export function previewBox(ctx, getEntry) {
  const { i18n, api } = ctx;
  const t = i18n.t;
  let last = null;

  const questions = h('textarea', { 'data-fl': 'preview-questions', rows: '4', 'data-i18n-placeholder': 'previewHint' });
  const run = h('button', { type: 'button', class: 'primary', 'data-fl': 'preview-run', 'data-i18n': 'previewRun' });
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const tbody = h('tbody');
  const table = h('table', { class: 'preview', 'data-fl': 'preview-result', hidden: true },
    h('thead', {}, h('tr', {},
      h('th', { 'data-i18n': 'previewQuestion' }), h('th', { 'data-i18n': 'decision' }),
      h('th', { 'data-i18n': 'score' }), h('th', { 'data-i18n': 'previewRank' }))),
    tbody);
  const el = h('section', { class: 'side-box', 'data-fl': 'preview' },
    h('h3', { 'data-i18n': 'preview' }),
    h('p', { class: 'hint', 'data-i18n': 'previewAbout' }),
    questions, h('div', { class: 'actions' }, run), error, table);

  const rankText = (r) => {
    if (r.candidate && r.decision === 'answer') {
      return t('rankAnswer');
    }
    if (r.candidateRank) {
      return t('rankSuggest', { n: r.candidateRank });
    }
    return t('rankNone');
  };

  const render = () => {
    if (!last) {
      table.hidden = true;
      return;
    }
    tbody.replaceChildren(...last.results.map((r) => {
      const other = !r.candidate && r.faqId
        ? h('div', { class: 'muted', text: t('previewOther', { id: r.faqId }) }) : null;
      return h('tr', { 'data-fl': 'preview-row', 'data-decision': r.decision, 'data-candidate': String(r.candidate),
        'data-rank': r.candidateRank === null || r.candidateRank === undefined ? '' : String(r.candidateRank) },
      h('td', { text: r.question }),
      h('td', {}, h('span', { class: 'decision', 'data-decision': r.decision, text: t(`decision_${r.decision}`) })),
      h('td', { 'data-fl': 'preview-score', text: (r.score || 0).toFixed(2) }),
      h('td', { 'data-fl': 'preview-rank' }, h('span', { class: r.candidateRank ? 'rank hit' : 'rank', text: rankText(r) }), other));
    }));
    table.hidden = false;
  };

  const go = async () => {
    const qs = questions.value.split('\n').map((q) => q.trim()).filter(Boolean).slice(0, MAX);
    error.hidden = true;
    if (!qs.length) {
      error.textContent = t('previewNeedQuestions');
      error.hidden = false;
      questions.focus();
      return;
    }
    const entry = getEntry();
    if (!entry.question) {
      error.textContent = t('needQuestion');
      error.hidden = false;
      return;
    }
    const body = { question: entry.question, similar: entry.similar, answer: entry.answer, category: entry.category,
      channels: entry.channels };
    if (entry.id) {
      body.id = entry.id;
    }
    run.disabled = true;
    try {
      const r = await api('/api/faq/preview', { method: 'POST', body: { entry: body, questions: qs } });
      if (r.status !== 200) {
        throw new Error(errorOf(r));
      }
      last = r.body;
      render();
    } catch (e) {
      error.textContent = t('failed', { why: e.message });
      error.hidden = false;
    } finally {
      run.disabled = false;
    }
  };

  run.addEventListener('click', go);
  questions.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      go();
    }
  });
  i18n.onChange(render);

  return {
    el,
    /** A new entry in the form: old results go. */
    reset() {
      last = null;
      questions.value = '';
      error.hidden = true;
      render();
    },
  };
}
