// Skill groups (GET/POST /api/groups, PUT /api/groups/{id}): name and queue rules per group
// (overflow to another group after N s, the longest wait), and a form for a new group.
import { h } from '../shared/dom.js';
import { clearErrors, fieldError, showApiError, wholeNumber } from './form.js';

const ID = /^[a-z0-9_-]{1,64}$/u;

export function groupsPanel(root, ctx) {
  const { i18n, api, toast } = ctx;
  const t = i18n.t;
  const rows = root.querySelector('[data-fl=groups]');
  const form = root.querySelector('[data-fl=group-form]');
  const newId = root.querySelector('[data-fl=group-new-id]');
  const newName = root.querySelector('[data-fl=group-new-name]');
  const error = root.querySelector('[data-fl=group-error]');

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    error.hidden = true;
    const id = newId.value.trim();
    const name = newName.value.trim();
    if (!ID.test(id)) {
      fieldError(form, 'id', t('needGroupId'));
      return;
    }
    if (!name) {
      fieldError(form, 'name', t('needGroupName'));
      return;
    }
    const r = await api('/api/groups', { method: 'POST', body: { id, name } }).catch(() => ({ status: 0 }));
    if (r.status !== 201) {
      if (r.status === 409) {
        fieldError(form, 'id', r.body.error.message);
      } else {
        showApiError(form, r, error, t);
      }
      return;
    }
    newId.value = '';
    newName.value = '';
    toast(t('groupCreated', { name }));
    await ctx.reloadGroups();
  });

  function row(g) {
    const name = h('input', { name: 'name', 'data-fl': 'group-name', maxlength: '128', value: g.name });
    const overflow = h('select', { name: 'overflowTo', 'data-fl': 'group-overflow' },
      h('option', { value: '', text: t('noOverflow') }),
      ...ctx.groups().filter((o) => o.id !== g.id).map((o) => h('option', {
        value: o.id, selected: o.id === g.overflowTo, text: o.name,
      })));
    const after = h('input', { name: 'overflowAfterSeconds', 'data-fl': 'group-overflow-after', type: 'number', min: '0',
      max: '86400', value: String(g.overflowAfterSeconds) });
    const maxWait = h('input', { name: 'maxWaitSeconds', 'data-fl': 'group-max-wait', type: 'number', min: '0',
      max: '86400', value: String(g.maxWaitSeconds) });
    const err = h('small', { class: 'field-error', 'data-error-for': 'row', hidden: true });
    const tr = h('tr', { 'data-fl': 'group', 'data-group': g.id, on: { input: () => { tr.dataset.dirty = 'true'; } } },
      h('td', { text: g.id }),
      h('td', {}, name),
      h('td', {}, overflow),
      h('td', {}, after),
      h('td', {}, maxWait),
      h('td', {}, h('button', { type: 'button', class: 'small', 'data-fl': 'group-save', text: t('save'),
        on: { click: () => save() } }), err));
    async function save() {
      clearErrors(tr);
      const body = {
        name: name.value.trim(),
        overflowTo: overflow.value || null,
        overflowAfterSeconds: wholeNumber(after.value, 0, 86400),
        maxWaitSeconds: wholeNumber(maxWait.value, 0, 86400),
      };
      if (!body.name) {
        fieldError(tr, 'row', t('needGroupName'), name);
        return;
      }
      for (const [key, input] of [['overflowAfterSeconds', after], ['maxWaitSeconds', maxWait]]) {
        if (body[key] === null) {
          fieldError(tr, 'row', t('badSeconds'), input);
          return;
        }
      }
      const r = await api(`/api/groups/${encodeURIComponent(g.id)}`, { method: 'PUT', body }).catch(() => ({ status: 0 }));
      if (r.status !== 200) {
        const slot = tr.querySelector('[data-error-for=row]');
        showApiError(tr, r, slot, t);
        slot.hidden = false;
        return;
      }
      delete tr.dataset.dirty;
      toast(t('groupSaved', { name: body.name }));
      await ctx.reloadGroups();
    }
    return tr;
  }

  return {
    /** Rows with unsaved changes stay as they are; the others show the server's values. */
    render() {
      const kept = new Map(Array.from(rows.querySelectorAll('tr[data-dirty=true]'), (tr) => [tr.dataset.group, tr]));
      rows.replaceChildren(...ctx.groups().map((g) => kept.get(g.id) || row(g)));
    },
    /** The language changed: the words only, keeping what is typed. */
    relabel() {
      for (const b of rows.querySelectorAll('[data-fl=group-save]')) {
        b.textContent = t('save');
      }
      for (const o of rows.querySelectorAll('[data-fl=group-overflow] option[value=""]')) {
        o.textContent = t('noOverflow');
      }
    },
  };
}
