// The widget's menu (GET/PUT /api/menu): entries in order, each with its labels (Chinese,
// English), a target group, an FAQ category for the bot, and whether it goes straight to a
// person. Edited in place; nothing reaches the server until "save", which sends the whole list.
import { h } from '../shared/dom.js';
import { clearErrors, errorOf, fieldError, fieldOf } from './form.js';

export function menuPanel(root, ctx) {
  const { i18n, api, toast } = ctx;
  const t = i18n.t;
  const list = root.querySelector('[data-fl=menu-entries]');
  const error = root.querySelector('[data-fl=menu-error]');
  const saved = root.querySelector('[data-fl=menu-saved]');
  const categories = root.querySelector('[data-fl=faq-categories]');
  const saveButton = root.querySelector('[data-fl=menu-save]');

  root.querySelector('[data-fl=menu-add]').addEventListener('click', () => {
    const li = entry({ id: '', label: '', labelEn: '', groupId: null, faqCategory: null, directToPerson: false }, true);
    list.append(li);
    li.querySelector('[name=id]').focus();
  });
  saveButton.addEventListener('click', () => save());

  const labelled = (key, control) => h('label', { class: 'field' },
    h('span', { 'data-i18n': key, text: t(key) }), control,
    h('small', { class: 'field-error', 'data-error-for': control.name, hidden: true }));

  function groupOptions(selected) {
    return [h('option', { value: '', 'data-i18n': 'menuNoGroup', text: t('menuNoGroup') }),
      ...ctx.groups().map((g) => h('option', { value: g.id, selected: g.id === selected, text: g.name }))];
  }

  function entry(e, isNew = false) {
    const id = h('input', { name: 'id', 'data-fl': 'menu-id', maxlength: '64', value: e.id, readonly: !isNew });
    const label = h('input', { name: 'label', 'data-fl': 'menu-label', maxlength: '128', value: e.label });
    const labelEn = h('input', { name: 'labelEn', 'data-fl': 'menu-label-en', maxlength: '128', value: e.labelEn || '' });
    const group = h('select', { name: 'group', 'data-fl': 'menu-group' }, ...groupOptions(e.groupId));
    const faq = h('input', { name: 'faqCategory', 'data-fl': 'menu-faq-category', maxlength: '128', list: 'faq-categories',
      value: e.faqCategory || '' });
    const direct = h('input', { type: 'checkbox', name: 'directToPerson', 'data-fl': 'menu-direct',
      checked: Boolean(e.directToPerson) });
    const move = (delta) => {
      const sibling = delta < 0 ? li.previousElementSibling : li.nextElementSibling;
      if (sibling) {
        (delta < 0 ? sibling.before(li) : sibling.after(li));
      }
    };
    const li = h('li', { 'data-fl': 'menu-entry', 'data-id': e.id, class: 'menu-entry' },
      h('div', { class: 'grid' },
        labelled('menuId', id), labelled('menuLabel', label), labelled('menuLabelEn', labelEn),
        labelled('menuGroup', group), labelled('menuFaqCategory', faq),
        h('label', { class: 'field check' }, direct, h('span', { 'data-i18n': 'menuDirect', text: t('menuDirect') }))),
      h('div', { class: 'entry-actions' },
        h('button', { type: 'button', class: 'small', 'data-fl': 'menu-up', 'data-i18n': 'menuUp', text: t('menuUp'),
          on: { click: () => move(-1) } }),
        h('button', { type: 'button', class: 'small', 'data-fl': 'menu-down', 'data-i18n': 'menuDown', text: t('menuDown'),
          on: { click: () => move(1) } }),
        h('button', { type: 'button', class: 'small danger', 'data-fl': 'menu-remove', 'data-i18n': 'menuRemove',
          text: t('menuRemove'), on: { click: () => li.remove() } })));
    return li;
  }

  /** The entries as the API takes them, or { bad: [li, field, why] } for the first wrong one. */
  function collect() {
    const seen = new Set();
    const out = [];
    for (const li of list.children) {
      const v = (name) => li.querySelector(`[name=${name}]`);
      const id = v('id').value.trim();
      const label = v('label').value.trim();
      if (!id) {
        return { bad: [li, 'id', t('needMenuId')] };
      }
      if (seen.has(id)) {
        return { bad: [li, 'id', t('dupMenuId')] };
      }
      seen.add(id);
      if (!label) {
        return { bad: [li, 'label', t('needMenuLabel')] };
      }
      out.push({ id, label, labelEn: v('labelEn').value.trim() || null, groupId: v('group').value || null,
        faqCategory: v('faqCategory').value.trim() || null, directToPerson: v('directToPerson').checked });
    }
    return { menu: out };
  }

  async function save() {
    clearErrors(list);
    error.hidden = true;
    saved.hidden = true;
    const { menu, bad } = collect();
    if (bad) {
      fieldError(bad[0], bad[1], bad[2]);
      return;
    }
    if (!menu.length) {
      error.textContent = t('needMenuEntry');
      error.hidden = false;
      return;
    }
    saveButton.disabled = true;
    const r = await api('/api/menu', { method: 'PUT', body: { menu } }).catch(() => ({ status: 0 }));
    saveButton.disabled = false;
    if (r.status !== 200) {
      const message = r.status === 0 ? t('unreachable') : errorOf(r);
      // The server names the field, not the entry: mark the entry that holds the value it quotes.
      const name = fieldOf(message);
      const quoted = /'([^']*)'\s*$/u.exec(message);
      const li = quoted && Array.from(list.children).find((x) =>
        Array.from(x.querySelectorAll('input, select')).some((i) => i.value === quoted[1]));
      if (!(li && name && fieldError(li, name, message))) {
        error.textContent = r.status === 0 ? message : t('failed', { why: message });
        error.hidden = false;
      }
      return;
    }
    render(r.body.menu);
    saved.textContent = t('menuSaved');
    saved.hidden = false;
    toast(t('menuSaved'));
  }

  function render(entries) {
    list.replaceChildren(...entries.map((e) => entry(e)));
  }

  async function load() {
    const [m, c] = await Promise.all([api('/api/menu'), api('/api/kb/categories')].map((p) => p.catch(() => ({ status: 0 }))));
    if (m.status === 200) {
      render(m.body.menu);
    } else {
      error.textContent = t('loadFailed', { why: errorOf(m) });
      error.hidden = false;
    }
    if (c.status === 200) {
      categories.replaceChildren(...c.body.categories.map((x) => h('option', { value: x.name })));
    }
  }

  return {
    load,
    /** New groups: every entry's choice list follows, keeping its pick. */
    groupsChanged() {
      for (const s of list.querySelectorAll('[data-fl=menu-group]')) {
        const v = s.value;
        s.replaceChildren(...groupOptions(v));
        s.value = v;
      }
    },
  };
}
