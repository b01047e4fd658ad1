// The visitor panel next to the chat: who the visitor is (GET /api/visitors/{id}), the page it is
// on, the trail of this visit and a summary of earlier ones (GET /api/visitors/{id}/trail), and
// its past conversations, each openable read-only (GET /api/conversations/{id}).
import { h, formatDateTime, safeHref } from '../shared/dom.js';
import { api } from '../shared/session.js';
import { messageElement, noteElement, insertByTime } from '../shared/render.js';

const VISIT_GAP_MS = 30 * 60 * 1000; // a visit is a return after 30 minutes away (trajectory.md)
const REFRESH_MS = 15000;
const PAST_VISITS = 5;

/** Splits a trail (oldest first) into visits, newest visit last. */
export function splitVisits(events) {
  const visits = [];
  let cur = null;
  let last = 0;
  for (const e of events) {
    if (!cur || e.ts - last > VISIT_GAP_MS) {
      cur = [];
      visits.push(cur);
    }
    cur.push(e);
    last = e.ts;
  }
  return visits;
}

export class VisitorPanel {
  /** @param {object} c the console: i18n, labels(), toast() */
  constructor(c) {
    this.c = c;
    this.root = document.querySelector('[data-fl=visitor-panel]');
    this.$ = (fl) => this.root.querySelector(`[data-fl=${fl}]`);
    this.viewer = document.querySelector('[data-fl=conversation-view]');
    this.chat = null;
    this.timer = null;
    this.$('visitor-refresh').addEventListener('click', () => this.load());
    document.querySelector('[data-fl=conversation-view-close]').addEventListener('click', () => this.viewer.close());
  }

  /** Shows the panel for a chat (or hides it for none). */
  show(chat) {
    const changed = this.chat !== chat;
    this.chat = chat;
    this.root.hidden = !chat;
    this.root.parentElement.classList.toggle('no-visitor', !chat);
    clearInterval(this.timer);
    if (!chat) {
      return;
    }
    this.root.dataset.visitor = chat.visitor && chat.visitor.id ? chat.visitor.id : '';
    if (changed) {
      this.render();
      this.load();
    }
    this.timer = setInterval(() => {
      if (!document.hidden && this.chat === chat && !chat.closed) {
        this.load();
      }
    }, REFRESH_MS);
  }

  async load() {
    const chat = this.chat;
    const id = chat && chat.visitor && chat.visitor.id;
    if (!id) {
      return;
    }
    const [p, t] = await Promise.all([
      api(`/api/visitors/${encodeURIComponent(id)}`),
      api(`/api/visitors/${encodeURIComponent(id)}/trail?limit=1000`),
    ]).catch(() => [{ status: 0 }, { status: 0 }]);
    if (p.status === 200) {
      chat.profile = p.body;
    }
    if (t.status === 200) {
      chat.trail = t.body.events || [];
    }
    chat.profileError = p.status === 200 ? null : p.status;
    if (this.chat === chat) {
      this.render();
    }
  }

  render() {
    const chat = this.chat;
    if (!chat) {
      return;
    }
    this.renderProfile(chat);
    const trail = chat.trail || [];
    const visits = splitVisits(trail);
    const current = visits.length ? visits[visits.length - 1] : [];
    const lastPage = [...trail].reverse().find((e) => e.event === 'page_view');
    const page = lastPage ? { url: lastPage.url, title: lastPage.title } : chat.visitor.page;
    const pageEl = this.$('visitor-page');
    pageEl.replaceChildren(page && page.url ? this.link(page.url, page.title || page.url) : this.c.i18n.t('unknown'));
    this.$('trail').replaceChildren(...current.slice(-100).map((e) => this.eventItem(e)));
    const past = visits.slice(0, -1).reverse().slice(0, PAST_VISITS);
    this.$('past-visits').replaceChildren(...(past.length ? past.map((v) => this.visitItem(v))
      : [h('li', { class: 'muted', text: this.c.i18n.t('none') })]));
    this.renderConversations(chat);
  }

  renderProfile(chat) {
    const t = this.c.i18n.t;
    const p = chat.profile;
    const box = this.$('visitor-profile');
    if (!p) {
      box.replaceChildren(h('p', { class: 'muted', text: chat.profileError === 403 ? t('notYours') : t('loading') }));
      return;
    }
    // The page's name and attributes are its word (unverified); what the site's server set is verified.
    const v = p.verified || null;
    const rows = [
      [t('customerId'), p.customerId || t('anonymous')],
      [t('visits'), String(p.visits ?? '')],
      [t('channel'), p.channel || ''],
      [t('firstSeen'), p.firstSeen ? formatDateTime(p.firstSeen, this.c.i18n.lang) : ''],
      [t('lastSeen'), p.lastSeen ? formatDateTime(p.lastSeen, this.c.i18n.lang) : ''],
    ];
    for (const [k, val] of Object.entries((v && v.attrs) || {})) {
      rows.push([k, val, 'verified']);
    }
    if (p.name && v && v.name && p.name !== v.name) {
      rows.push([t('pageName'), p.name, 'unverified']);
    }
    for (const [k, val] of Object.entries(p.attrs || {})) {
      rows.push([k, typeof val === 'string' ? val : JSON.stringify(val), 'unverified']);
    }
    const ratings = (p.ratings || []).map((r) => r.rating);
    if (ratings.length) {
      const avg = ratings.reduce((a, b) => a + b, 0) / ratings.length;
      rows.push([t('ratings'), `${avg.toFixed(1)} ★ (${ratings.length})`]);
    }
    const name = (v && v.name) || p.name;
    const nameTrust = v && v.name ? 'verified' : (p.name ? 'unverified' : null);
    box.replaceChildren(
      h('p', { class: 'vp-name' }, h('strong', { 'data-fl': 'visitor-display-name', text: name || t('anonymousVisitor') }),
        nameTrust ? this.trust(nameTrust) : null,
        p.trackingOptOut ? h('span', { class: 'tag warn', 'data-fl': 'opt-out', text: t('optedOut') }) : null),
      h('dl', { class: 'vp-facts' }, ...rows.flatMap(([k, val, trust]) => [h('dt', { text: k }),
        h('dd', { 'data-fl': trust ? 'visitor-attr' : null, 'data-attr': trust ? k : null, 'data-trust': trust || null },
          h('span', { text: val }), trust ? ' ' : null, trust ? this.trust(trust) : null)])));
  }

