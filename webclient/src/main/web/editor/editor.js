// Knowledge editor (/editor): login, then a tab per panel (panels.js).
import { createI18n, langOf } from '../shared/i18n.js';
import { h } from '../shared/dom.js';
import { api, currentUser, wireLogin, logout, hasRole } from '../shared/session.js';
import { STRINGS } from './strings.js';
import { PANELS } from './panels.js';

const ROLES = ['editor', 'admin'];
const LANG_KEY = 'frontline:editor:lang';
const $ = (sel) => document.querySelector(sel);
const i18n = createI18n(STRINGS, localStorage.getItem(LANG_KEY) || langOf(document.documentElement.lang));

i18n.apply(document);
for (const b of document.querySelectorAll('[data-fl=lang]')) {
  b.addEventListener('click', () => {
    i18n.set(i18n.lang === 'zh' ? 'en' : 'zh');
    localStorage.setItem(LANG_KEY, i18n.lang);
  });
}
i18n.onChange(() => {
  document.documentElement.lang = i18n.lang === 'en' ? 'en' : 'zh-CN';
  i18n.apply(document);
});
wireLogin($('[data-fl=login-form]'), { roles: ROLES, onLogin: enter, t: i18n.t });
$('[data-fl=logout]').addEventListener('click', async () => {
  await logout();
  location.reload();
});

currentUser().then((user) => {
  if (hasRole(user, ROLES)) {
    enter(user);
  } else {
    $('#login-view').hidden = false;
  }
});

let mounted = false;

function enter(user) {
  $('#login-view').hidden = true;
  $('#app').hidden = false;
  $('[data-fl=me]').textContent = user.displayName || user.username;
  if (mounted) {
    return;
  }
  mounted = true;
  const tabs = $('[data-fl=tabs]');
  const panels = $('[data-fl=panels]');
  const ctx = { i18n, api, user };
  const select = (id) => {
    for (const b of tabs.children) {
      b.setAttribute('aria-selected', String(b.dataset.panel === id));
    }
    for (const p of panels.children) {
      p.hidden = p.dataset.panel !== id;
    }
  };
  for (const p of PANELS) {
    tabs.append(h('button', { type: 'button', role: 'tab', 'data-panel': p.id, 'data-i18n': p.titleKey,
      on: { click: () => select(p.id) } }));
    const section = h('section', { class: 'panel', role: 'tabpanel', 'data-panel': p.id, 'data-fl': `panel-${p.id}` });
    panels.append(section);
    p.mount(section, ctx);
  }
  i18n.apply(document);
  select(PANELS[0].id);
}
