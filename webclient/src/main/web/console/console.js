// Agent console (/console): login, /ws/agent (authenticated by the session cookie; nothing is
// sent before ready), presence, the list of my chats and one chat pane (CONTRACT section 5),
// with internal notes, transfer, files, canned responses, the visitor panel and work orders
// (each in its own module).
import { ReconnectingSocket, socketUrl } from '../shared/ws.js';
import { createI18n, langOf } from '../shared/i18n.js';
import { h, throttle, newClientId, formatDuration } from '../shared/dom.js';
import { Outbox } from '../shared/outbox.js';
import { api, currentUser, wireLogin, logout, hasRole } from '../shared/session.js';
import { messageElement, noteElement, insertBySeq, insertByTime } from '../shared/render.js';
import { checkFile, uploadFile, uploadProblem } from '../shared/files.js';
import { prime, beep, notify } from '../shared/alert.js';
import { STRINGS } from './strings.js';
import { VisitorPanel } from './visitor-panel.js';
import { Canned } from './canned.js';
import { Transfer } from './transfer.js';
import { Tickets } from './tickets.js';
import { Queue, waitLevel } from './queue.js';

const ROLES = ['agent', 'supervisor', 'admin'];
const RESEND_MS = 8000;
const LANG_KEY = 'frontline:console:lang';
const STATUS_KEY = 'frontline:console:status';
const OUTBOX_KEY = 'frontline:console:outbox';

const $ = (sel, root = document) => root.querySelector(sel);
const i18n = createI18n(STRINGS, readLocal(LANG_KEY) || langOf(document.documentElement.lang));

const ui = {
  loginView: $('#login-view'),
  app: $('#app'),
  me: $('[data-fl=me]'),
  status: $('[data-fl=status]'),
  conn: $('[data-fl=connection]'),
  list: $('[data-fl=chat-list]'),
  count: $('[data-fl=chat-count]'),
  noChats: $('[data-fl=no-chats]'),
  noSelection: $('[data-fl=no-selection]'),
  pane: $('[data-fl=chat-pane]'),
  visitorName: $('[data-fl=visitor-name]'),
  visitorInfo: $('[data-fl=visitor-info]'),
  chatState: $('[data-fl=chat-state]'),
  close: $('[data-fl=chat-pane] [data-fl=close]'),
  dismiss: $('[data-fl=dismiss]'),
  logHolder: $('[data-fl=log-holder]'),
  rating: $('[data-fl=rating]'),
  typingRow: $('[data-fl=typing-row]'),
  typingPreview: $('[data-fl=typing-preview]'),
  input: $('[data-fl=chat-pane] [data-fl=input]'),
  send: $('[data-fl=chat-pane] [data-fl=send]'),
  composer: $('[data-fl=composer]'),
  noteToggle: $('[data-fl=note-toggle]'),
  attach: $('[data-fl=attach]'),
  fileInput: $('[data-fl=file-input]'),
  uploadError: $('[data-fl=upload-error]'),
  transfer: $('[data-fl=chat-pane] [data-fl=transfer]'),
  chatsView: $('[data-fl=chats-view]'),
  ticketsView: $('[data-fl=tickets-view]'),
  toast: $('[data-fl=toast]'),
};

/** conversationId -> chat state; Map order is the list order (oldest first). */
const chats = new Map();
let active = null;
let me = null;
let socket = null;
let ready = false;
const outbox = new Outbox(readSession(OUTBOX_KEY) || [], (list) => {
  writeSession(OUTBOX_KEY, list.map(({ clientId, conversationId, text, ts }) => ({ clientId, conversationId, text, ts })));
});
let noteMode = false;

/** What the modules may use of the console. */
const ctx = {
  i18n,
  labels,
  toast,
  me: () => me,
  send: (frame) => ready && socket.send(frame),
  activeChat: () => (active ? chats.get(active) : null),
};
const panel = new VisitorPanel(ctx);
const canned = new Canned(ctx, ui.input);
const transfer = new Transfer(ctx);
const tickets = new Tickets(ctx);
const queue = new Queue(ctx);

