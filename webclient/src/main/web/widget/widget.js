// Frontline chat widget. A host page includes it with
//   <script type="module" src="https://FRONTLINE-HOST/web/widget/widget.js"></script>
// It finds its server from its own address, renders inside a shadow root (no style leaks
// either way), and talks to /ws/visitor (CONTRACT section 4).
//
// Reliability: the visitor token, the open conversation's id and lastSeq, a cache of its
// messages and the outbox live in localStorage. The socket reconnects with back-off and says
// hello with token + lastSeq; messages are de-duplicated by (conversationId, seq); every
// message carries a clientId and stays in the outbox until acknowledged, and is sent again
// after each reconnect (the server stores a clientId once).
import { ReconnectingSocket, socketUrl } from '../shared/ws.js';
import { createI18n, langOf } from '../shared/i18n.js';
import { h, renderText, formatTime, throttle, newClientId } from '../shared/dom.js';
import { Outbox } from '../shared/outbox.js';
import { BlobCache, checkFile, fileElement, uploadFile, uploadProblem } from '../shared/files.js';
import { STRINGS } from './strings.js';
import { VisitorStore } from './store.js';
import { buildView } from './view.js';
import { LeaveMessage } from './leave.js';
import { ProactiveView } from './proactive.js';

const SELF = new URL(import.meta.url);
const ORIGIN = SELF.origin;
const RESEND_MS = 8000;
const MAX_CACHED = 200;
const TYPING_MS = 250;
const RETRYABLE = new Set(['overloaded', 'unavailable', 'rate_limited', 'internal']);

class Widget {
  constructor() {
    this.store = new VisitorStore(`frontline:visitor:${ORIGIN}`);
    const d = this.store.data;
    const customer = hostIdentity()?.customerId || null;
    if (customer && d.customerId && customer !== d.customerId) {
      // Another customer signed in on this browser (a shared computer): nothing of the previous
      // one's chat is shown or sent, and its token is not offered (the server would ignore it).
      Object.assign(d, { token: null, conversationId: null, lastSeq: 0, messages: [], outbox: [], rateFor: null });
    }
    d.customerId = customer || d.customerId || null;
    this.i18n = createI18n(STRINGS, d.lang || langOf(document.documentElement.lang));
    this.outbox = new Outbox(d.outbox, (list) => {
      this.store.data.outbox = list.map(({ clientId, text, ts }) => ({ clientId, text, ts }));
      this.store.save();
    });
    this.seen = new Set();
    this.have = new Set();
    this.pendingEls = new Map();
    this.greeted = false;
    this.mode = 'bot';
    this.unread = 0;
    this.earlyTracks = [];
    this.pendingRate = null;
    this.gapTimer = null;
    this.lastRepair = 0;
    this.typingTimer = null;
    this.lastUrl = location.href;
    this.origin = ORIGIN;
    this.dnt = navigator.doNotTrack === '1' || window.doNotTrack === '1';
    this.privacyPending = false;
    this.blobs = new BlobCache(ORIGIN, () => ({ 'x-visitor-token': this.store.data.token || '' }));
  }

  mount() {
    const host = document.createElement('div');
    host.id = 'frontline-widget';
    host.setAttribute('data-frontline', 'widget');
    host.style.visibility = 'hidden';
    document.body.append(host);
    const shadow = host.attachShadow({ mode: 'open' });
    this.v = buildView(shadow, new URL('./widget.css', SELF).href);
    this.v.link.addEventListener('load', () => { host.style.visibility = ''; });
    this.v.link.addEventListener('error', () => { host.style.visibility = ''; });
    this.leave = new LeaveMessage(this);
    this.proactive = new ProactiveView(this);
    this.applyLang();
    this.wire();
    this.restore();
    this.socket = new ReconnectingSocket(socketUrl(ORIGIN, '/ws/visitor'), {
      onOpen: () => this.hello(),
      onFrame: (f) => this.frame(f),
      onStatus: (s) => this.connection(s),
    });
    this.socket.start();
    // A self-service panel the host page mounts itself (site/kb.html) reports its trail events here.
    document.addEventListener('kb-track', (e) => {
      const fields = e.detail?.fields;
      this.selfService(e.detail?.event, fields && typeof fields === 'object' ? fields : {});
    });
    setInterval(() => this.tick(), 1000);
    if (this.store.data.open) {
      this.setOpen(true, false);
    }
  }

