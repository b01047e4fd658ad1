// Knowledge editor (/editor): login, then a tab per panel (panels.js). The address keeps the
// place: #<panel> or #<panel>/<argument> (e.g. #entries/tel-001), so reload and back work.
import { createI18n, langOf, wirePageLanguage } from '../shared/i18n.js';
import { h } from '../shared/dom.js';
import { api, currentUser, wireLogin, logout, hasRole } from '../shared/session.js';
import { STRINGS } from './strings.js';
import { PANELS } from './panels.js';

const ROLES = ['editor', 'reviewer', 'supervisor', 'admin'];
const LANG_KEY = 'frontline:editor:lang';
const $ = (sel) => document.querySelector(sel);
const i18n = createI18n(STRINGS, localStorage.getItem(LANG_KEY) || langOf(document.documentElement.lang));

wirePageLanguage(i18n, LANG_KEY);
wireLogin($('[data-fl=login-form]'), { roles: ROLES, onLogin: enter, t: i18n.t });
$('[data-fl=logout]').addEventListener('click', async () => {
  await logout();
  location.hash = '';
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

/** What the user may do: write entries, and review (publish) drafts. */
function rightsOf(user, onChange) {
  const roles = user.roles || [];
  const write = roles.includes('editor') || roles.includes('admin');
  const review = roles.includes('admin') || roles.includes('supervisor') || roles.includes('reviewer');
  const state = { write, review, reviewOn: true };
  return {
    write,
    review,
    get reviewOn() {
      return state.reviewOn;
    },
    /** The server's faqReview setting, as the last list answer said. */
    setReviewOn(on) {
      if (state.reviewOn !== Boolean(on)) {
        state.reviewOn = Boolean(on);
        onChange(state.reviewOn);
      }
    },
    /** Whether this user's writes (and publish steps) take effect at once. */
    get publish() {
      return review || (!state.reviewOn && write);
    },
  };
}

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
  const controllers = new Map();
  const listeners = new Map();
  let current = null;

  const parse = () => {
    const raw = location.hash.replace(/^#/, '');
    const slash = raw.indexOf('/');
    const id = slash < 0 ? raw : raw.slice(0, slash);
    const arg = slash < 0 ? null : decodeURIComponent(raw.slice(slash + 1));
    return PANELS.some((p) => p.id === id) ? { id, arg } : { id: PANELS[0].id, arg: null };
  };

  const select = (id, arg, { focus = false } = {}) => {
    for (const b of tabs.children) {
      const on = b.dataset.panel === id;
      b.setAttribute('aria-selected', String(on));
      b.tabIndex = on ? 0 : -1;
      if (on && focus) {
        b.focus();
      }
    }
    for (const p of panels.children) {
      p.hidden = p.dataset.panel !== id;
    }
    const c = controllers.get(id);
    if (c && typeof c.show === 'function') {
      c.show(arg, { again: current === id });
    }
    current = id;
  };

  const nav = {
    /** Shows a panel (and what arg names in it), recording the place in the address. */
    go(id, arg = null, { replace = false } = {}) {
      const hash = `#${id}${arg === null || arg === undefined ? '' : `/${encodeURIComponent(arg)}`}`;
      if (location.hash !== hash) {
        if (replace) {
          history.replaceState(null, '', hash);
        } else {
          history.pushState(null, '', hash);
        }
      }
      select(id, arg);
    },
    /** Sets the address without showing anything again (a panel moved on by itself). */
    mark(id, arg = null) {
      const hash = `#${id}${arg === null || arg === undefined ? '' : `/${encodeURIComponent(arg)}`}`;
      if (location.hash !== hash) {
        history.replaceState(null, '', hash);
      }
    },
    /** A small message bus between panels ('changed' after any write to entries...). */
    emit(event, data) {
      for (const f of listeners.get(event) || []) {
        f(data);
      }
    },
    on(event, f) {
      if (!listeners.has(event)) {
        listeners.set(event, []);
      }
      listeners.get(event).push(f);
    },
    /** A count next to a panel's title (null hides it). */
    badge(id, n) {
      const b = tabs.querySelector(`[data-panel="${id}"] .badge`);
      if (b) {
        b.textContent = n ? String(n) : '';
        b.hidden = !n;
      }
    },
  };

  const ctx = { i18n, api, user, can: rightsOf(user, (on) => nav.emit('review-setting', on)), nav };
  for (const p of PANELS) {
    tabs.append(h('button', { type: 'button', role: 'tab', 'data-fl': 'tab', 'data-panel': p.id, 'aria-controls': `panel-${p.id}`,
      on: { click: () => nav.go(p.id) } },
    h('span', { 'data-i18n': p.titleKey }), h('span', { class: 'badge', hidden: true })));
    const section = h('section', { class: 'panel', id: `panel-${p.id}`, role: 'tabpanel', 'data-panel': p.id,
      'data-fl': `panel-${p.id}` });
    panels.append(section);
    controllers.set(p.id, p.mount(section, ctx) || null);
  }
  // Arrow keys, Home and End move between tabs (the tab list is one stop for Tab).
  tabs.addEventListener('keydown', (e) => {
    const list = [...tabs.children];
    const at = list.indexOf(document.activeElement);
    if (at < 0) {
      return;
    }
    let next = null;
    if (e.key === 'ArrowRight') {
      next = (at + 1) % list.length;
    } else if (e.key === 'ArrowLeft') {
      next = (at - 1 + list.length) % list.length;
    } else if (e.key === 'Home') {
      next = 0;
    } else if (e.key === 'End') {
      next = list.length - 1;
    }
    if (next !== null) {
      e.preventDefault();
      const id = list[next].dataset.panel;
      nav.go(id);
      list[next].focus();
    }
  });
  window.addEventListener('popstate', () => {
    const { id, arg } = parse();
    select(id, arg);
  });
  i18n.apply(document);
  const { id, arg } = parse();
  select(id, arg);
}
