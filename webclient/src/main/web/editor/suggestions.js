// Visitors' suggestions from the self-service panel (GET /api/faq/suggestions), with their
// status (open, done, dismissed) and a note. Agents' proposals are not here: they are drafts in
// the entry list (marked, with their author).
import { h } from '../shared/dom.js';
import { dateTime, errorOf, notice } from './util.js';

const STATUSES = ['open', 'done', 'dismissed'];

function contactText(c) {
  if (!c) {
    return '';
  }
  if (typeof c === 'string') {
    return c;
  }
  return ['name', 'phone', 'email', 'text'].map((k) => c[k]).filter(Boolean).join(' · ');
}

export const suggestionsPanel = {
  id: 'suggestions',
  titleKey: 'suggestionsBox',
  mount(container, ctx) {
    const { i18n, api, can, nav } = ctx;
    const t = i18n.t;
    let items = [];

    const filter = h('select', { 'data-fl': 'suggestion-filter', 'aria-label': t('colStatus') });
    const renderFilter = () => {
      const v = filter.value || 'open';
      filter.replaceChildren(...[...STATUSES, 'all'].map((s) => h('option', { value: s, text: t(`sugg_${s}`) })));
      filter.value = v;
    };
    renderFilter();
    filter.addEventListener('change', () => load());
    const message = notice();
    message.setAttribute('data-fl', 'suggestion-message');
    const list = h('ul', { class: 'suggestions', 'data-fl': 'suggestion-list' });
    const empty = h('p', { class: 'empty', 'data-i18n': 'suggestionsEmpty', hidden: true });
    container.append(h('div', { class: 'toolbar' }, h('p', { class: 'hint', 'data-i18n': 'suggestionsAbout' }), filter),
      message, list, empty);

    const render = () => {
      list.replaceChildren(...items.map((s) => {
        const status = h('select', { 'data-fl': 'suggestion-status', 'aria-label': t('colStatus'), disabled: !can.write },
          ...STATUSES.map((x) => h('option', { value: x, text: t(`sugg_${x}`) })));
        status.value = s.status;
        const note = h('input', { 'data-fl': 'suggestion-note', maxlength: '1000', value: s.note || '',
          placeholder: t('suggestionNoteHint'), 'aria-label': t('suggestionNoteHint'), readonly: !can.write });
        const save = h('button', { type: 'button', 'data-fl': 'suggestion-save', text: t('save'), hidden: !can.write });
        save.addEventListener('click', async () => {
          const body = { status: status.value };
          if (note.value.trim()) {
            body.note = note.value.trim();
          }
          const r = await api(`/api/faq/suggestions/${s.id}`, { method: 'PUT', body });
          if (r.status !== 200) {
            message.show(t('failed', { why: errorOf(r) }), 'error');
            return;
          }
          message.show(t('suggestionSaved', { status: t(`sugg_${status.value}`) }));
          load();
        });
        const handled = s.handledAt ? t('handledBy', { who: s.handledBy || '', at: dateTime(s.handledAt, i18n.lang) }) : '';
        return h('li', { 'data-fl': 'suggestion-row', 'data-id': String(s.id), 'data-status': s.status },
          h('p', { class: 'text', 'data-fl': 'suggestion-text', text: s.text }),
          h('p', { class: 'muted' }, dateTime(s.createdAt, i18n.lang),
            s.contact ? h('span', { 'data-fl': 'suggestion-contact', text: ` · ${contactText(s.contact)}` }) : null,
            handled ? ` · ${handled}` : ''),
          h('div', { class: 'actions' }, status, note, save));
      }));
      empty.hidden = items.length > 0;
    };

    const load = async () => {
      const r = await api(`/api/faq/suggestions?status=${filter.value}&limit=200`);
      if (r.status !== 200) {
        message.show(t('failed', { why: errorOf(r) }), 'error');
        return;
      }
      items = r.body.suggestions;
      render();
      if (filter.value === 'open') {
        nav.badge('suggestions', items.length);
      }
    };

    i18n.onChange(() => {
      renderFilter();
      render();
    });
    // The count of open ones on the tab from the start.
    load();
    return {
      show() {
        message.clear();
        load();
      },
    };
  },
};
