// Run-time settings (GET/PUT /api/settings): whatever the server lists, grouped and labelled
// when this page knows the name, as a checkbox (true/false) or a whole number. Save sends the
// changed ones; a refusal is shown at its field and everything typed stays.
import { h } from '../shared/dom.js';
import { clearErrors, errorOf, fieldError, showApiError, wholeNumber } from './form.js';

const SECTIONS = [
  ['service', ['inactivityWarnSeconds', 'inactivityCloseSeconds', 'botIdleCloseSeconds', 'typingPreview',
    'trailRetentionDays']],
  ['kpi', ['firstResponseTargetSeconds', 'fcrWindowHours', 'alertQueueLength', 'alertNoReplySeconds']],
  ['knowledge', ['faqReview']],
  ['uploads', ['uploadsPerMinute', 'uploadFilesPerVisitorDay', 'uploadMiBPerVisitorDay', 'uploadFilesPerConversation',
    'uploadMiBPerConversation', 'uploadDiskBudgetMiB']],
];
/** The server's own upper bound of a number setting (SettingsApi). */
const MAX = 3650 * 86400;

export function settingsPanel(root, ctx) {
  const { i18n, api, toast } = ctx;
  const t = i18n.t;
  const form = root.querySelector('[data-fl=settings-form]');
  const error = root.querySelector('[data-fl=settings-error]');
  const saved = root.querySelector('[data-fl=settings-saved]');
  const saveButton = root.querySelector('[data-fl=settings-save]');
  let current = {};

  saveButton.addEventListener('click', () => save());
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    save();
  });
  form.addEventListener('input', () => {
    saved.hidden = true;
  });

  const labelKey = (name) => (i18n.t(`set_${name}`) === `set_${name}` ? null : `set_${name}`);

  function control(name, value) {
    const key = labelKey(name);
    const text = h('span', key ? { 'data-i18n': key, text: t(key) } : { text: name });
    const err = h('small', { class: 'field-error', 'data-error-for': name, hidden: true });
    if (typeof value === 'boolean') {
      return h('label', { class: 'field check' },
        h('input', { type: 'checkbox', name, 'data-fl': 'setting', 'data-setting': name, checked: value }), text, err);
    }
    return h('label', { class: 'field' }, text,
      h('input', { type: 'number', min: '0', step: '1', name, 'data-fl': 'setting', 'data-setting': name,
        value: String(value) }), err);
  }

  function render(settings) {
    current = settings;
    const known = new Set(SECTIONS.flatMap(([, names]) => names));
    const others = Object.keys(settings).filter((n) => !known.has(n)).sort();
    form.replaceChildren(...[...SECTIONS, ['other', others]]
      .map(([id, names]) => [id, names.filter((n) => n in settings)])
      .filter(([, names]) => names.length)
      .map(([id, names]) => h('fieldset', { class: 'settings-group', 'data-section': id },
        h('legend', { 'data-i18n': `settingsGroup_${id}`, text: t(`settingsGroup_${id}`) }),
        h('div', { class: 'grid' }, ...names.map((n) => control(n, settings[n]))))));
  }

  async function save() {
    clearErrors(form);
    error.hidden = true;
    saved.hidden = true;
    const changes = {};
    for (const input of form.querySelectorAll('[data-fl=setting]')) {
      const name = input.dataset.setting;
      if (input.type === 'checkbox') {
        if (input.checked !== current[name]) {
          changes[name] = input.checked;
        }
        continue;
      }
      const n = wholeNumber(input.value, 0, MAX);
      if (n === null) {
        fieldError(form, name, t('badNumber'));
        return;
      }
      if (n !== current[name]) {
        changes[name] = n;
      }
    }
    if (!Object.keys(changes).length) {
      saved.textContent = t('saved');
      saved.hidden = false;
      return;
    }
    saveButton.disabled = true;
    const r = await api('/api/settings', { method: 'PUT', body: changes }).catch(() => ({ status: 0 }));
    saveButton.disabled = false;
    if (r.status !== 200) {
      showApiError(form, r, error, t);
      return;
    }
    render(r.body);
    saved.textContent = t('settingsSaved');
    saved.hidden = false;
    toast(t('settingsSaved'));
  }

  return {
    async load() {
      const r = await api('/api/settings').catch(() => ({ status: 0 }));
      if (r.status === 200) {
        render(r.body);
      } else {
        error.textContent = t('loadFailed', { why: errorOf(r) });
        error.hidden = false;
      }
    },
  };
}