  /** The mark of where a value came from: the site's server (verified) or the page (unverified). */
  trust(kind) {
    const t = this.c.i18n.t;
    return h('span', { class: kind === 'verified' ? 'tag ok' : 'tag warn', 'data-fl': kind, text: t(kind),
      title: t(`${kind}Title`) });
  }

  renderConversations(chat) {
    const t = this.c.i18n.t;
    const list = ((chat.profile && chat.profile.conversations) || []).filter((c) => c.id !== chat.id);
    this.$('past-conversations').replaceChildren(...(list.length ? list.map((c) => h('li', {},
      h('button', { type: 'button', class: 'link', 'data-fl': 'past-conversation', 'data-conversation': c.id,
        on: { click: () => this.open(c.id) } },
      h('span', { text: formatDateTime(c.createdAt, this.c.i18n.lang) }), ' ',
      h('span', { class: 'muted', text: [c.group, t(`state_${c.state}`)].filter(Boolean).join(' · ') }),
      c.rating ? h('span', { class: 'stars', text: ` ${'★'.repeat(c.rating)}` }) : null)))
      : [h('li', { class: 'muted', text: t('none') })]));
  }

  link(url, text) {
    const href = safeHref(url);
    return href ? h('a', { href, target: '_blank', rel: 'noopener noreferrer', title: url, text }) : h('span', { text });
  }

  /** One trail event as a line: time, what, details. */
  eventItem(e) {
    const t = this.c.i18n.t;
    const key = `ev_${e.event}`;
    const name = t(key) === key ? e.event : t(key);
    let detail = null;
    switch (e.event) {
      case 'page_view': detail = this.link(e.url, e.title || e.url); break;
      case 'menu_click': detail = e.label || e.menuId; break;
      case 'bot_question': detail = `“${e.text || ''}” → ${e.decision || ''}`; break;
      case 'handoff': case 'queued': case 'no_agent': detail = e.group || ''; break;
      case 'assigned': detail = e.agent || ''; break;
      case 'rated': detail = '★'.repeat(Number(e.score) || 0); break;
      case 'closed': detail = e.by || ''; break;
      case 'leave_message': detail = `${e.kind || ''} #${e.ticketId || ''}`; break;
      case 'proactive': case 'proactive_shown': case 'proactive_clicked': detail = `${e.ruleId || ''} ${e.action || ''}`; break;
      case 'kb_view': detail = e.faqId || ''; break;
      case 'kb_search': detail = e.q || ''; break;
      case 'transferred': detail = e.toGroup || e.toAgent || ''; break;
      default: detail = null;
    }
    return h('li', { class: 'trail-event', 'data-fl': 'trail-event', 'data-event': e.event },
      h('time', { text: formatDateTime(e.ts, this.c.i18n.lang) }),
      h('span', { class: 'ev-name', text: name }),
      detail === null || detail === '' ? null : h('span', { class: 'ev-detail' }, detail));
  }

  /** An earlier visit in one line: when, how many pages, questions and chats. */
  visitItem(events) {
    const t = this.c.i18n.t;
    const count = (name) => events.filter((e) => e.event === name).length;
    const first = events[0];
    const last = events[events.length - 1];
    const mins = Math.max(1, Math.round((last.ts - first.ts) / 60000));
    return h('li', { 'data-fl': 'past-visit' },
      h('time', { text: formatDateTime(first.ts, this.c.i18n.lang) }), ' ',
      h('span', { text: t('visitSummary', { pages: count('page_view'), questions: count('bot_question'),
        chats: count('assigned'), mins }) }));
  }

  /** A past conversation, read-only, in a dialog. */
  async open(id) {
    const t = this.c.i18n.t;
    const log = document.querySelector('[data-fl=conversation-view-log]');
    document.querySelector('[data-fl=conversation-view-title]').textContent = t('conversationOf', { id: id.slice(-8) });
    log.replaceChildren(h('li', { class: 'muted', text: t('loading') }));
    this.viewer.dataset.conversation = id;
    if (!this.viewer.open) {
      this.viewer.showModal();
    }
    const r = await api(`/api/conversations/${encodeURIComponent(id)}`);
    if (r.status !== 200) {
      log.replaceChildren(h('li', { class: 'error', text: r.status === 403 ? t('notYours') : t('loadFailed') }));
      return;
    }
    log.replaceChildren(...(r.body.messages || []).map((m) => messageElement(m, this.c.labels(), this.c.i18n.lang)));
    for (const n of r.body.notes || []) {
      insertByTime(log, noteElement({ kind: n.kind, label: `${n.author || ''}:`, text: n.text, ts: n.ts }));
    }
    if (r.body.rating) {
      log.append(h('li', { class: 'rating-line', text: t('rating', { score: r.body.rating,
        label: t(`rate${r.body.rating}`) }) + (r.body.ratingComment ? ` “${r.body.ratingComment}”` : '') }));
    }
  }
}
