// The form of one proactive rule (docs/trajectory.md, "Proactive messages"): every condition the
// API knows and the four actions. It builds the API's JSON and leaves checking to the server,
// whose error names the field: that field is marked and focused, the message shown as text.
import { h } from '../shared/dom.js';
import { debounce, errorOf, field } from './util.js';

export const ACTIONS = ['greeting', 'faq', 'link', 'offer_human'];

/** The API's field names (as its errors name them) -> the form's data-fl. */
const FIELDS = {
  name: 'rule-name',
  priority: 'rule-priority',
  urlPattern: 'rule-url',
  minSecondsOnPage: 'rule-seconds',
  minVisits: 'rule-visits',
  pattern: 'rule-seen-pattern',
  days: 'rule-seen-days',
  min: 'rule-seen-min',
  minPastChats: 'rule-min-chats',
  maxPastChats: 'rule-max-chats',
  attrs: 'rule-attrs',
  verifiedAttrs: 'rule-verified-attrs',
  type: 'rule-action',
  'action.type': 'rule-action',
  text: 'rule-text',
  'action.text': 'rule-text',
  faqId: 'rule-faq',
  'action.faqId': 'rule-faq',
  url: 'rule-link-url',
  'action.url': 'rule-link-url',
  label: 'rule-link-label',
  'action.label': 'rule-link-label',
};

/**
 * Builds the form (read-only without canWrite). onSave(id, body) resolves the API answer ({status, body}); a 200/201 closes it.
 * Returns { el, open(rule|null), close() }.
 */
