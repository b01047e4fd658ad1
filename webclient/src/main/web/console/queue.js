// The queue of my groups, under my chats: GET /api/conversations?state=queued answers an agent
// with the waiting visitors of its groups (supervisors and admins: all), longest waiting first,
// each with its group and how long it has waited. Polled every few seconds while the page is
// visible, and at once when a chat is assigned; the waiting times tick every second.
import { h, formatDuration, poll } from '../shared/dom.js';
import { api } from '../shared/session.js';

const POLL_MS = 4000;

/** ok under 30 s, warn under 60 s, late after: the colours of waiting chats and queued visitors. */
export function waitLevel(ms) {
  const s = ms / 1000;
  return s < 30 ? 'ok' : s < 60 ? 'warn' : 'late';
}

export class Queue {
  /** @param {object} c the console: i18n */
  constructor(c) {
    this.c = c;
    this.$ = (fl) => document.querySelector(`[data-fl=${fl}]`);
    this.rows = [];
    this.groups = new Map(); // id -> name
    this.stop = null;
    this.loading = null;
  }

  start() {
    this.stop?.();
    this.stop = poll(() => this.load(), POLL_MS);
  }

  /** Reloads the queue (one request at a time). */
  load() {
    this.loading ||= this.fetch().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  async fetch() {
    if (!this.groups.size) {
      const g = await api('/api/groups').catch(() => ({ status: 0 }));
      if (g.status === 200) {
        this.groups = new Map(g.body.groups.map((x) => [x.id, x.name]));
      }
    }
    const r = await api('/api/conversations?state=queued&limit=100').catch(() => ({ status: 0 }));
    if (r.status !== 200) {
      return;
    }
    this.rows = r.body.conversations.filter((x) => x.state === 'queued')
      .sort((a, b) => (a.queuedAt || a.createdAt) - (b.queuedAt || b.createdAt));
    this.render();
  }

  since(row) {
    return row.queuedAt || row.updatedAt || row.createdAt;
  }

  render() {
    const t = this.c.i18n.t;
    const now = Date.now();
    this.$('queue-count').textContent = String(this.rows.length);
    this.$('queue-count').dataset.count = String(this.rows.length);
    this.$('queue-empty').hidden = this.rows.length > 0;
    this.$('agent-queue').replaceChildren(...this.rows.map((row) => {
      const waited = now - this.since(row);
      return h('li', { class: 'queue-item', 'data-fl': 'queue-item', 'data-conversation': row.id,
        'data-wait': waitLevel(waited) },
      h('span', { class: 'name', text: t('queuedVisitor', { id: String(row.visitorId || row.id).slice(-6) }) }),
      h('span', { class: 'group', text: this.groups.get(row.group) || row.group || '' }),
      h('span', { class: 'wait', 'data-fl': 'queue-wait', 'data-since': String(this.since(row)),
        text: t('waiting', { t: formatDuration(waited) }) }));
    }));
  }

  /** Moves the waiting times on without asking the server. */
  tick() {
    const t = this.c.i18n.t;
    const now = Date.now();
    for (const el of document.querySelectorAll('[data-fl=queue-wait]')) {
      const waited = now - Number(el.dataset.since);
      el.textContent = t('waiting', { t: formatDuration(waited) });
      el.closest('[data-fl=queue-item]').dataset.wait = waitLevel(waited);
    }
  }
}
