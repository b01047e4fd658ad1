// Supervisor page (/supervisor): live conversations (GET /api/conversations?state=open, polled),
// and for one of them: watch its messages and the visitor's draft live, whisper to the agent,
// take it over (CONTRACT section 7, over /ws/agent).
import { ReconnectingSocket, socketUrl } from '../shared/ws.js';
import { createI18n, langOf, wirePageLanguage } from '../shared/i18n.js';
import { h, formatTime } from '../shared/dom.js';
import { api, currentUser, wireLogin, logout, hasRole } from '../shared/session.js';
import { messageElement, insertBySeq } from '../shared/render.js';
import { STRINGS } from './strings.js';
import { Figures } from './figures.js';
import { Dashboard } from './dashboard.js';

const ROLES = ['supervisor', 'admin'];
const POLL_MS = 3000;
const LANG_KEY = 'frontline:supervisor:lang';

const $ = (sel) => document.querySelector(sel);
const i18n = createI18n(STRINGS, localStorage.getItem(LANG_KEY) || langOf(document.documentElement.lang));

const ui = {
  loginView: $('#login-view'),
  app: $('#app'),
  me: $('[data-fl=me]'),
  conn: $('[data-fl=connection]'),
  rows: $('[data-fl=conversations]'),
  count: $('[data-fl=conversation-count]'),
  none: $('[data-fl=no-conversations]'),
  updated: $('[data-fl=updated]'),
  pane: $('[data-fl=watch-pane]'),
  emptyPane: $('[data-fl=watch-empty]'),
  title: $('[data-fl=watch-title]'),
  state: $('[data-fl=watch-state]'),
  log: $('[data-fl=watch-log]'),
  typingRow: $('[data-fl=typing-row]'),
  typing: $('[data-fl=typing-preview]'),
  whisperForm: $('[data-fl=whisper-form]'),
  whisperInput: $('[data-fl=whisper-input]'),
  toast: $('[data-fl=toast]'),
};

let socket = null;
let ready = false;
let watched = null; // { id, seen: Set<seq>, closed }
let agentNames = new Map();
let conversations = [];
let pollTimer = null;
const whispers = [];
let groupNames = new Map();
const groupLabel = (id) => groupNames.get(id) || id;
const figures = new Figures(i18n, groupLabel);
const dashboard = new Dashboard(i18n, groupLabel);
const alerts = [];

wirePageLanguage(i18n, LANG_KEY);
i18n.onChange(() => {
  renderRows();
  renderConnection();
  figures.render();
  dashboard.render();
  renderAlerts();
});
wireLogin($('[data-fl=login-form]'), { roles: ROLES, onLogin: enter, t: i18n.t });
$('[data-fl=logout]').addEventListener('click', async () => {
  await logout();
  location.reload();
});
$('[data-fl=unwatch]').addEventListener('click', () => unwatch());
$('[data-fl=takeover]').addEventListener('click', () => {
  if (watched && ready) {
    socket.send({ type: 'takeover', conversationId: watched.id });
  }
});
ui.whisperForm.addEventListener('submit', (e) => {
  e.preventDefault();
  const text = ui.whisperInput.value.trim();
  if (!text || !watched || !ready) {
    return;
  }
  whispers.push({ conversationId: watched.id, text });
  socket.send({ type: 'whisper', conversationId: watched.id, text });
  ui.whisperInput.value = '';
});

currentUser().then((user) => {
  if (hasRole(user, ROLES)) {
    enter(user);
  } else {
    ui.loginView.hidden = false;
  }
});

function enter(user) {
  ui.loginView.hidden = true;
  ui.app.hidden = false;
  ui.me.textContent = user.displayName || user.username;
  socket = new ReconnectingSocket(socketUrl(location.origin, '/ws/agent'), {
    onOpen: () => { ready = false; },
    onFrame: frame,
    onStatus: (s) => {
      if (s !== 'open') {
        ready = false;
      }
      renderConnection();
    },
    shouldReconnect: (ev) => ev.code !== 1008,
  });
  socket.start();
  loadAgents();
  poll();
  figures.start();
  dashboard.start();
}

async function loadAgents() {
  const g = await api('/api/groups');
  if (g.status === 200) {
    groupNames = new Map((g.body.groups || []).map((x) => [x.id, x.name]));
  }
  const r = await api('/api/users');
  if (r.status === 200) {
    agentNames = new Map(r.body.users.map((u) => [u.id, u.displayName || u.username]));
    renderRows();
  }
}

async function poll() {
  clearTimeout(pollTimer);
  try {
    const r = await api('/api/conversations?state=open&limit=200');
    if (r.status === 200) {
      conversations = r.body.conversations;
      ui.updated.textContent = i18n.t('updated', { t: formatTime(Date.now(), i18n.lang) });
      renderRows();
    } else if (r.status === 401) {
      location.reload();
      return;
    }
  } catch {
    // the next poll tries again
  }
  pollTimer = setTimeout(poll, POLL_MS);
}