// ---- start ----

i18n.apply(document);
for (const b of document.querySelectorAll('[data-fl=lang]')) {
  b.addEventListener('click', () => {
    i18n.set(i18n.lang === 'zh' ? 'en' : 'zh');
    writeLocal(LANG_KEY, i18n.lang);
  });
}
i18n.onChange(() => {
  document.documentElement.lang = i18n.lang === 'en' ? 'en' : 'zh-CN';
  i18n.apply(document);
  renderConnection();
  for (const chat of chats.values()) {
    renderItem(chat);
  }
  renderPane();
  renderNoteMode();
  panel.render();
  tickets.renderRows();
  queue.render();
});
wireLogin($('[data-fl=login-form]'), { roles: ROLES, onLogin: enter, t: i18n.t });
$('[data-fl=logout]').addEventListener('click', async () => {
  await logout();
  location.reload();
});
ui.status.value = readLocal(STATUS_KEY) || 'online';
ui.status.addEventListener('change', () => {
  writeLocal(STATUS_KEY, ui.status.value);
  sendStatus();
});
wireComposer();
canned.wire();
transfer.wire();
tickets.wire();
for (const b of document.querySelectorAll('[data-fl=tab]')) {
  b.addEventListener('click', () => showTab(b.dataset.tab));
}
document.addEventListener('keydown', shortcuts);
setInterval(tick, 1000);

currentUser().then((user) => {
  if (hasRole(user, ROLES)) {
    enter(user, { gesture: false });
  } else {
    ui.loginView.hidden = false;
    $('[data-fl=username]').focus();
  }
});

function enter(user, { gesture }) {
  me = user;
  if (gesture) {
    prime();
  }
  ui.loginView.hidden = true;
  ui.app.hidden = false;
  ui.me.textContent = user.displayName || user.username;
  canned.load();
  tickets.start();
  queue.start();
  if (!socket) {
    socket = new ReconnectingSocket(socketUrl(location.origin, '/ws/agent'), {
      onOpen: () => { ready = false; },
      onFrame: frame,
      onStatus: (s) => {
        if (s === 'stopped' && me) {
          expired();
        }
        renderConnection(s);
      },
      // 1008: not (or no longer) authenticated; log in again instead of retrying.
      shouldReconnect: (ev) => ev.code !== 1008,
    });
  }
  socket.start();
  renderList();
}

function expired() {
  me = null;
  ready = false;
  ui.app.hidden = true;
  ui.loginView.hidden = false;
  const err = $('[data-fl=login-error]');
  err.textContent = i18n.t('sessionExpired');
  err.hidden = false;
}

// ---- frames ----

function frame(f) {
  switch (f.type) {
    case 'ready':
      ready = true;
      socket.healthy();
      renderConnection();
      sendStatus();
      outbox.resetSent();
      flush();
      break;
    case 'assigned': assigned(f); break;
    case 'message': if (!f.watching) message(f); break;
    case 'ack': ack(f); break;
    case 'typing': typing(f); break;
    case 'closed': closed(f); break;
    case 'revoked': revoked(f); break;
    case 'rated': rated(f); break;
    case 'whisper': whisper(f); break;
    case 'done': done(f); break;
    case 'error': error(f); break;
    default: break;
  }
}

function done(f) {
  if (f.for === 'status') {
    ui.status.dataset.confirmed = ui.status.value;
  } else if (f.for === 'transfer') {
    transfer.done(f);
  } else if (f.for === 'note') {
    const chat = chats.get(f.conversationId);
    const li = chat && chat.pendingNotes.shift();
    if (li) {
      li.dataset.state = 'sent';
    }
  }
}

function sendStatus() {
  if (ready) {
    socket.send({ type: 'status', status: ui.status.value });
  }
}

