// Leave a message (CONTRACT section 9) and the visitor's work orders. The form is offered on
// no_agent and from the 留言 button at any time; it sends leave_message once greeted (kept until
// then), and the server answers with ticket. A returning visitor gets tickets after welcome, and
// a ticket frame whenever an agent changes one of its statuses.
import { h, formatDateTime } from '../shared/dom.js';
import { kindLabel } from '../shared/ticket-kinds.js';

const PHONE_RE = /^[+\d][\d\s-]{5,30}$/u;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;
// The error codes a leave_message frame can get back.
const LEAVE_ERRORS = new Set(['missing_field', 'invalid_field', 'too_large', 'bad_request', 'overloaded', 'unavailable',
  'rate_limited']);

export class LeaveMessage {
  /** @param {object} w the widget: v (view), i18n, socket, greeted, scroll() */
  constructor(w) {
    this.w = w;
    this.v = w.v;
    this.form = this.v.$('leave-message-body');
    this.error = this.v.$('leave-error');
    this.pending = null; // the leave_message frame waiting for its ticket
    this.tickets = new Map(); // ticketId -> { ticketId, status, kind, text, createdAt, updatedAt }
  }

  wire() {
    this.v.leaveOpen.addEventListener('click', () => this.open(null));
    this.v.$('leave-cancel').addEventListener('click', () => this.hide());
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.submit();
    });
    this.v.leave.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        this.hide();
        this.v.leaveOpen.focus();
      }
    });
  }

  /** Shows the form; `reason` (an i18n key) says why it appeared by itself. */
  open(reason) {
    const why = this.v.$('leave-reason');
    why.hidden = !reason;
    if (reason) {
      why.dataset.i18n = reason;
      why.textContent = this.w.i18n.t(reason);
    }
    this.v.leave.hidden = false;
    this.error.hidden = true;
    this.v.$('leave-submit').disabled = Boolean(this.pending);
    if (!reason) {
      this.v.$('leave-text').focus();
    }
    this.w.scroll();
  }

  hide() {
    this.v.leave.hidden = true;
  }

  submit() {
    const get = (fl) => this.v.$(fl).value.trim();
    const text = get('leave-text');
    const contact = { name: get('leave-name'), phone: get('leave-phone'), email: get('leave-email') };
    let problem = null;
    if (!text) {
      problem = 'leaveNeedText';
    } else if (!contact.phone && !contact.email) {
      problem = 'leaveNeedContact';
    } else if (contact.phone && !PHONE_RE.test(contact.phone)) {
      problem = 'leaveBadPhone';
    } else if (contact.email && !EMAIL_RE.test(contact.email)) {
      problem = 'leaveBadEmail';
    }
    if (problem) {
      this.showError(this.w.i18n.t(problem));
      return;
    }
    for (const k of Object.keys(contact)) {
      if (!contact[k]) {
        delete contact[k];
      }
    }
    this.pending = { type: 'leave_message', text, kind: get('leave-kind'), contact };
    this.v.$('leave-submit').disabled = true;
    this.error.hidden = true;
    this.flush();
  }

  /** Sends the waiting message (after every welcome too: it is lost with a dropped socket otherwise). */
  flush() {
    if (this.pending && this.w.greeted) {
      this.w.socket.send(this.pending);
    }
  }

  showError(text) {
    this.error.textContent = text;
    this.error.hidden = false;
  }

  /** An error frame while a message is waiting: it was refused (bad field, too large...). */
  refused(e) {
    if (!this.pending || !LEAVE_ERRORS.has(e.code)) {
      return false;
    }
    if (['overloaded', 'unavailable', 'rate_limited'].includes(e.code)) {
      setTimeout(() => this.flush(), 2000);
      return true;
    }
    this.pending = null;
    this.v.$('leave-submit').disabled = false;
    this.showError(this.w.i18n.t('leaveFailed', { reason: e.message || e.code }));
    return true;
  }

  /** {"type":"ticket"}: ours was stored, or an agent changed a status. */
  ticket(f) {
    const known = this.tickets.get(f.ticketId);
    if (!known && this.pending) {
      const p = this.pending;
      this.pending = null;
      this.tickets.set(f.ticketId, { ticketId: f.ticketId, status: f.status, kind: f.kind || p.kind, text: p.text,
        createdAt: Date.now() });
      this.form.reset();
      this.v.$('leave-submit').disabled = false;
      this.hide();
      const done = this.v.$('ticket-created');
      done.textContent = this.w.i18n.t('ticketCreated', { id: f.ticketId, status: this.statusLabel(f.status) });
      done.dataset.ticket = f.ticketId;
      done.hidden = false;
    } else if (known) {
      known.status = f.status;
      known.updatedAt = Date.now();
    } else {
      this.tickets.set(f.ticketId, { ticketId: f.ticketId, status: f.status, kind: f.kind });
    }
    this.v.tickets.open = true;
    this.render();
    this.w.scroll();
  }

  /** {"type":"tickets"}: the returning visitor's work orders. */
  list(f) {
    for (const t of f.tickets || []) {
      this.tickets.set(t.ticketId, { ...this.tickets.get(t.ticketId), ...t });
    }
    this.render();
  }

  statusLabel(status) {
    const key = `ticket_${status}`;
    const s = this.w.i18n.t(key);
    return s === key ? status : s;
  }

  render() {
    const list = [...this.tickets.values()].sort((a, b) => (b.createdAt || 0) - (a.createdAt || 0));
    this.v.tickets.hidden = list.length === 0;
    this.v.$('ticket-count').textContent = list.length ? `(${list.length})` : '';
    this.v.$('ticket-list').replaceChildren(...list.map((t) => h('li', { class: 'ticket', 'data-fl': 'ticket',
      'data-ticket': t.ticketId, 'data-status': t.status },
    h('span', { class: 'ticket-head' },
      h('strong', { text: kindLabel(t.kind, this.w.i18n.t) }),
      h('span', { class: `status status-${t.status}`, 'data-fl': 'ticket-status', text: this.statusLabel(t.status) })),
    t.text ? h('span', { class: 'ticket-text', text: t.text }) : null,
    h('span', { class: 'ticket-meta', text: `#${t.ticketId}${t.createdAt ? ` · ${formatDateTime(t.createdAt, this.w.i18n.lang)}` : ''}` }))));
    const done = this.v.$('ticket-created');
    if (!done.hidden && done.dataset.ticket) {
      const t = this.tickets.get(done.dataset.ticket);
      done.textContent = this.w.i18n.t('ticketCreated', { id: t.ticketId, status: this.statusLabel(t.status) });
    }
  }
}