function renderRows() {
  ui.rows.replaceChildren(...conversations.map((c) => {
    const isWatched = watched && watched.id === c.id;
    return h('tr', { 'data-fl': 'conversation-row', 'data-conversation': c.id, 'data-state': c.state,
      class: isWatched ? 'watched' : null },
    h('td', { title: c.id, text: c.id.slice(-8) }),
    h('td', { text: i18n.t(`state_${c.state}`) }),
    h('td', { title: c.group || '', text: c.group ? groupLabel(c.group) : '' }),
    h('td', { text: c.agentId ? agentNames.get(c.agentId) || `#${c.agentId}` : '' }),
    h('td', { text: age(c.createdAt) }),
    h('td', {}, h('button', { type: 'button', 'data-fl': 'watch', 'data-conversation': c.id,
      text: isWatched ? i18n.t('watching') : i18n.t('watch'), disabled: isWatched,
      on: { click: () => watch(c.id) } })));
  }));
  ui.count.textContent = String(conversations.length);
  ui.none.hidden = conversations.length > 0;
}

function age(ts) {
  const s = Math.max(0, Math.floor((Date.now() - ts) / 1000));
  return s < 60 ? `${s}s` : s < 3600 ? `${Math.floor(s / 60)}m` : `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m`;
}

// ---- watching ----

async function watch(id) {
  if (watched && watched.id !== id) {
    unwatch();
  }
  watched = { id, seen: new Set(), closed: false };
  ui.pane.hidden = false;
  ui.emptyPane.hidden = true;
  ui.title.textContent = id;
  ui.state.textContent = '';
  ui.log.replaceChildren();
  ui.typing.textContent = '';
  ui.typingRow.hidden = true;
  renderRows();
  if (ready) {
    socket.send({ type: 'watch', conversationId: id });
  }
  // The history so far; live frames that arrive meanwhile are merged by seq.
  const r = await api(`/api/conversations/${encodeURIComponent(id)}`);
  if (r.status === 200 && watched && watched.id === id) {
    ui.state.textContent = i18n.t(`state_${r.body.state}`);
    for (const m of r.body.messages || []) {
      add(m);
    }
  }
}

function unwatch() {
  if (watched && ready && !watched.closed) {
    socket.send({ type: 'unwatch', conversationId: watched.id });
  }
  watched = null;
  ui.pane.hidden = true;
  ui.emptyPane.hidden = false;
  renderRows();
}

function add(m) {
  if (!watched || m.conversationId !== watched.id || !Number.isInteger(m.seq) || watched.seen.has(m.seq)) {
    return;
  }
  watched.seen.add(m.seq);
  insertBySeq(ui.log, messageElement(m, labels(), i18n.lang), m.seq);
  if (m.from === 'visitor') {
    ui.typing.textContent = '';
    ui.typingRow.hidden = true;
  }
  ui.log.scrollTop = ui.log.scrollHeight;
}

function labels() {
  return { bot: i18n.t('bot'), visitor: i18n.t('visitor'), agent: i18n.t('agent'), system: i18n.t('system') };
}

function frame(f) {
  switch (f.type) {
    case 'ready':
      ready = true;
      socket.healthy();
      renderConnection();
      if (watched) {
        socket.send({ type: 'watch', conversationId: watched.id });
      }
      break;
    case 'message':
      add(f);
      break;
    case 'typing':
      if (watched && f.conversationId === watched.id && f.from !== 'agent') {
        ui.typing.textContent = f.text || '';
        ui.typingRow.hidden = !f.text;
      }
      break;
    case 'closed':
      if (watched && f.conversationId === watched.id) {
        watched.closed = true;
        ui.state.textContent = i18n.t('state_closed');
      }
      poll();
      break;
    case 'done':
      if (f.for === 'whisper') {
        const w = whispers.findIndex((x) => x.conversationId === f.conversationId);
        const sent = w >= 0 ? whispers.splice(w, 1)[0] : null;
        if (sent && watched && watched.id === sent.conversationId) {
          ui.log.append(h('li', { class: 'whisper', 'data-fl': 'whisper' },
            h('strong', { text: i18n.t('whisperSent') }), ' ', h('span', { text: sent.text })));
        }
      }
      break;
    case 'assigned':
      toast(i18n.t('takenOver'));
      poll();
      break;
    case 'alert':
      alerts.unshift(f);
      alerts.splice(20);
      renderAlerts();
      dashboard.nudge();
      break;
    case 'error':
      toast(f.message || f.code);
      break;
    default:
      break;
  }
}

function alertText(a) {
  const s = Math.round((a.waitedMs || 0) / 1000);
  const agent = a.agentName || (a.agentId ? agentNames.get(a.agentId) || `#${a.agentId}` : '');
  return i18n.t(`alert_${a.kind}`, { group: groupLabel(a.group || ''), n: a.count, threshold: a.threshold, s, agent });
}

function renderAlerts() {
  const box = $('[data-fl=alerts]');
  box.hidden = alerts.length === 0;
  $('[data-fl=alert-list]').replaceChildren(...alerts.map((a) => h('li', { 'data-fl': 'alert', 'data-kind': a.kind,
    'data-conversation': a.conversationId || '' },
  h('span', { text: formatTime(a.ts, i18n.lang) }), h('span', { text: alertText(a) }),
  a.conversationId ? h('button', { type: 'button', class: 'small', 'data-fl': 'alert-watch', text: i18n.t('watch'),
    on: { click: () => watch(a.conversationId) } }) : null)));
}

function renderConnection() {
  const state = socket ? socket.status : 'stopped';
  const shown = state === 'open' && !ready ? 'connecting' : state;
  ui.conn.dataset.state = shown;
  ui.conn.textContent = i18n.t(shown);
}

function toast(text) {
  ui.toast.textContent = text;
  ui.toast.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { ui.toast.hidden = true; }, 5000);
}