function assigned(f) {
  const known = chats.get(f.conversationId);
  const chat = known || newChat(f);
  chat.visitor = f.visitor || chat.visitor;
  chat.group = f.group || chat.group;
  chat.closed = false;
  for (const m of f.history || []) {
    addMessage(chat, m, true);
  }
  if (f.note) {
    chat.transferNote = f.note;
    addNote(chat, { kind: 'transfer', label: i18n.t('transferNoteLabel'), text: f.note });
  }
  if (!known) {
    // Earlier notes (a transfer to a group arrives as "routed", so every new chat asks).
    loadNotes(chat);
  }
  for (const e of outbox.list()) {
    if (e.conversationId === chat.id && !chat.pending.has(e.clientId)) {
      showPending(chat, e);
    }
  }
  renderItem(chat);
  renderList();
  queue.load();
  if (!known && f.reason !== 'resumed') {
    beep();
    notify(i18n.t('newChat'), i18n.t('newChatBody', { name: visitorName(chat) }), chat.id);
  }
  if (!active) {
    select(chat.id, false);
  } else if (active === chat.id) {
    renderPane();
  }
}

function newChat(f) {
  const chat = {
    id: f.conversationId,
    visitor: f.visitor || {},
    group: f.group,
    log: h('ol', { class: 'log', 'data-fl': 'log', 'data-conversation': f.conversationId, role: 'log',
      'aria-live': 'polite' }),
    item: null,
    seen: new Set(),
    pending: new Map(),
    unread: 0,
    closed: false,
    rating: null,
    ratingComment: null,
    draft: '',
    reply: '',
    pendingNotes: [],
    transferNote: null,
    waitingSince: null,
    startedAt: Date.now(),
  };
  chat.item = h('li', {}, h('button', { type: 'button', class: 'chat-item', 'data-fl': 'chat',
    'data-conversation': chat.id, on: { click: () => select(chat.id, true) } }));
  chats.set(chat.id, chat);
  return chat;
}

function addMessage(chat, m, history) {
  if (!Number.isInteger(m.seq) || chat.seen.has(m.seq)) {
    return;
  }
  chat.seen.add(m.seq);
  const mine = m.clientId ? chat.pending.get(m.clientId) : null;
  if (mine) {
    chat.pending.delete(m.clientId);
    outbox.take(m.clientId);
    mine.dataset.seq = String(m.seq);
    mine.dataset.state = 'sent';
    mine.querySelector('.state').textContent = '';
  } else {
    insertBySeq(chat.log, messageElement(m, labels(), i18n.lang), m.seq);
  }
  if (m.from === 'visitor') {
    chat.draft = '';
    if (!chat.waitingSince) {
      chat.waitingSince = m.ts || Date.now();
    }
    if (!history && (active !== chat.id || document.hidden)) {
      chat.unread++;
    }
  } else if (m.from === 'agent') {
    chat.waitingSince = null;
  }
  chat.lastText = m.text;
  if (active === chat.id) {
    scrollLog();
    renderTyping();
  }
}

function message(f) {
  const chat = chats.get(f.conversationId);
  if (!chat) {
    return;
  }
  addMessage(chat, f, false);
  renderItem(chat);
}

function ack(f) {
  const e = outbox.take(f.clientId);
  const chat = chats.get(f.conversationId || (e && e.conversationId));
  if (!chat) {
    return;
  }
  const li = chat.pending.get(f.clientId);
  if (li) {
    chat.pending.delete(f.clientId);
    li.dataset.state = 'sent';
    li.dataset.seq = String(f.seq);
    li.querySelector('.state').textContent = '';
    chat.seen.add(f.seq);
    chat.waitingSince = null;
    renderItem(chat);
  }
}

function typing(f) {
  const chat = chats.get(f.conversationId);
  if (!chat || (f.from && f.from !== 'visitor') || f.watching) {
    return;
  }
  chat.draft = f.text || '';
  renderItem(chat);
  if (active === chat.id) {
    renderTyping();
  }
}

function closed(f) {
  const chat = chats.get(f.conversationId);
  if (!chat) {
    return;
  }
  chat.closed = true;
  chat.closedBy = f.by;
  chat.draft = '';
  chat.waitingSince = null;
  renderItem(chat);
  if (active === chat.id) {
    renderPane();
  }
}