export function ruleForm({ i18n, api, canWrite, onSave, onClose }) {
  const t = i18n.t;
  const input = (fl, props = {}) => h('input', { 'data-fl': fl, name: fl, ...props });
  const num = (fl, min, max, props = {}) => input(fl, { type: 'number', inputmode: 'numeric', step: '1', min: String(min),
    max: String(max), ...props });

  const c = {
    name: input('rule-name', { maxlength: '128', required: true }),
    priority: num('rule-priority', -1000, 1000, { value: '0' }),
    enabled: input('rule-enabled-input', { type: 'checkbox', checked: true }),
    url: input('rule-url', { maxlength: '512', placeholder: '*/plans/5g*' }),
    seconds: num('rule-seconds', 0, 86400),
    visits: num('rule-visits', 0, 100000),
    returning: h('select', { 'data-fl': 'rule-returning' },
      ...[['', 'ruleAnyVisitor'], ['true', 'ruleReturningOnly'], ['false', 'ruleFirstOnly']]
        .map(([value, key]) => h('option', { value, 'data-i18n': key, text: t(key) }))),
    seenPattern: input('rule-seen-pattern', { maxlength: '512', placeholder: '*/plans/*' }),
    seenDays: num('rule-seen-days', 1, 365, { placeholder: '7' }),
    seenMin: num('rule-seen-min', 1, 1000, { placeholder: '1' }),
    minChats: num('rule-min-chats', 0, 100000),
    maxChats: num('rule-max-chats', 0, 100000),
    attrs: h('textarea', { 'data-fl': 'rule-attrs', rows: '2', placeholder: 'star=5' }),
    verifiedAttrs: h('textarea', { 'data-fl': 'rule-verified-attrs', rows: '2', placeholder: 'level=gold' }),
    action: h('select', { 'data-fl': 'rule-action' },
      ...ACTIONS.map((a) => h('option', { value: a, 'data-i18n': `ruleAction_${a}`, text: t(`ruleAction_${a}`) }))),
    text: h('textarea', { 'data-fl': 'rule-text', rows: '2', maxlength: '1000' }),
    faq: input('rule-faq', { maxlength: '64', list: 'rule-faq-options', autocomplete: 'off' }),
    linkUrl: input('rule-link-url', { maxlength: '2048', type: 'url', placeholder: 'https://' }),
    linkLabel: input('rule-link-label', { maxlength: '128' }),
  };
  const faqOptions = h('datalist', { id: 'rule-faq-options' });
  const error = h('p', { class: 'error', 'data-fl': 'rule-error', role: 'alert', hidden: true });
  const title = h('h3', { 'data-fl': 'rule-form-title' });
  const faqRow = field('ruleFaq', c.faq, 'ruleFaqHint');
  const urlRow = field('ruleLinkUrl', c.linkUrl);
  const labelRow = field('ruleLinkLabel', c.linkLabel, 'ruleLinkLabelHint');
  const save = h('button', { type: 'submit', class: 'primary', 'data-fl': 'rule-save', 'data-i18n': 'save', text: t('save'),
    hidden: !canWrite });
  const cancel = h('button', { type: 'button', 'data-fl': 'rule-cancel', 'data-i18n': 'cancel', text: t('cancel') });
  const el = h('form', { class: 'rule-form', 'data-fl': 'rule-form', novalidate: true, hidden: true },
    title,
    h('div', { class: 'row' }, field('ruleName', c.name), field('rulePriority', c.priority, 'rulePriorityHint'),
      h('label', { class: 'check' }, c.enabled, h('span', { 'data-i18n': 'ruleEnabled', text: t('ruleEnabled') }))),
    h('fieldset', {}, h('legend', { 'data-i18n': 'ruleConditions', text: t('ruleConditions') }),
      h('p', { class: 'hint', 'data-i18n': 'ruleConditionsHint', text: t('ruleConditionsHint') }),
      field('ruleUrl', c.url, 'ruleUrlHint'),
      h('div', { class: 'row' }, field('ruleSeconds', c.seconds), field('ruleVisits', c.visits),
        field('ruleReturning', c.returning)),
      h('div', { class: 'row' }, field('ruleSeenPattern', c.seenPattern), field('ruleSeenDays', c.seenDays),
        field('ruleSeenMin', c.seenMin)),
      h('div', { class: 'row' }, field('ruleMinChats', c.minChats), field('ruleMaxChats', c.maxChats, 'ruleMaxChatsHint')),
      field('ruleAttrs', c.attrs, 'ruleAttrsHint'),
      field('ruleVerifiedAttrs', c.verifiedAttrs, 'ruleVerifiedAttrsHint')),
    h('fieldset', {}, h('legend', { 'data-i18n': 'ruleActionTitle', text: t('ruleActionTitle') }),
      field('ruleActionType', c.action),
      field('ruleText', c.text, 'ruleTextHint'),
      faqRow, faqOptions, urlRow, labelRow),
    error,
    h('div', { class: 'actions' }, save, cancel));

  let editing = null; // the rule's id, or null for a new one

  const showAction = () => {
    const a = c.action.value;
    faqRow.hidden = a !== 'faq';
    urlRow.hidden = a !== 'link';
    labelRow.hidden = a !== 'link' && a !== 'offer_human';
  };
  c.action.addEventListener('change', showAction);

  // FAQ ids are suggested from the entries as the editor types (id — question).
  c.faq.addEventListener('input', debounce(async () => {
    const q = c.faq.value.trim();
    const r = await api(`/api/faq?size=8${q ? `&q=${encodeURIComponent(q)}` : ''}`).catch(() => ({ status: 0 }));
    if (r.status === 200) {
      faqOptions.replaceChildren(...r.body.entries.map((e) => h('option', { value: e.id, label: e.question })));
    }
  }, 250));

  const clearError = () => {
    error.hidden = true;
    error.textContent = '';
    for (const x of el.querySelectorAll('[aria-invalid]')) {
      x.removeAttribute('aria-invalid');
    }
  };

  const fail = (text, fl) => {
    error.textContent = text;
    error.hidden = false;
    const target = fl && el.querySelector(`[data-fl=${fl}]`);
    if (target) {
      target.setAttribute('aria-invalid', 'true');
      target.focus();
    }
  };

  /** A whole number, or null when blank; NaN when it is not one. */
  const intOf = (x) => (x.value.trim() === '' ? null : Number.isInteger(Number(x.value)) ? Number(x.value) : NaN);

  const body = () => {
    const numbers = { priority: c.priority, minSecondsOnPage: c.seconds, minVisits: c.visits, days: c.seenDays,
      min: c.seenMin, minPastChats: c.minChats, maxPastChats: c.maxChats };
    for (const [k, x] of Object.entries(numbers)) {
      if (Number.isNaN(intOf(x))) {
        return { bad: k, why: t('ruleNotNumber') };
      }
    }
    const attrs = {};
    const verifiedAttrs = {};
    for (const [name, into] of [['attrs', attrs], ['verifiedAttrs', verifiedAttrs]]) {
      for (const line of c[name].value.split(/\n/u).map((x) => x.trim()).filter(Boolean)) {
        const eq = line.indexOf('=');
        if (eq <= 0) {
          return { bad: name, why: t('ruleBadAttr', { line }) };
        }
        into[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
      }
    }
    const conditions = {
      urlPattern: c.url.value.trim() || null,
      minSecondsOnPage: intOf(c.seconds),
      minVisits: intOf(c.visits),
      returning: c.returning.value === '' ? null : c.returning.value === 'true',
      pagesSeen: c.seenPattern.value.trim()
        ? { pattern: c.seenPattern.value.trim(), days: intOf(c.seenDays), min: intOf(c.seenMin) } : null,
      minPastChats: intOf(c.minChats),
      maxPastChats: intOf(c.maxChats),
      attrs,
      verifiedAttrs,
    };
    const type = c.action.value;
    const action = { type };
    const text = c.text.value.trim();
    if (text) {
      action.text = text;
    }
    if (type === 'faq' && c.faq.value.trim()) {
      action.faqId = c.faq.value.trim();
    }
    if (type === 'link' && c.linkUrl.value.trim()) {
      action.url = c.linkUrl.value.trim();
    }
    if ((type === 'link' || type === 'offer_human') && c.linkLabel.value.trim()) {
      action.label = c.linkLabel.value.trim();
    }
    return { rule: { name: c.name.value.trim(), enabled: c.enabled.checked, priority: intOf(c.priority) ?? 0, conditions,
      action } };
  };

  el.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearError();
    if (!canWrite) {
      return;
    }
    const b = body();
    if (b.bad) {
      fail(b.why, FIELDS[b.bad]);
      return;
    }
    save.disabled = true;
    const r = await onSave(editing, b.rule).catch(() => ({ status: 0 }));
    save.disabled = false;
    if (r.status === 200 || r.status === 201) {
      close();
      return;
    }
    const message = errorOf(r);
    const named = /field '([\w.]+)'/u.exec(message);
    fail(t('failed', { why: message }), named ? FIELDS[named[1]] : null);
  });
  cancel.addEventListener('click', () => close());
  el.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      close();
    }
  });

  const set = (x, v) => {
    x.value = v === null || v === undefined ? '' : String(v);
  };

  function open(rule) {
    editing = rule ? rule.id : null;
    const cond = (rule && rule.conditions) || {};
    const action = (rule && rule.action) || { type: 'greeting' };
    const seen = cond.pagesSeen || {};
    title.textContent = rule ? t('ruleEditTitle', { name: rule.name }) : t('ruleNewTitle');
    set(c.name, rule && rule.name);
    set(c.priority, rule ? rule.priority : 0);
    c.enabled.checked = rule ? rule.enabled : true;
    set(c.url, cond.urlPattern);
    set(c.seconds, cond.minSecondsOnPage || null);
    set(c.visits, cond.minVisits || null);
    c.returning.value = cond.returning === true ? 'true' : cond.returning === false ? 'false' : '';
    set(c.seenPattern, seen.pattern);
    set(c.seenDays, seen.pattern ? seen.days : null);
    set(c.seenMin, seen.pattern ? seen.min : null);
    set(c.minChats, cond.minPastChats);
    set(c.maxChats, cond.maxPastChats);
    c.attrs.value = Object.entries(cond.attrs || {}).map(([k, v]) => `${k}=${v}`).join('\n');
    c.verifiedAttrs.value = Object.entries(cond.verifiedAttrs || {}).map(([k, v]) => `${k}=${v}`).join('\n');
    c.action.value = ACTIONS.includes(action.type) ? action.type : 'greeting';
    set(c.text, action.text);
    set(c.faq, action.faqId);
    set(c.linkUrl, action.url);
    set(c.linkLabel, action.label);
    showAction();
    clearError();
    el.hidden = false;
    c.name.focus();
  }

  function close() {
    const was = editing;
    el.hidden = true;
    editing = null;
    clearError();
    onClose(was);
  }

  return { el, open, close };
}
