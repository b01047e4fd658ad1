// "Test the bot": GET /api/bot/answer?q= and what the bot decided, how sure it was, and why.
import { h, renderText } from '../shared/dom.js';

export const botTestPanel = {
  id: 'bot-test',
  titleKey: 'botTest',
  mount(container, { i18n, api }) {
    const input = h('input', { 'data-fl': 'bot-question', maxlength: '1000', 'data-i18n-placeholder': 'botTestHint' });
    const button = h('button', { type: 'submit', class: 'primary', 'data-fl': 'bot-ask', 'data-i18n': 'ask' });
    const form = h('form', { class: 'ask', 'data-fl': 'bot-test' }, input, button);
    const result = h('dl', { class: 'result', 'data-fl': 'bot-result', 'aria-live': 'polite', hidden: true });
    const error = h('p', { class: 'error', role: 'alert', hidden: true });
    container.append(h('p', { 'data-i18n': 'botTestHint' }), form, error, result);
    let last = null;

    const render = () => {
      if (!last) {
        return;
      }
      const r = last;
      const t = i18n.t;
      const bar = h('span', { class: 'score-bar' }, h('span'));
      bar.firstChild.style.width = `${Math.round(Math.max(0, Math.min(1, r.score || 0)) * 100)}%`;
      const suggestions = (r.suggestions || []).length
        ? h('ol', { class: 'suggestion-list' }, ...r.suggestions.map((s) => h('li', {},
          h('button', { type: 'button', 'data-fl': 'bot-suggestion', 'data-faq': s.faqId, text: s.question,
            on: { click: () => ask(s.question) } }))))
        : h('span', { text: t('none') });
      result.replaceChildren(
        h('dt', { text: t('decision') }),
        h('dd', {}, h('span', { class: 'decision', 'data-fl': 'bot-decision', 'data-decision': r.decision,
          text: `${t(`decision_${r.decision}`)} (${r.decision})` })),
        h('dt', { text: t('score') }),
        h('dd', {}, h('span', { 'data-fl': 'bot-score', text: (r.score || 0).toFixed(3) }), bar),
        h('dt', { text: t('faq') }),
        h('dd', { 'data-fl': 'bot-faq', text: r.faqId || t('none') }),
        h('dt', { text: t('answer') }),
        renderText(h('dd', { 'data-fl': 'bot-answer' }), r.answer || t('none')),
        h('dt', { text: t('suggestions') }),
        h('dd', {}, suggestions),
        h('dt', { text: t('reason') }),
        h('dd', { 'data-fl': 'bot-reason', text: r.reason || '' }));
      result.hidden = false;
    };

    const ask = async (q) => {
      const question = q.trim();
      if (!question) {
        return;
      }
      input.value = question;
      button.disabled = true;
      error.hidden = true;
      try {
        const r = await api(`/api/bot/answer?q=${encodeURIComponent(question)}`);
        if (r.status !== 200) {
          throw new Error(r.body && r.body.error ? r.body.error.message : String(r.status));
        }
        last = r.body;
        render();
      } catch (e) {
        error.textContent = i18n.t('failed', { why: e.message });
        error.hidden = false;
      } finally {
        button.disabled = false;
      }
    };

    form.addEventListener('submit', (e) => {
      e.preventDefault();
      ask(input.value);
    });
    i18n.onChange(render);
  },
};