function revoked(f) {
  const chat = chats.get(f.conversationId);
  if (!chat) {
    return;
  }
  toast(i18n.t('revoked', { id: shortId(chat.id) }));
  removeChat(chat.id);
}

function rated(f) {
  const chat = chats.get(f.conversationId);
  if (!chat) {
    return;
  }
  chat.rating = f.score;
  chat.ratingComment = typeof f.comment === 'string' ? f.comment : null;
  renderItem(chat);
  if (active === chat.id) {
    renderPane();
  }
  if (f.comment === undefined) {
    loadRating(chat);
  }
}

/** The comment of a rating whose frame carried only the score: the stored conversation has it. */
async function loadRating(chat) {
  const r = await api(`/api/conversations/${encodeURIComponent(chat.id)}`);
  if (r.status !== 200 || chats.get(chat.id) !== chat || !r.body.rating) {
    return;
  }
  chat.rating = r.body.rating;
  chat.ratingComment = r.body.ratingComment || '';
  renderItem(chat);
  if (active === chat.id) {
    renderPane();
  }
}

function whisper(f) {
  const chat = chats.get(f.conversationId);
  if (!chat) {
    return;
  }
  addNote(chat, { kind: 'whisper', label: i18n.t('whisper', { name: f.from && f.from.name ? f.from.name : '' }),
    text: f.text, ts: f.ts });
  if (active !== chat.id) {
    chat.unread++;
  }
  renderItem(chat);
  beep();
}

/** An internal note, whisper or transfer note in the chat's log (never seen by the visitor). */
function addNote(chat, note) {
  const li = noteElement(note);
  chat.log.append(li);
  if (active === chat.id) {
    scrollLog();
  }
  return li;
}

/** A chat that was someone else's before: its notes so far (transfer notes, whispers, notes). */
async function loadNotes(chat) {
  const r = await api(`/api/conversations/${encodeURIComponent(chat.id)}`);
  if (r.status !== 200 || !chats.has(chat.id)) {
    return;
  }
  for (const n of r.body.notes || []) {
    if (n.kind === 'transfer' && chat.transferNote && n.text.endsWith(chat.transferNote)) {
      continue; // shown from the assigned frame
    }
    const label = n.kind === 'whisper' ? i18n.t('whisper', { name: n.author || '' })
      : n.kind === 'transfer' ? i18n.t('transferBy', { name: n.author || '' }) : i18n.t('noteBy', { name: n.author || '' });
    insertByTime(chat.log, noteElement({ kind: n.kind, label, text: n.text, ts: n.ts }));
  }
}

function error(f) {
  if (transfer.failed(f)) {
    return;
  }
  const noteChat = !f.clientId && f.conversationId && chats.get(f.conversationId);
  if (noteChat && noteChat.pendingNotes.length && f.code !== 'not_found') {
    const li = noteChat.pendingNotes.shift();
    li.dataset.state = 'failed';
    li.title = f.message || f.code;
    return;
  }
  if (f.clientId && outbox.has(f.clientId)) {
    if (['overloaded', 'unavailable', 'rate_limited', 'internal'].includes(f.code)) {
      return; // resent by tick()
    }
    const e = outbox.take(f.clientId);
    const chat = chats.get(f.conversationId || e.conversationId);
    const li = chat && chat.pending.get(f.clientId);
    if (li) {
      chat.pending.delete(f.clientId);
      li.dataset.state = 'failed';
      li.querySelector('.state').textContent = i18n.t('failed');
      li.title = f.message || f.code;
    }
    return;
  }
  if (f.code === 'not_found' && f.conversationId && chats.has(f.conversationId)) {
    // The conversation is no longer open here (closed meanwhile).
    closed({ conversationId: f.conversationId, by: 'timeout' });
    return;
  }
  if (f.message) {
    toast(f.message);
  }
}

// ---- sending ----

