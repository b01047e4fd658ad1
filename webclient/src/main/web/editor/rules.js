// Proactive rules (/api/rules): the list, best first, with each rule's conditions and action in
// words; writers (editor, admin) create, edit, switch on and off, and delete; supervisors read.
// The widget shows a rule's action to a visitor its conditions hold for, once a day at most.
import { h } from '../shared/dom.js';
import { confirmButton, errorOf, notice } from './util.js';
import { ruleForm } from './rule-form.js';

/** The conditions of a rule as a list of short phrases in the page's language. */
export function conditionWords(cond, t) {
  const out = [];
  if (cond.urlPattern) {
    out.push(t('ruleW_url', { p: cond.urlPattern }));
  }
  if (cond.minSecondsOnPage) {
    out.push(t('ruleW_seconds', { n: cond.minSecondsOnPage }));
  }
  if (cond.minVisits) {
    out.push(t('ruleW_visits', { n: cond.minVisits }));
  }
  if (cond.returning === true || cond.returning === false) {
    out.push(t(cond.returning ? 'ruleW_returning' : 'ruleW_first'));
  }
  if (cond.pagesSeen) {
    out.push(t('ruleW_seen', { p: cond.pagesSeen.pattern, days: cond.pagesSeen.days, n: cond.pagesSeen.min }));
  }
  if (cond.minPastChats !== null && cond.minPastChats !== undefined) {
    out.push(t('ruleW_minChats', { n: cond.minPastChats }));
  }
  if (cond.maxPastChats !== null && cond.maxPastChats !== undefined) {
    out.push(t('ruleW_maxChats', { n: cond.maxPastChats }));
  }
  for (const [k, v] of Object.entries(cond.attrs || {})) {
    out.push(t('ruleW_attr', { k, v }));
  }
  for (const [k, v] of Object.entries(cond.verifiedAttrs || {})) {
    out.push(t('ruleW_verifiedAttr', { k, v }));
  }
  return out.length ? out : [t('ruleW_always')];
}

export const rulesPanel = {
  id: 'rules',
  titleKey: 'rules',
  mount(container, ctx) {
    const { i18n, api, can, nav } = ctx;
    const t = i18n.t;
    let rules = [];

    const message = notice();
    message.setAttribute('data-fl', 'rule-message');
    const form = ruleForm({
      i18n,
      api,
      canWrite: can.write,
      onSave: async (id, body) => {
        const r = id ? await api(`/api/rules/${encodeURIComponent(id)}`, { method: 'PUT', body })
          : await api('/api/rules', { method: 'POST', body });
        if (r.status === 200 || r.status === 201) {
          message.show(t(id ? 'ruleSaved' : 'ruleCreated', { name: r.body.name }));
          await load();
        }
        return r;
      },
      onClose: (id) => {
        nav.mark('rules');
        (id && tbody.querySelector(`[data-id="${id}"] [data-fl=rule-edit]`) || add).focus();
      },
    });
    const add = h('button', { type: 'button', class: 'primary', 'data-fl': 'rule-new', 'data-i18n': 'ruleNew',
      hidden: !can.write, on: { click: () => edit(null) } });
    const tbody = h('tbody', { 'data-fl': 'rule-list' });
    const empty = h('p', { class: 'empty', 'data-i18n': 'rulesEmpty', hidden: true });
    container.append(
      h('p', { class: 'hint', 'data-i18n': 'rulesAbout' }),
      h('div', { class: 'toolbar' }, add),
      message, form.el,
      h('table', { class: 'rules' }, h('thead', {}, h('tr', {},
        h('th', { 'data-i18n': 'ruleEnabled' }), h('th', { 'data-i18n': 'ruleName' }), h('th', { 'data-i18n': 'rulePriority' }),
        h('th', { 'data-i18n': 'ruleConditions' }), h('th', { 'data-i18n': 'ruleActionTitle' }), h('th', {}))), tbody),
      empty);

    function edit(rule) {
      message.clear();
      nav.mark('rules', rule ? rule.id : '~new');
      form.open(rule);
    }

    /** The API's body of a rule as the list shows it (the same shape it takes). */
    const bodyOf = (r) => ({ name: r.name, enabled: r.enabled, priority: r.priority, conditions: r.conditions,
      action: r.action });

    const toggle = async (r, box) => {
      box.disabled = true;
      const res = await api(`/api/rules/${encodeURIComponent(r.id)}`, { method: 'PUT',
        body: { ...bodyOf(r), enabled: box.checked } });
      if (res.status !== 200) {
        box.checked = !box.checked;
        box.disabled = false;
        message.show(t('failed', { why: errorOf(res) }), 'error');
        return;
      }
      message.show(t(box.checked ? 'ruleOn' : 'ruleOff', { name: r.name }));
      await load();
      tbody.querySelector(`[data-id="${r.id}"] [data-fl=rule-enabled]`)?.focus();
    };

    const actionWords = (a) => {
      const detail = a.type === 'faq' ? a.faqId : a.type === 'link' ? `${a.label || ''} ${a.url}`.trim() : '';
      return [t(`ruleAction_${a.type}`), a.text, detail].filter(Boolean).join(' · ');
    };

    const render = () => {
      tbody.replaceChildren(...rules.map((r) => {
        const box = h('input', { type: 'checkbox', 'data-fl': 'rule-enabled', checked: r.enabled, disabled: !can.write,
          'aria-label': t('ruleEnabledOf', { name: r.name }) });
        box.addEventListener('change', () => toggle(r, box));
        const del = confirmButton({ class: 'danger', 'data-fl': 'rule-delete', hidden: !can.write }, 'delete', 'deleteSure', t,
          async () => {
            const res = await api(`/api/rules/${encodeURIComponent(r.id)}`, { method: 'DELETE' });
            if (res.status !== 200) {
              message.show(t('failed', { why: errorOf(res) }), 'error');
              return;
            }
            message.show(t('ruleDeleted', { name: r.name }));
            await load();
            add.focus();
          });
        return h('tr', { 'data-fl': 'rule-row', 'data-id': r.id, 'data-enabled': String(r.enabled) },
          h('td', {}, box),
          h('td', { 'data-fl': 'rule-name-cell', text: r.name }),
          h('td', { text: String(r.priority) }),
          h('td', { 'data-fl': 'rule-conditions' }, h('ul', { class: 'phrases' },
            ...conditionWords(r.conditions || {}, t).map((w) => h('li', { text: w })))),
          h('td', { 'data-fl': 'rule-action-cell', 'data-action': r.action.type, text: actionWords(r.action) }),
          h('td', { class: 'actions' },
            h('button', { type: 'button', 'data-fl': 'rule-edit', text: t(can.write ? 'edit' : 'view'),
              on: { click: () => edit(r) } }),
            del));
      }));
      empty.hidden = rules.length > 0;
    };

    const load = async () => {
      const r = await api('/api/rules').catch(() => ({ status: 0 }));
      if (r.status !== 200) {
        message.show(r.status === 403 ? t('rulesForbidden') : t('failed', { why: errorOf(r) }), 'error');
        return false;
      }
      rules = r.body.rules;
      render();
      return true;
    };

    i18n.onChange(render);
    return {
      async show(arg) {
        message.clear();
        if (!(await load()) || !arg) {
          return;
        }
        if (arg === '~new' && can.write) {
          form.open(null);
        } else {
          const rule = rules.find((x) => x.id === arg);
          if (rule) {
            form.open(rule);
          }
        }
      },
    };
  },
};
