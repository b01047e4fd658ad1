// Admin page (/admin, role admin): accounts, groups and their queue rules, the widget's menu,
// the run-time settings and the audit list, one tab each. The address keeps the tab (#users,
// #groups, #menu, #settings, #audit), so a reload comes back to it.
import { createI18n, langOf, wirePageLanguage } from '../shared/i18n.js';
import { api, currentUser, wireLogin, logout, hasRole } from '../shared/session.js';
import { STRINGS } from './strings.js';
import { usersPanel } from './users.js';
import { groupsPanel } from './groups.js';
import { menuPanel } from './menu.js';
import { settingsPanel } from './settings.js';
import { auditPanel } from './audit.js';

const ROLES = ['admin'];
const LANG_KEY = 'frontline:admin:lang';
const TABS = ['users', 'groups', 'menu', 'settings', 'audit'];

const $ = (sel) => document.querySelector(sel);
const i18n = createI18n(STRINGS, localStorage.getItem(LANG_KEY) || langOf(document.documentElement.lang));
let panels = null;

wirePageLanguage(i18n, LANG_KEY);
i18n.onChange(() => {
  document.title = `Frontline ${i18n.t('title')}`;
  if (panels) {
    panels.users.render();
    panels.groups.relabel();
    panels.audit.render();
  }
});
wireLogin($('[data-fl=login-form]'), { roles: ROLES, onLogin: enter, t: i18n.t });
$('[data-fl=logout]').addEventListener('click', async () => {
  await logout();
  location.reload();
});

currentUser().then((user) => {
  if (hasRole(user, ROLES)) {
    enter(user);
    return;
  }
  $('#login-view').hidden = false;
  if (user) {
    // Logged in on another page, but not as an admin: say so rather than show a bare form.
    const error = $('[data-fl=login-error]');
    error.textContent = i18n.t('loginForbiddenAs', { name: user.username });
    error.hidden = false;
  }
});

let toastTimer = null;
function toast(text, ms = 3000) {
  const el = $('[data-fl=toast]');
  el.textContent = text;
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    el.hidden = true;
  }, ms);
}

function select(id) {
  const tab = TABS.includes(id) ? id : TABS[0];
  for (const b of document.querySelectorAll('[data-fl=tab]')) {
    const on = b.dataset.panel === tab;
    b.setAttribute('aria-selected', String(on));
    b.tabIndex = on ? 0 : -1;
  }
  for (const p of document.querySelectorAll('[data-fl=panel]')) {
    p.hidden = p.dataset.panel !== tab;
  }
  if (tab === 'audit' && panels) {
    panels.audit.load();
  }
}

async function enter(user) {
  $('#login-view').hidden = true;
  $('#app').hidden = false;
  $('[data-fl=me]').textContent = user.displayName || user.username;
  if (panels) {
    return;
  }
  let groups = [];
  const panel = (id) => $(`[data-fl=panel][data-panel=${id}]`);
  const ctx = {
    i18n,
    api,
    toast,
    me: user,
    groups: () => groups,
    groupName: (id) => (groups.find((g) => g.id === id) || { name: id }).name,
    async reloadGroups() {
      const r = await api('/api/groups').catch(() => ({ status: 0 }));
      if (r.status === 200) {
        groups = r.body.groups;
        panels.groups.render();
        panels.users.groupsChanged();
        panels.menu.groupsChanged();
      }
    },
  };
  panels = {
    users: usersPanel(panel('users'), ctx),
    groups: groupsPanel(panel('groups'), ctx),
    menu: menuPanel(panel('menu'), ctx),
    settings: settingsPanel(panel('settings'), ctx),
    audit: auditPanel(panel('audit'), ctx),
  };
  const tabs = $('[data-fl=tabs]');
  tabs.addEventListener('click', (e) => {
    const b = e.target.closest('[data-fl=tab]');
    if (b) {
      history.replaceState(null, '', `#${b.dataset.panel}`);
      select(b.dataset.panel);
    }
  });
  tabs.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') {
      return;
    }
    const i = TABS.indexOf(location.hash.slice(1) || TABS[0]);
    const next = TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length];
    history.replaceState(null, '', `#${next}`);
    select(next);
    tabs.querySelector(`[data-panel=${next}]`).focus();
  });
  window.addEventListener('hashchange', () => select(location.hash.slice(1)));
  select(location.hash.slice(1));
  await ctx.reloadGroups();
  await Promise.all([panels.users.load(), panels.menu.load(), panels.settings.load()]);
  document.body.dataset.ready = 'true';
}