function wireComposer() {
  const sendTyping = throttle((conversationId, text) => {
    if (ready) {
      socket.send({ type: 'typing', conversationId, text });
    }
  }, 250);
  ui.input.addEventListener('input', () => {
    if (active) {
      chats.get(active).reply = ui.input.value;
      sendTyping(active, ui.input.value);
    }
  });
  ui.input.addEventListener('keydown', (e) => {
    if (canned.onKey(e)) {
      return;
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.altKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      sendReply();
    }
  });
  ui.send.addEventListener('click', sendReply);
  ui.close.addEventListener('click', () => {
    if (active && ready) {
      socket.send({ type: 'close', conversationId: active });
    }
  });
  ui.dismiss.addEventListener('click', () => {
    if (active) {
      removeChat(active);
    }
  });
  ui.noteToggle.addEventListener('click', () => setNoteMode(!noteMode));
  ui.transfer.addEventListener('click', () => transfer.open());
  ui.attach.addEventListener('click', () => ui.fileInput.click());
  ui.fileInput.addEventListener('change', () => {
    const files = [...ui.fileInput.files];
    ui.fileInput.value = '';
    const chat = active && chats.get(active);
    if (chat) {
      files.forEach((f) => upload(chat, f));
    }
  });
}

/** Internal-note mode: what is typed goes to the team only, never to the visitor. */
function setNoteMode(on) {
  noteMode = on;
  renderNoteMode();
  ui.input.focus();
}

function renderNoteMode() {
  ui.noteToggle.setAttribute('aria-pressed', String(noteMode));
  ui.composer.classList.toggle('is-note', noteMode);
  ui.input.placeholder = i18n.t(noteMode ? 'noteHint' : 'inputHint');
  ui.send.textContent = i18n.t(noteMode ? 'addNote' : 'send');
}

function sendNote(chat, text) {
  if (!ready || !socket.send({ type: 'note', conversationId: chat.id, text })) {
    toast(i18n.t('notConnected'));
    return false;
  }
  const li = addNote(chat, { kind: 'note', label: i18n.t('noteBy', { name: me ? me.displayName : '' }), text,
    state: 'pending' });
  chat.pendingNotes.push(li);
  return true;
}

async function upload(chat, file) {
  const problem = checkFile(file);
  if (problem) {
    uploadError(problem);
    return;
  }
  ui.uploadError.hidden = true;
  const li = messageElement({ from: 'agent', text: file.name, ts: Date.now(), state: 'pending',
    author: { name: me ? me.displayName : '' } }, labels(), i18n.lang);
  li.dataset.fl = 'upload';
  li.querySelector('.state').textContent = i18n.t('uploading');
  chat.log.append(li);
  scrollLog();
  const res = await uploadFile(location.origin, chat.id, file);
  li.remove();
  if (!res.ok) {
    uploadError(uploadProblem(res));
  }
}

function uploadError(key) {
  ui.uploadError.textContent = i18n.t(key);
  ui.uploadError.hidden = false;
  clearTimeout(uploadError.timer);
  uploadError.timer = setTimeout(() => { ui.uploadError.hidden = true; }, 10000);
}

function sendReply() {
  const chat = active && chats.get(active);
  const text = ui.input.value.trim();
  if (!chat || chat.closed || !text) {
    return;
  }
  if (noteMode) {
    if (sendNote(chat, text)) {
      ui.input.value = '';
      chat.reply = '';
    }
    return;
  }
  ui.input.value = '';
  chat.reply = '';
  const entry = { clientId: newClientId('a'), conversationId: chat.id, text, ts: Date.now() };
  outbox.add(entry);
  showPending(chat, entry);
  flush();
  ui.input.focus();
}

function showPending(chat, e) {
  const li = messageElement({ from: 'agent', text: e.text, ts: e.ts, state: 'pending',
    author: { name: me ? me.displayName : '' } }, labels(), i18n.lang);
  li.querySelector('.state').textContent = i18n.t('pending');
  chat.pending.set(e.clientId, li);
  chat.log.append(li);
  if (active === chat.id) {
    scrollLog();
  }
}

