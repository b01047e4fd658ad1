// The work-orders tab (CONTRACT section 9): GET /api/tickets?status= (&assignee=me for "mine"),
// one ticket with its notes (GET /api/tickets/{id}), a status change with a note, and the
// assignee (PUT /api/tickets/{id}): an agent takes a ticket for itself, a supervisor or admin
// gives it to anyone who works tickets (GET /api/users). The visitor, if connected, is told the
// new status by the server.
import { h, formatDateTime, poll } from '../shared/dom.js';
import { api, hasRole } from '../shared/session.js';
import { kindLabel } from '../shared/ticket-kinds.js';

const POLL_MS = 30000;

export class Tickets {
  /** @param {object} c the console: i18n, toast() */
  constructor(c) {
    this.c = c;
    this.view = document.querySelector('[data-fl=tickets-view]');
    this.$ = (fl) => document.querySelector(`[data-fl=${fl}]`);
    this.rows = [];
    this.openId = null;
    this.stop = null;
    this.staff = null; // who a supervisor may assign to (GET /api/users), loaded once
  }

  wire() {
    this.$('ticket-filter').addEventListener('change', () => this.load());
    this.$('ticket-mine').addEventListener('change', () => this.load());
    this.$('ticket-reload').addEventListener('click', () => this.load());
  }

  start() {
    this.stop?.();
    this.stop = poll(() => this.load(), POLL_MS);
  }

  async load() {
    const status = this.$('ticket-filter').value;
    const mine = this.$('ticket-mine').checked;
    const query = new URLSearchParams();
    if (status) {
      query.set('status', status);
    }
    if (mine) {
      query.set('assignee', 'me');
    }
    const [list, open] = await Promise.all([
      api(`/api/tickets${query.size ? `?${query}` : ''}`),
      status === 'open' && !mine ? null : api('/api/tickets?status=open'),
    ]).catch(() => [{ status: 0 }, null]);
    if (list.status === 200) {
      this.rows = list.body.tickets || [];
      this.renderRows();
    }
    const openCount = status === 'open' && !mine && list.status === 200 ? this.rows.length
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

  /** The assignee's name, "me" for mine, or "unassigned". */
  assigneeLabel(tk) {
    const t = this.c.i18n.t;
    if (tk.assigneeId === null || tk.assigneeId === undefined) {
      return t('unassigned');
    }
    const me = this.c.me();
    const name = tk.assignee || `#${tk.assigneeId}`;
    return me && me.id === tk.assigneeId ? t('assigneeMe', { name }) : name;
  }

  renderRows() {
    const lang = this.c.i18n.lang;
    const t = this.c.i18n.t;
    this.$('ticket-rows').replaceChildren(...this.rows.map((tk) => h('tr', { 'data-fl': 'ticket-row', 'data-ticket': tk.id,
      'data-status': tk.status, class: tk.id === this.openId ? 'selected' : null },
    h('td', {}, h('button', { type: 'button', class: 'link', 'data-fl': 'ticket-open', title: tk.id,
      text: `#${tk.id.slice(-8)}`, on: { click: () => this.open(tk.id) } })),
    h('td', { text: kindLabel(tk.kind, t) }),
    h('td', {}, h('span', { class: `status status-${tk.status}`, text: this.statusLabel(tk.status) })),
    h('td', { 'data-fl': 'ticket-assignee', 'data-assignee': tk.assigneeId ?? '',
      class: tk.assigneeId === null || tk.assigneeId === undefined ? 'muted' : null, text: this.assigneeLabel(tk) }),
    h('td', { class: 'clip', text: tk.text || '' }),
    h('td', { text: formatDateTime(tk.createdAt, lang) }))));
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
    await this.loadStaff();
    this.renderDetail(r.body);
  }

  /** Supervisors and admins assign to anyone who works tickets: enabled agents, supervisors, admins. */
  async loadStaff() {
    if (this.staff || !hasRole(this.c.me(), ['supervisor', 'admin'])) {
      return;
    }
    const r = await api('/api/users').catch(() => ({ status: 0 }));
    if (r.status === 200) {
      this.staff = r.body.users.filter((u) => !u.disabled && u.roles.some((x) => ['agent', 'supervisor', 'admin'].includes(x)));
    }
  }

  /** "Assign to me" for everyone, and a choice of person for supervisors and admins. */
  assignControls(tk) {
    const t = this.c.i18n.t;
    const me = this.c.me();
    const box = h('div', { class: 'ticket-assign', 'data-fl': 'ticket-assign-box' });
    if (me && tk.assigneeId !== me.id) {
      box.append(h('button', { type: 'button', 'data-fl': 'ticket-take', text: t('ticketTake'),
        on: { click: () => this.assign(tk, me.id) } }));
    }
    if (this.staff && this.staff.length) {
      const select = h('select', { 'data-fl': 'ticket-assign-select', 'aria-label': t('ticketAssignTo') },
        ...this.staff.map((u) => h('option', { value: String(u.id), text: `${u.displayName || u.username} (#${u.id})`,
          selected: u.id === tk.assigneeId })));
      box.append(h('label', {}, h('span', { text: t('ticketAssignTo') }), select),
        h('button', { type: 'button', 'data-fl': 'ticket-assign', text: t('ticketAssign'),
          on: { click: () => this.assign(tk, Number(select.value)) } }));
    }
    return box;
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
        h('dt', { text: t('colKind') }), h('dd', { text: kindLabel(tk.kind, t) }),
        h('dt', { text: t('colAssignee') }), h('dd', { 'data-fl': 'ticket-detail-assignee',
          'data-assignee': tk.assigneeId ?? '', text: this.assigneeLabel(tk) }),
        h('dt', { text: t('group') }), h('dd', { text: tk.group || '' }),
        h('dt', { text: t('contactName') }), h('dd', { text: c.name || '' }),
        h('dt', { text: t('contactPhone') }), h('dd', { 'data-fl': 'ticket-phone', text: c.phone || '' }),
        h('dt', { text: t('contactEmail') }), h('dd', { text: c.email || '' }),
        h('dt', { text: t('colCreated') }), h('dd', { text: formatDateTime(tk.createdAt, lang) })),
      this.assignControls(tk),
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

  async assign(tk, assigneeId) {
    const r = await api(`/api/tickets/${encodeURIComponent(tk.id)}`, { method: 'PUT', body: { assigneeId } });
    if (r.status !== 200) {
      this.c.toast((r.body && r.body.error && r.body.error.message) || this.c.i18n.t('saveFailed'));
      return;
    }
    this.c.toast(this.c.i18n.t('ticketAssigned', { name: this.assigneeLabel(r.body) }));
    await this.open(tk.id);
    this.load();
    this.$('ticket-detail').querySelector('[data-fl=ticket-assign], [data-fl=ticket-status]')?.focus();
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
