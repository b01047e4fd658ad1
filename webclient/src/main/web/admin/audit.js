// The audit list (GET /api/audit): unmasked exports and other sensitive actions, newest first.
import { h } from '../shared/dom.js';
import { errorOf } from './form.js';

export function auditPanel(root, ctx) {
  const { i18n, api } = ctx;
  const t = i18n.t;
  const rows = root.querySelector('[data-fl=audit]');
  const empty = root.querySelector('[data-fl=audit-empty]');
  let entries = [];
  let failure = null;

  root.querySelector('[data-fl=audit-refresh]').addEventListener('click', () => load());

  const when = (ts) => new Date(ts).toLocaleString(i18n.lang === 'en' ? 'en-GB' : 'zh-CN');
  const action = (a) => (t(`action_${a}`) === `action_${a}` ? a : t(`action_${a}`));

  function render() {
    if (failure) {
      rows.replaceChildren(h('tr', {}, h('td', { colspan: '4', class: 'error', text: t('loadFailed', { why: failure }) })));
      empty.hidden = true;
      return;
    }
    rows.replaceChildren(...entries.map((e) => h('tr', { 'data-fl': 'audit-row', 'data-action': e.action },
      h('td', { text: when(e.ts) }),
      h('td', { text: e.username }),
      h('td', { text: action(e.action) }),
      h('td', { class: 'details', text: e.details }))));
    empty.hidden = entries.length > 0;
  }

  async function load() {
    const r = await api('/api/audit').catch(() => ({ status: 0 }));
    failure = r.status === 200 ? null : errorOf(r);
    entries = r.status === 200 ? r.body.entries : [];
    render();
  }

  return { load, render };
}