function flush() {
  if (!ready) {
    return;
  }
  const now = Date.now();
  for (const e of outbox.due(now, RESEND_MS)) {
    if (socket.send({ type: 'send', conversationId: e.conversationId, clientId: e.clientId, text: e.text })) {
      outbox.markSent(e.clientId, now);
    }
  }
}

// ---- rendering ----

function labels() {
  return { bot: i18n.t('bot'), visitor: i18n.t('visitor'), agent: i18n.t('agent'), system: i18n.t('system'),
    download: i18n.t('download') };
}

/** The site server's verified name, else the page's (unverified: marked where it is shown), else a short id. */
function visitorName(chat) {
  const v = chat.visitor || {};
  return v.verifiedName || v.name || shortId(v.id || chat.id);
}

/** A mark after a name the page passed (the visitor could have changed it), or null. */
function unverifiedMark(chat) {
  const v = chat.visitor || {};
  return !v.verifiedName && v.name ? h('span', { class: 'tag warn', 'data-fl': 'unverified', text: i18n.t('unverified'),
    title: i18n.t('unverifiedTitle') }) : null;
}

function shortId(id) {
  return String(id || '').slice(-6);
}

function select(id, focus) {
  const chat = chats.get(id);
  if (!chat) {
    return;
  }
  const prev = active && chats.get(active);
  if (prev) {
    prev.reply = ui.input.value;
  }
  active = id;
  chat.unread = 0;
  ui.input.value = chat.reply || '';
  renderList();
  renderPane();
  if (focus) {
    ui.input.focus();
  }
}

function removeChat(id) {
  const chat = chats.get(id);
  if (!chat) {
    return;
  }
  chat.item.remove();
  chats.delete(id);
  if (active === id) {
    active = null;
    const next = chats.keys().next();
    if (!next.done) {
      select(next.value, false);
    }
  }
  renderList();
  renderPane();
}

function renderList() {
  for (const chat of chats.values()) {
    if (chat.item.parentNode !== ui.list) {
      ui.list.append(chat.item);
    }
    renderItem(chat);
  }
  const open = [...chats.values()].filter((c) => !c.closed).length;
  ui.count.textContent = String(open);
  ui.noChats.hidden = chats.size > 0;
}

function renderItem(chat) {
  const b = chat.item.firstChild;
  b.classList.toggle('selected', active === chat.id);
  b.classList.toggle('closed', chat.closed);
  if (active === chat.id) {
    b.setAttribute('aria-current', 'true');
  } else {
    b.removeAttribute('aria-current');
  }
  const wait = waitClass(chat);
  b.dataset.wait = wait || '';
  b.replaceChildren(
    h('span', { class: 'row1' },
      h('strong', { class: 'name', text: visitorName(chat) }), unverifiedMark(chat),
      chat.unread ? h('span', { class: 'unread', 'data-fl': 'unread', 'aria-label': i18n.t('unread', { n: chat.unread }),
        text: String(chat.unread) }) : null),
    h('span', { class: 'row2', text: chat.draft ? `✎ ${chat.draft}` : chat.lastText || '' }),
    h('span', { class: 'row3' },
      chat.closed ? h('span', { class: 'tag', text: i18n.t('closed') + (chat.rating ? ` · ${'★'.repeat(chat.rating)}` : '') })
        : chat.waitingSince ? h('span', { class: 'wait', 'data-fl': 'wait', text: i18n.t('waiting', { t: formatDuration(Date.now() - chat.waitingSince) }) })
          : null));
}

function waitClass(chat) {
  if (chat.closed || !chat.waitingSince) {
    return null;
  }
  return waitLevel(Date.now() - chat.waitingSince);
}