  // ---- wiring ----

  wire() {
    const v = this.v;
    v.launcher.addEventListener('click', () => this.setOpen(v.panel.hidden, true));
    v.minimize.addEventListener('click', () => this.setOpen(false, true));
    v.panel.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        this.setOpen(false, true);
        v.launcher.focus();
      }
    });
    v.lang.addEventListener('click', () => {
      this.store.data.lang = this.i18n.lang === 'zh' ? 'en' : 'zh';
      this.store.save();
      this.i18n.set(this.store.data.lang);
      if (this.greeted) {
        this.socket.restart(); // hello again: the server's texts follow the language
      }
    });
    this.i18n.onChange(() => this.applyLang());
    v.send.addEventListener('click', () => this.sendInput());
    v.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
        e.preventDefault();
        this.sendInput();
      }
    });
    this.typing = throttle((text) => {
      if (this.greeted) {
        this.socket.send({ type: 'typing', text });
      }
    }, TYPING_MS);
    v.input.addEventListener('input', () => this.typing(v.input.value));
    v.human.addEventListener('click', () => this.askHuman());
    v.kbOpen.addEventListener('click', () => this.toggleKb());
    this.leave.wire();
    this.proactive.wire();
    v.attach.addEventListener('click', () => v.fileInput.click());
    v.fileInput.addEventListener('change', () => {
      const files = [...v.fileInput.files];
      v.fileInput.value = '';
      files.forEach((f) => this.upload(f));
    });
    v.dnt.addEventListener('change', () => this.setTracking(!v.dnt.checked));
    v.end.addEventListener('click', () => this.socket.send({ type: 'close' }));
    v.scores.addEventListener('click', (e) => {
      const b = e.target.closest('[data-score]');
      if (b) {
        this.rate(Number(b.dataset.score));
      }
    });
    window.addEventListener('popstate', () => this.navigated());
    window.addEventListener('hashchange', () => this.navigated());
  }

  applyLang() {
    const v = this.v;
    v.root.setAttribute('lang', this.i18n.lang === 'en' ? 'en' : 'zh-CN');
    this.i18n.apply(v.root);
    for (const li of v.log.querySelectorAll('[data-fl=message]')) {
      this.refreshMeta(li);
    }
    this.renderQueue();
    this.renderInactivity();
    this.renderPrivacy();
    this.leave.render();
    this.proactive.render();
    if (this.kbPanel) {
      this.kbPanel.setLang(this.i18n.lang);
    }
  }

  /** Opens or closes the self-service panel; its module is loaded the first time. */
  async toggleKb() {
    const v = this.v;
    const open = v.kb.hidden;
    if (open && !this.kbPanel) {
      const { mountKbPanel } = await import(new URL('../shared/kb-panel.js', SELF).href);
      this.kbPanel = mountKbPanel(v.kb, { origin: ORIGIN, lang: this.i18n.lang,
        track: (event, fields) => this.selfService(event, fields) });
    }
    v.kb.hidden = !open;
    v.kbOpen.setAttribute('aria-expanded', String(open));
    this.track(open ? 'kb_open' : 'kb_close', {});
  }

  setOpen(open, byVisitor) {
    const v = this.v;
    v.panel.hidden = !open;
    v.launcher.setAttribute('aria-expanded', String(open));
    v.root.classList.toggle('is-open', open);
    this.store.data.open = open;
    this.store.save();
    if (open) {
      this.proactive.panelOpened();
      this.unread = 0;
      this.renderUnread();
      v.log.scrollTop = v.log.scrollHeight;
      v.input.focus();
    }
    if (byVisitor) {
      this.track(open ? 'widget_open' : 'widget_close', { url: location.href });
    }
  }

  // ---- connection ----

  hello() {
    this.greeted = false;
    const d = this.store.data;
    const hello = {
      type: 'hello',
      token: d.token || null,
      conversationId: d.conversationId || null,
      lastSeq: d.conversationId ? d.lastSeq : 0,
      lang: this.i18n.lang,
      page: { url: location.href, title: document.title, referrer: document.referrer || null },
    };
    if (this.dnt) {
      hello.dnt = true;
    }
    const identity = hostIdentity();
    if (identity) {
      hello.identity = identity;
    }
    this.socket.send(hello);
  }

  connection(status) {
    this.status = status;
    if (status !== 'open') {
      this.greeted = false;
    }
    if (!this.greeted && !this.downSince) {
      this.downSince = Date.now();
    }
    this.renderBanner();
  }

  /** Shows the connection banner once the widget has been without a greeted connection for a second. */
  renderBanner() {
    const down = !this.greeted;
    const show = down && this.downSince && Date.now() - this.downSince >= 1000;
    const b = this.v.banner;
    b.hidden = !show;
    this.v.root.classList.toggle('is-offline', Boolean(show));
    if (show) {
      b.textContent = this.everGreeted || this.status === 'down' ? this.i18n.t('offline') : this.i18n.t('connecting');
    }
  }

  frame(f) {
    switch (f.type) {
      case 'welcome': return this.welcome(f);
      case 'message': return this.message(f);
      case 'ack': return this.ack(f);
      case 'conversation': return this.newConversation(f.conversationId);
      case 'queued': return this.queued(f);
      case 'assigned': return this.assigned(f);
      case 'no_agent': return this.noAgent(f);
      case 'typing': return this.agentTyping(f);
      case 'closed': return this.closed(f);
      case 'rated': return this.rated();
      case 'inactivity': return this.inactivity(f);
      case 'ticket': return this.leave.ticket(f);
      case 'tickets': return this.leave.list(f);
      case 'proactive': return this.proactive.show(f);
      case 'privacy': return this.privacy(f);
      case 'error': return this.error(f);
      default: return undefined;
    }
  }

  welcome(f) {
    const d = this.store.data;
    d.token = f.token;
    if (f.conversationId !== d.conversationId) {
      this.newConversation(f.conversationId);
    }
    this.greeted = true;
    this.everGreeted = true;
    this.downSince = 0;
    this.socket.healthy();
    this.renderBanner();
    this.store.save();
    this.setMode(f.state === 'queued' || f.state === 'assigned' ? f.state : 'bot');
    this.outbox.resetSent();
    this.flush();
    for (const t of this.earlyTracks.splice(0)) {
      this.socket.send(t);
    }
    if (this.pendingRate) {
      this.socket.send({ type: 'rate', ...this.pendingRate });
    }
    if (this.privacyPending) {
      this.socket.send({ type: 'privacy', tracking: this.store.data.tracking !== false });
    }
    this.leave.flush();
  }

  /** A conversation began: lastSeq starts over; earlier messages stay on screen above a divider. */
  newConversation(id) {
    const d = this.store.data;
    if (id === d.conversationId) {
      return;
    }
    d.conversationId = id;
    d.lastSeq = 0;
    d.messages = [];
    this.have = new Set();
    const log = this.v.log;
    const older = [...log.querySelectorAll('[data-fl=message][data-seq]')].filter((li) => li.dataset.conversation !== id);
    const last = older.length ? older[older.length - 1].dataset.conversation : null;
    const lastOnes = older.filter((li) => li.dataset.conversation === last);
    if (lastOnes.length && !lastOnes.some((li) => li.dataset.from === 'visitor')) {
      // The previous conversation was only the greeting (the server drops those when the visitor
      // leaves the page): replace it rather than keep a greeting per page above dividers.
      lastOnes.forEach((li) => li.remove());
    }
    const firstPending = [...log.children].find((li) => li.dataset.fl === 'message' && !li.dataset.seq) || null;
    const above = firstPending ? firstPending.previousElementSibling : log.lastElementChild;
    const keep = log.querySelector('[data-fl=message][data-seq]');
    if (keep && above && above.dataset.fl !== 'divider') {
      // Unacknowledged messages belong to the new conversation: the divider goes above them.
      log.insertBefore(h('li', { class: 'divider', 'data-fl': 'divider' }, h('span', { 'data-i18n': 'newConversation',
        text: this.i18n.t('newConversation') })), firstPending);
    } else if (!keep && above && above.dataset.fl === 'divider') {
      above.remove();
    }
    this.setMode('bot');
    this.inactivityUntil = 0;
    this.renderInactivity();
    this.store.save();
  }

  // ---- messages ----

  message(m) {
    if (!m.conversationId || !Number.isInteger(m.seq)) {
      return;
    }
    const key = `${m.conversationId}:${m.seq}`;
    if (this.seen.has(key)) {
      return;
    }
    this.seen.add(key);
    const d = this.store.data;
    if (!d.conversationId) {
      this.newConversation(m.conversationId);
    }
    if (m.conversationId === d.conversationId) {
      this.received(m);
    }
    let li = m.clientId ? this.pendingEls.get(m.clientId) : null;
    if (li) {
      this.pendingEls.delete(m.clientId);
      this.outbox.take(m.clientId);
      li.dataset.seq = String(m.seq);
      li.dataset.state = 'sent';
      this.refreshMeta(li);
    } else {
      li = this.buildMessage(m);
      this.insert(li, m);
    }
    if (m.from === 'agent') {
      this.v.typing.hidden = true;
    }
    if (m.from !== 'visitor' && this.v.panel.hidden) {
      this.unread++;
      this.renderUnread();
    }
    this.scroll();
  }

  /** Bookkeeping for a message of the current conversation: lastSeq, cache, gap repair. */
  received(m) {
    const d = this.store.data;
    this.have.add(m.seq);
    while (this.have.has(d.lastSeq + 1)) {
      d.lastSeq++;
    }
    const cached = { conversationId: m.conversationId, seq: m.seq, from: m.from, text: m.text, ts: m.ts };
    for (const k of ['menu', 'suggestions', 'author', 'clientId', 'file']) {
      if (m[k]) {
        cached[k] = m[k];
      }
    }
    d.messages.push(cached);
    d.messages.sort((a, b) => a.seq - b.seq);
    if (d.messages.length > MAX_CACHED) {
      d.messages.splice(0, d.messages.length - MAX_CACHED);
    }
    this.store.saveSoon();
    this.checkGap();
  }

  /** A message was skipped (seq jumped): reconnect so the server replays from lastSeq. */
  checkGap() {
    const d = this.store.data;
    const missing = [...this.have].some((s) => s > d.lastSeq);
    clearTimeout(this.gapTimer);
    if (!missing) {
      return;
    }
    this.gapTimer = setTimeout(() => {
      if ([...this.have].some((s) => s > this.store.data.lastSeq) && Date.now() - this.lastRepair > 5000) {
        this.lastRepair = Date.now();
        this.store.save();
        this.socket.restart();
      }
    }, d.lastSeq === 0 ? 200 : 1500);
  }

  buildMessage(m) {
    const from = ['bot', 'agent', 'visitor', 'system'].includes(m.from) ? m.from : 'system';
    const li = h('li', { class: `msg from-${from}`, 'data-fl': 'message', 'data-from': from,
      'data-conversation': m.conversationId || '', 'data-seq': m.seq ? String(m.seq) : null,
      'data-state': m.state || 'sent', 'data-ts': String(m.ts || Date.now()) });
    if (from !== 'system' && from !== 'visitor') {
      li.append(h('div', { class: 'author', text: m.author && m.author.name ? m.author.name : '' }));
      li.dataset.role = from;
      if (!m.author || !m.author.name) {
        li.querySelector('.author').dataset.i18n = from;
        li.querySelector('.author').textContent = this.i18n.t(from);
      }
    }
    const bubble = h('div', { class: 'bubble' });
    if (m.file && typeof m.file === 'object') {
      bubble.classList.add('has-file');
      bubble.append(fileElement(m.file, { load: (url) => this.blobs.load(url), downloadLabel: this.i18n.t('download') }));
    } else {
      renderText(bubble, m.text);
    }
    li.append(bubble);
    if (Array.isArray(m.menu) && m.menu.length) {
      const menu = h('div', { class: 'menu', role: 'group' });
      for (const item of m.menu) {
        menu.append(h('button', { type: 'button', class: 'chip', 'data-fl': 'menu-item', 'data-id': item.id,
          text: item.label, on: { click: () => this.socket.send({ type: 'menu', id: item.id }) } }));
      }
      li.append(menu);
    }
    if (Array.isArray(m.suggestions) && m.suggestions.length) {
      const list = h('div', { class: 'suggestions', role: 'group' });
      for (const s of m.suggestions) {
        list.append(h('button', { type: 'button', class: 'chip suggestion', 'data-fl': 'suggestion',
          'data-faq': s.faqId, text: s.question, on: { click: () => this.sendText(s.question) } }));
      }
      li.append(list);
    }
    li.append(h('div', { class: 'meta' }));
    this.refreshMeta(li);
    return li;
  }

  refreshMeta(li) {
    const meta = li.querySelector('.meta');
    if (!meta) {
      return;
    }
    const state = li.dataset.state;
    meta.replaceChildren(h('time', { text: formatTime(Number(li.dataset.ts), this.i18n.lang) }));
    if (state === 'pending') {
      meta.append(h('span', { class: 'state', text: this.i18n.t('pending') }));
    } else if (state === 'failed') {
      meta.append(h('span', { class: 'state', text: this.i18n.t('failed') }),
        h('button', { type: 'button', class: 'retry', 'data-fl': 'retry', text: this.i18n.t('retry'),
          on: { click: () => this.retry(li) } }));
    }
  }

  /** In seq order within its conversation; unacknowledged messages stay at the bottom. */
  insert(li, m) {
    const log = this.v.log;
    let before = null;
    for (const other of log.children) {
      if (other.dataset.state === 'pending' || other.dataset.state === 'failed') {
        if (!other.dataset.seq) {
          before = other;
          break;
        }
      }
      if (other.dataset.conversation === m.conversationId && Number(other.dataset.seq) > m.seq) {
        before = other;
        break;
      }
    }
    log.insertBefore(li, before);
  }

  scroll() {
    const log = this.v.log;
    log.scrollTop = log.scrollHeight;
  }

  // ---- sending ----

  sendInput() {
    const v = this.v;
    const text = v.input.value.trim();
    if (!text) {
      return;
    }
    v.input.value = '';
    this.inactivityUntil = 0;
    this.renderInactivity();
    this.typing.cancel();
    if (this.greeted) {
      this.socket.send({ type: 'typing', text: '' });
    }
    this.sendText(text);
    v.input.focus();
  }

  sendText(text) {
    const entry = { clientId: newClientId('v'), text, ts: Date.now() };
    this.outbox.add(entry);
    this.showPending(entry);
    this.flush();
  }

  showPending(entry) {
    const li = this.buildMessage({ from: 'visitor', text: entry.text, ts: entry.ts, state: 'pending' });
    li.dataset.clientId = entry.clientId;
    this.pendingEls.set(entry.clientId, li);
    this.v.log.append(li);
    this.scroll();
  }

  /** Sends what the outbox holds that this connection has not sent (or long ago). */
  flush() {
    if (!this.greeted) {
      return;
    }
    const now = Date.now();
    for (const e of this.outbox.due(now, RESEND_MS)) {
      if (this.socket.send({ type: 'send', clientId: e.clientId, text: e.text })) {
        this.outbox.markSent(e.clientId, now);
      }
    }
  }

  ack(a) {
    const entry = this.outbox.take(a.clientId);
    const li = this.pendingEls.get(a.clientId);
    const d = this.store.data;
    if (li) {
      this.pendingEls.delete(a.clientId);
      li.dataset.state = 'sent';
      li.dataset.seq = String(a.seq);
      li.dataset.conversation = a.conversationId || d.conversationId || '';
      this.refreshMeta(li);
    }
    // The acknowledged message is ours: count it as received so its echo is a duplicate.
    const conv = a.conversationId || d.conversationId;
    const key = `${conv}:${a.seq}`;
    if (entry && conv && !this.seen.has(key)) {
      this.seen.add(key);
      if (conv === d.conversationId) {
        this.received({ conversationId: conv, seq: a.seq, from: 'visitor', text: entry.text, ts: entry.ts,
          clientId: a.clientId });
      }
    }
  }

  error(e) {
    if (e.for === 'track') {
      return; // a page view the server could not record: nothing the visitor needs to see or resend
    }
    if (!e.clientId && this.leave.refused(e)) {
      return;
    }
    if (e.clientId && this.outbox.has(e.clientId)) {
      if (RETRYABLE.has(e.code)) {
        return; // stays in the outbox; tick() sends it again
      }
      this.outbox.take(e.clientId);
      const li = this.pendingEls.get(e.clientId);
      if (li) {
        li.dataset.state = 'failed';
        li.title = e.message || e.code;
        this.refreshMeta(li);
      }
      return;
    }
    if (this.pendingRate && e.code === 'conflict') {
      this.rated();
    } else if (this.pendingRate && e.code === 'not_allowed_now') {
      this.pendingRate = null;
      this.store.data.rateFor = null;
      this.store.save();
      this.v.rate.hidden = true;
    }
  }

  retry(li) {
    const old = li.dataset.clientId;
    this.pendingEls.delete(old);
    const entry = { clientId: newClientId('v'), text: li.querySelector('.bubble').textContent, ts: Date.now() };
    li.dataset.clientId = entry.clientId;
    li.dataset.state = 'pending';
    li.removeAttribute('title');
    this.refreshMeta(li);
    this.pendingEls.set(entry.clientId, li);
    this.outbox.add(entry);
    this.flush();
  }

  tick() {
    this.flush();
    this.renderBanner();
    if (this.inactivityUntil) {
      this.renderInactivity();
    }
    if (location.href !== this.lastUrl) {
      this.navigated();
    }
  }

  // ---- conversation state ----

  setMode(mode) {
    this.mode = mode;
    const v = this.v;
    v.human.disabled = mode === 'queued' || mode === 'assigned';
    v.end.disabled = mode === 'closed';
    v.root.dataset.mode = mode;
    if (mode !== 'queued') {
      this.queue = null;
      this.renderQueue();
    }
    if (mode !== 'assigned') {
      v.typing.hidden = true;
    }
  }

  /** Asks for a person (the 转人工 button, or a proactive offer). */
  askHuman() {
    if (this.socket.send({ type: 'human' })) {
      this.v.human.disabled = true;
    }
  }

  queued(f) {
    this.setMode('queued');
    this.queue = { position: f.position, expectedWaitMs: f.expectedWaitMs };
    this.leave.hide();
    this.renderQueue();
  }

  renderQueue() {
    const q = this.queue;
    const el = this.v.queue;
    if (!q) {
      el.hidden = true;
      return;
    }
    let text = q.position <= 1 ? this.i18n.t('queuedNext') : this.i18n.t('queued', { ahead: q.position - 1 });
    if (q.expectedWaitMs) {
      const mins = Math.round(q.expectedWaitMs / 60000);
      text += this.i18n.t('queuedWait', { wait: mins < 1 ? this.i18n.t('lessMinute') : this.i18n.t('minutes', { n: mins }) });
    }
    el.textContent = text;
    el.dataset.position = String(q.position);
    el.dataset.wait = q.expectedWaitMs ? String(q.expectedWaitMs) : '';
    el.hidden = false;
  }

  assigned(f) {
    this.setMode('assigned');
    this.agentName = f.agent && f.agent.name ? f.agent.name : this.i18n.t('agent');
    this.leave.hide();
    this.showNotice(this.i18n.t('assigned', { name: this.agentName }));
  }

  noAgent(f) {
    this.setMode('bot');
    this.v.human.disabled = false;
    this.leave.open(f && f.reason === 'wait_limit' ? 'waitLimit' : 'noAgent');
  }

  /** {"type":"inactivity"}: the chat closes in closeInMs unless the visitor answers. */
  inactivity(f) {
    this.inactivityUntil = Date.now() + (Number(f.closeInMs) || 0);
    this.renderInactivity();
    this.scroll();
  }

  renderInactivity() {
    const el = this.v.inactivity;
    const left = (this.inactivityUntil || 0) - Date.now();
    if (!this.inactivityUntil || this.mode === 'closed' || left <= -5000) {
      el.hidden = true;
      return;
    }
    const mins = Math.ceil(Math.max(0, left) / 60000);
    el.textContent = this.i18n.t('inactivity', { wait: mins <= 1 ? this.i18n.t('lessMinute') : this.i18n.t('minutes', { n: mins }) });
    el.hidden = false;
  }

  // ---- privacy ----

  /** The visitor's switch: false stops the trail beyond the chat itself (remembered by the server). */
  setTracking(on) {
    this.store.data.tracking = on;
    this.store.save();
    this.privacyPending = true;
    if (this.greeted) {
      this.socket.send({ type: 'privacy', tracking: on });
    }
  }

  privacy(f) {
    this.privacyPending = false;
    this.store.data.tracking = Boolean(f.tracking);
    this.store.save();
    this.renderPrivacy();
  }

  get tracking() {
    return !this.dnt && this.store.data.tracking !== false;
  }

  renderPrivacy() {
    const v = this.v;
    v.dnt.checked = !this.tracking;
    v.dnt.disabled = this.dnt;
    v.privacy.dataset.tracking = String(this.tracking);
    if (this.dnt) {
      v.privacy.title = this.i18n.t('dntBrowser');
    }
  }

  // ---- files ----

  async upload(file) {
    const problem = checkFile(file);
    const d = this.store.data;
    if (problem) {
      this.uploadError(problem);
      return;
    }
    if (!this.greeted || !d.conversationId || !d.token) {
      this.uploadError('fileOffline');
      return;
    }
    this.v.uploadError.hidden = true;
    const conversationId = d.conversationId;
    const li = this.buildMessage({ from: 'visitor', text: file.name, ts: Date.now(), state: 'pending' });
    li.dataset.fl = 'upload';
    this.v.log.append(li);
    this.scroll();
    const res = await uploadFile(ORIGIN, conversationId, file, { 'x-visitor-token': d.token });
    li.remove();
    if (!res.ok) {
      this.uploadError(uploadProblem(res));
      return;
    }
    const b = res.body;
    this.message({ conversationId, seq: b.seq, from: 'visitor', text: b.file.name, ts: Date.now(), file: b.file });
  }

  uploadError(key) {
    const el = this.v.uploadError;
    el.textContent = this.i18n.t(key);
    el.hidden = false;
    clearTimeout(this.uploadErrorTimer);
    this.uploadErrorTimer = setTimeout(() => { el.hidden = true; }, 10000);
    this.scroll();
  }

  showNotice(text) {
    const n = this.v.notice;
    n.textContent = text;
    n.hidden = false;
    clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => { n.hidden = true; }, 8000);
  }

  agentTyping(f) {
    if (f.from && f.from !== 'agent') {
      return;
    }
    const t = this.v.typing;
    t.textContent = this.i18n.t('agentTyping', { name: this.agentName || this.i18n.t('agent') });
    t.hidden = false;
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => { t.hidden = true; }, 4000);
  }

  closed(f) {
    this.setMode('closed');
    this.renderInactivity();
    this.store.data.rateFor = f.conversationId;
    this.store.save();
    this.showRate();
    this.showNotice(this.i18n.t('closedNotice'));
  }

  showRate() {
    const v = this.v;
    v.rated.hidden = true;
    v.rate.hidden = false;
    v.rate.classList.remove('is-sending');
    for (const b of v.scores.children) {
      b.disabled = false;
    }
    this.scroll();
  }

  rate(score) {
    const comment = this.v.rateComment.value.trim();
    this.pendingRate = comment ? { score, comment } : { score };
    for (const b of this.v.scores.children) {
      b.disabled = true;
      b.classList.toggle('chosen', Number(b.dataset.score) === score);
    }
    this.v.rate.classList.add('is-sending');
    if (this.greeted) {
      this.socket.send({ type: 'rate', ...this.pendingRate });
    }
  }

  rated() {
    this.pendingRate = null;
    this.store.data.rateFor = null;
    this.store.save();
    this.v.rate.hidden = true;
    this.v.rated.hidden = false;
    this.scroll();
  }

  // ---- restore after a page change ----

  restore() {
    const d = this.store.data;
    for (const m of d.messages) {
      if (m.conversationId !== d.conversationId) {
        continue;
      }
      this.seen.add(`${m.conversationId}:${m.seq}`);
      this.have.add(m.seq);
      this.insert(this.buildMessage(m), m);
    }
    // lastSeq must describe what is on screen: recompute it from the cache.
    let seq = 0;
    while (this.have.has(seq + 1)) {
      seq++;
    }
    d.lastSeq = seq;
    const cachedIds = new Set(d.messages.map((m) => m.clientId).filter(Boolean));
    for (const e of this.outbox.list()) {
      if (cachedIds.has(e.clientId)) {
        this.outbox.take(e.clientId);
      } else {
        this.showPending(e);
      }
    }
    if (d.rateFor) {
      this.showRate();
    }
  }

  // ---- visitor trail ----

  track(event, data) {
    if (!this.tracking) {
      return;
    }
    const frame = { type: 'track', event, ...data };
    if (!this.greeted || !this.socket.send(frame)) {
      if (this.earlyTracks.length < 20) {
        this.earlyTracks.push(frame);
      }
    }
  }

  /**
   * The trail hook of the self-service (knowledge) panel to come: kb_view {faqId},
   * kb_search {q, results}. Like every trail event it is dropped when the visitor opted out.
   */
  selfService(event, fields = {}) {
    if (/^kb_[a-z_]+$/.test(event)) {
      this.track(event, fields);
    }
  }

  /**
   * In-page navigation (history API, hash). A full page load is recorded by the server from
   * hello's page, so it is not sent again here.
   */
  navigated() {
    if (location.href === this.lastUrl) {
      return;
    }
    this.lastUrl = location.href;
    this.track('page_view', { url: location.href, title: document.title, referrer: document.referrer || null });
  }

  renderUnread() {
    const b = this.v.unread;
    b.hidden = this.unread === 0;
    b.textContent = this.unread > 99 ? '99+' : String(this.unread);
  }
}

/**
 * The host page's signed statement of who the visitor is (CONTRACT section 4), if it set one
 * before this script ran: window.FrontlineIdentity = {customerId, name, attrs, ts, sig}, with
 * sig computed on the host's server (docs/webclient.md). Read at every hello; a missing or
 * malformed one sends nothing, a badly signed one is ignored by the server.
 */
function hostIdentity() {
  const id = window.FrontlineIdentity;
  if (!id || typeof id !== 'object' || typeof id.customerId !== 'string' || typeof id.sig !== 'string') {
    return null;
  }
  return {
    customerId: id.customerId,
    name: typeof id.name === 'string' ? id.name : null,
    attrs: id.attrs && typeof id.attrs === 'object' ? id.attrs : null,
    ts: Number(id.ts),
    sig: id.sig,
  };
}

function boot() {
  if (window.__frontlineWidget) {
    return;
  }
  const w = new Widget();
  window.__frontlineWidget = true;
  w.mount();
}

if (document.body) {
  boot();
} else {
  document.addEventListener('DOMContentLoaded', boot, { once: true });
}
