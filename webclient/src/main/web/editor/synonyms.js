// Synonym sets (流量 / 数据流量): list, add, edit, delete. They apply to the bot at once, no review.
import { h } from '../shared/dom.js';
import { confirmButton, dateTime, errorOf, notice, splitList } from './util.js';

export const synonymsPanel = {
  id: 'synonyms',
  titleKey: 'synonyms',
  mount(container, ctx) {
    const { i18n, api, can } = ctx;
    const t = i18n.t;
    let sets = [];
    let editing = null;

    const message = notice();
    message.setAttribute('data-fl', 'synonym-message');
    const newTerms = h('input', { 'data-fl': 'synonym-new', maxlength: '700', 'data-i18n-placeholder': 'synonymHint',
      'data-i18n-title': 'synonymHint' });
    const add = h('button', { type: 'submit', class: 'primary', 'data-fl': 'synonym-add', 'data-i18n': 'add' });
    const addForm = h('form', { class: 'ask', hidden: !can.write }, newTerms, add);
    const tbody = h('tbody', { 'data-fl': 'synonym-list' });
    const empty = h('p', { class: 'empty', 'data-i18n': 'synonymsEmpty', hidden: true });
    container.append(
      h('p', { class: 'hint', 'data-i18n': 'synonymsAbout' }),
      addForm, message,
      h('table', {}, h('thead', {}, h('tr', {}, h('th', { 'data-i18n': 'synonymTerms' }), h('th', { 'data-i18n': 'colUpdated' }),
        h('th', {}))), tbody),
      empty);

    /** 2 to 20 different terms, or a message key. */
    const check = (terms) => {
      if (terms.length < 2) {
        return 'synonymTooFew';
      }
      if (new Set(terms.map((x) => x.toLowerCase())).size !== terms.length) {
        return 'synonymRepeat';
      }
      if (terms.length > 20 || terms.some((x) => x.length > 32)) {
        return 'synonymTooMany';
      }
      return null;
    };

    const render = () => {
      tbody.replaceChildren(...sets.map((s) => {
        const row = h('tr', { 'data-fl': 'synonym-row', 'data-id': String(s.id) });
        if (editing === s.id) {
          const input = h('input', { 'data-fl': 'synonym-terms-input', value: s.terms.join(', '), maxlength: '700',
            'aria-label': t('synonymTerms') });
          const save = h('button', { type: 'button', class: 'primary', 'data-fl': 'synonym-save', text: t('save') });
          const cancel = h('button', { type: 'button', 'data-fl': 'synonym-cancel', text: t('cancel') });
          const doSave = async () => {
            const terms = splitList(input.value, { spaces: true });
            const bad = check(terms);
            if (bad) {
              message.show(t(bad), 'error');
              input.focus();
              return;
            }
            const r = await api(`/api/faq/synonyms/${s.id}`, { method: 'PUT', body: { terms } });
            if (r.status !== 200) {
              message.show(t('failed', { why: errorOf(r) }), 'error');
              return;
            }
            editing = null;
            message.show(t('synonymSaved'));
            await load();
            tbody.querySelector(`[data-id="${s.id}"] [data-fl=synonym-edit]`)?.focus();
          };
          save.addEventListener('click', doSave);
          cancel.addEventListener('click', () => {
            editing = null;
            render();
            tbody.querySelector(`[data-id="${s.id}"] [data-fl=synonym-edit]`)?.focus();
          });
          input.addEventListener('keydown', (e) => {
            if (e.key === 'Enter' && !e.isComposing) {
              e.preventDefault();
              doSave();
            } else if (e.key === 'Escape') {
              cancel.click();
            }
          });
          row.append(h('td', { colspan: '2' }, input), h('td', { class: 'actions' }, save, cancel));
          setTimeout(() => input.focus(), 0);
          return row;
        }
        const edit = h('button', { type: 'button', 'data-fl': 'synonym-edit', text: t('edit'), hidden: !can.write,
          on: { click: () => { editing = s.id; render(); } } });
        const del = confirmButton({ class: 'danger', 'data-fl': 'synonym-delete', hidden: !can.write }, 'delete', 'deleteSure', t,
          async () => {
            const r = await api(`/api/faq/synonyms/${s.id}`, { method: 'DELETE' });
            if (r.status !== 200) {
              message.show(t('failed', { why: errorOf(r) }), 'error');
              return;
            }
            message.show(t('synonymDeleted'));
            await load();
            newTerms.focus();
          });
        row.append(
          h('td', { 'data-fl': 'synonym-terms' }, ...s.terms.map((x) => h('span', { class: 'term', text: x }))),
          h('td', { class: 'muted', text: `${s.updatedBy || ''} · ${dateTime(s.updatedAt, i18n.lang)}` }),
          h('td', { class: 'actions' }, edit, del));
        return row;
      }));
      empty.hidden = sets.length > 0;
    };

    const load = async () => {
      const r = await api('/api/faq/synonyms');
      if (r.status !== 200) {
        message.show(t('failed', { why: errorOf(r) }), 'error');
        return;
      }
      sets = r.body.synonyms;
      render();
    };

    addForm.addEventListener('submit', async (e) => {
      e.preventDefault();
      const terms = splitList(newTerms.value, { spaces: true });
      const bad = check(terms);
      if (bad) {
        message.show(t(bad), 'error');
        newTerms.focus();
        return;
      }
      const r = await api('/api/faq/synonyms', { method: 'POST', body: { terms } });
      if (r.status !== 201) {
        message.show(t('failed', { why: errorOf(r) }), 'error');
        return;
      }
      newTerms.value = '';
      message.show(t('synonymAdded'));
      load();
    });
    i18n.onChange(render);
    return {
      show() {
        message.clear();
        load();
      },
    };
  },
};