function renderPane() {
  const chat = active && chats.get(active);
  ui.pane.hidden = !chat;
  ui.noSelection.hidden = Boolean(chat);
  panel.show(chat || null);
  if (!chat) {
    return;
  }
  ui.pane.dataset.conversation = chat.id;
  ui.visitorName.textContent = visitorName(chat);
  const v = chat.visitor || {};
  const info = [];
  if (chat.group) {
    info.push(`${i18n.t('group')}: ${chat.group}`);
  }
  if (v.page && v.page.url) {
    info.push(`${i18n.t('from')}: ${v.page.title || v.page.url}`);
  }
  ui.visitorInfo.textContent = info.join(' · ');
  ui.visitorInfo.title = v.page && v.page.url ? v.page.url : '';
  ui.chatState.textContent = chat.closed ? i18n.t('closed') : i18n.t('active');
  ui.chatState.dataset.state = chat.closed ? 'closed' : 'active';
  if (ui.logHolder.firstChild !== chat.log) {
    ui.logHolder.replaceChildren(chat.log);
  }
  ui.close.hidden = chat.closed;
  ui.transfer.hidden = chat.closed;
  ui.dismiss.hidden = !chat.closed;
  ui.input.disabled = chat.closed;
  ui.send.disabled = chat.closed;
  ui.attach.disabled = chat.closed;
  ui.noteToggle.disabled = chat.closed;
  ui.rating.hidden = !chat.rating;
  ui.rating.replaceChildren(...(chat.rating ? [
    h('span', { text: i18n.t('rating', { score: chat.rating, label: i18n.t(`rate${chat.rating}`) }) }),
    chat.ratingComment ? h('span', { class: 'comment', 'data-fl': 'rating-comment',
      text: i18n.t('ratingComment', { text: chat.ratingComment }) }) : null,
  ] : []));
  ui.rating.dataset.score = chat.rating ? String(chat.rating) : '';
  renderTyping();
  scrollLog();
}

function renderTyping() {
  const chat = active && chats.get(active);
  const draft = chat && !chat.closed ? chat.draft : '';
  ui.typingPreview.textContent = draft;
  ui.typingRow.hidden = !draft;
}

function scrollLog() {
  ui.logHolder.scrollTop = ui.logHolder.scrollHeight;
}

function renderConnection(s) {
  const state = s || (socket ? socket.status : 'stopped');
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

// ---- keyboard and timers ----

function showTab(name) {
  for (const b of document.querySelectorAll('[data-fl=tab]')) {
    b.setAttribute('aria-selected', String(b.dataset.tab === name));
  }
  ui.chatsView.hidden = name !== 'chats';
  ui.ticketsView.hidden = name !== 'tickets';
  if (name === 'tickets') {
    tickets.load();
  }
}

function shortcuts(e) {
  if (!e.altKey || ui.app.hidden) {
    return;
  }
  const key = e.key.toLowerCase();
  if (key === 'n' && active && !ui.chatsView.hidden) {
    e.preventDefault();
    setNoteMode(!noteMode);
    return;
  }
  if (key === 't' && active && !ui.chatsView.hidden) {
    e.preventDefault();
    transfer.open();
    return;
  }
  const ids = [...chats.keys()];
  if (!ids.length) {
    return;
  }
  let target = null;
  if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    const i = ids.indexOf(active);
    const step = e.key === 'ArrowDown' ? 1 : -1;
    target = ids[(i + step + ids.length) % ids.length];
  } else if (/^[1-9]$/.test(e.key)) {
    target = ids[Number(e.key) - 1];
  }
  if (target) {
    e.preventDefault();
    select(target, true);
  }
}

function tick() {
  flush();
  queue.tick();
  for (const chat of chats.values()) {
    if (chat.waitingSince && !chat.closed) {
      renderItem(chat);
    }
  }
}

// ---- storage ----

function readLocal(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function writeLocal(key, value) {
  try {
    localStorage.setItem(key, value);
  } catch {
    // unavailable
  }
}

function readSession(key) {
  try {
    return JSON.parse(sessionStorage.getItem(key));
  } catch {
    return null;
  }
}

function writeSession(key, value) {
  try {
    sessionStorage.setItem(key, JSON.stringify(value));
  } catch {
    // unavailable
  }
}
