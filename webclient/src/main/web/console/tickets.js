// The work-orders tab (CONTRACT section 9): GET /api/tickets?status=, one ticket with its notes
// (GET /api/tickets/{id}), and a status change with a note (PUT /api/tickets/{id}); the visitor,
// if connected, is told the new status by the server.
import { h, formatDateTime } from '../shared/dom.js';
import { api } from '../shared/session.js';

const POLL_MS = 30000;

export class Tickets {
  /** @param {object} c the console: i18n, toast() */
  constructor(c) {
    this.c = c;
    this.view = document.querySelector('[data-fl=tickets-view]');
    this.$ = (fl) => document.querySelector(`[data-fl=${fl}]`);
    this.rows = [];
    this.openId = null;
    this.timer = null;
  }

  wire() {
    this.$('ticket-filter').addEventListener('change', () => this.load());
    this.$('ticket-reload').addEventListener('click', () => this.load());
  }

  start() {
    this.load();
    clearInterval(this.timer);
    this.timer = setInterval(() => {
      if (!document.hidden) {
        this.load();
      }
    }, POLL_MS);
  }

  async load() {
    const status = this.$('ticket-filter').value;
    const [list, open] = await Promise.all([
      api(`/api/tickets${status ? `?status=${encodeURIComponent(status)}` : ''}`),
      status === 'open' ? null : api('/api/tickets?status=open'),
    ]).catch(() => [{ status: 0 }, null]);
    if (list.status === 200) {
      this.rows = list.body.tickets || [];
      this.renderRows();
    }
    const openCount = status === 'open' && list.status === 200 ? this.rows.length
      : open && open.status === 200 ? open.body.tickets.length : null;
    if (openCount !== null) {
      const badge = this.$('ticket-badge');
      badge.textContent = String(openCount);
      badge.hidden = openCount === 0;
    }
  }

  statusLabel(s) {
    return this.c.i18n.t(`ticket_${s}`);
  }

  renderRows() {
    const lang = this.c.i18n.lang;
    this.$('ticket-rows').replaceChildren(...this.rows.map((t) => h('tr', { 'data-fl': 'ticket-row', 'data-ticket': t.id,
      'data-status': t.status, class: t.id === this.openId ? 'selected' : null },
    h('td', {}, h('button', { type: 'button', class: 'link', 'data-fl': 'ticket-open', title: t.id,
      text: `#${t.id.slice(-8)}`, on: { click: () => this.open(t.id) } })),
    h('td', { text: t.kind || '' }),
    h('td', {}, h('span', { class: `status status-${t.status}`, text: this.statusLabel(t.status) })),
    h('td', { class: 'clip', text: t.text || '' }),
    h('td', { text: formatDateTime(t.createdAt, lang) }))));
    this.$('no-tickets').hidden = this.rows.length > 0;
  }

  async open(id) {
    this.openId = id;
    this.renderRows();
    const r = await api(`/api/tickets/${encodeURIComponent(id)}`);
    if (r.status !== 200) {
      this.c.toast((r.body && r.body.error && r.body.error.message) || this.c.i18n.t('loadFailed'));
      return;
    }
    this.renderDetail(r.body);
  }

  renderDetail(tk) {
    const t = this.c.i18n.t;
    const lang = this.c.i18n.lang;
    const box = this.$('ticket-detail');
    const c = tk.contact || {};
    const status = h('select', { 'data-fl': 'ticket-status' },
      ...['open', 'pending', 'resolved'].map((s) => h('option', { value: s, text: this.statusLabel(s),
        selected: s === tk.status })));
    const note = h('textarea', { 'data-fl': 'ticket-note', rows: '3', maxlength: '4000', placeholder: t('ticketNoteHint') });
    const err = h('p', { class: 'error', 'data-fl': 'ticket-error', role: 'alert', hidden: true });
    const form = h('form', { class: 'ticket-form', 'data-fl': 'ticket-form' },
      h('label', {}, h('span', { text: t('colStatus') }), status),
      h('label', { class: 'block' }, h('span', { text: t('ticketNote') }), note),
      err,
      h('button', { type: 'submit', class: 'primary', 'data-fl': 'ticket-save', text: t('save') }));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.save(tk, status.value, note.value.trim(), err);
    });
    box.dataset.ticket = tk.id;
    box.dataset.status = tk.status;
    box.replaceChildren(
      h('header', { class: 'ticket-head' },
        h('h2', { text: `${t('colTicket')} #${tk.id}` }),
        h('span', { class: `status status-${tk.status}`, 'data-fl': 'ticket-detail-status', text: this.statusLabel(tk.status) })),
      h('dl', { class: 'facts' },
        h('dt', { text: t('colKind') }), h('dd', { text: tk.kind || '' }),
        h('dt', { text: t('group') }), h('dd', { text: tk.group || '' }),
        h('dt', { text: t('contactName') }), h('dd', { text: c.name || '' }),
        h('dt', { text: t('contactPhone') }), h('dd', { 'data-fl': 'ticket-phone', text: c.phone || '' }),
        h('dt', { text: t('contactEmail') }), h('dd', { text: c.email || '' }),
        h('dt', { text: t('colCreated') }), h('dd', { text: formatDateTime(tk.createdAt, lang) })),
      h('p', { class: 'ticket-text', 'data-fl': 'ticket-text', text: tk.text || '' }),
      h('ol', { class: 'ticket-notes', 'data-fl': 'ticket-notes' }, ...(tk.notes || []).map((n) => h('li', {},
        h('time', { text: formatDateTime(n.ts, lang) }), ' ',
        h('strong', { text: n.author || '' }), ' ',
        n.statusTo && n.statusTo !== n.statusFrom ? h('span', { class: 'tag',
          text: `${this.statusLabel(n.statusFrom)} → ${this.statusLabel(n.statusTo)}` }) : null, ' ',
        h('span', { text: n.text || '' })))),
      form);
    box.hidden = false;
  }

  async save(tk, status, note, err) {
    const body = {};
    if (status !== tk.status) {
      body.status = status;
    }
    if (note) {
      body.note = note;
    }
    if (!Object.keys(body).length) {
      err.textContent = this.c.i18n.t('ticketNothing');
      err.hidden = false;
      return;
    }
    const r = await api(`/api/tickets/${encodeURIComponent(tk.id)}`, { method: 'PUT', body });
    if (r.status !== 200) {
      err.textContent = (r.body && r.body.error && r.body.error.message) || this.c.i18n.t('saveFailed');
      err.hidden = false;
      return;
    }
    this.c.toast(this.c.i18n.t('ticketSaved'));
    await this.open(tk.id);
    this.load();
  }
}
