// Today's figures (GET /api/stats/summary from local midnight) and the live state
// (GET /api/stats/live: queue lengths, agents' presence and load), polled while the page is
// visible.
import { h, poll } from '../shared/dom.js';
import { api } from '../shared/session.js';

const POLL_MS = 10000;

/** Local midnight of today, epoch ms. */
export function startOfToday(now = new Date()) {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
}

function seconds(ms) {
  if (ms === null || ms === undefined) {
    return '–';
  }
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

export class Figures {
  /** @param {object} i18n */
  constructor(i18n, groupLabel = (g) => g) {
    this.i18n = i18n;
    this.groupLabel = groupLabel;
    this.$ = (fl) => document.querySelector(`[data-fl=${fl}]`);
    this.summary = null;
    this.live = null;
    this.stop = null;
  }

  start() {
    this.stop?.();
    this.stop = poll(() => this.load(), POLL_MS);
    this.$('figures-refresh').addEventListener('click', () => this.load());
  }

  async load() {
    const from = startOfToday();
    const [s, l] = await Promise.all([
      api(`/api/stats/summary?from=${from}&to=${Date.now() + 1}`),
      api('/api/stats/live'),
    ]).catch(() => [{ status: 0 }, { status: 0 }]);
    if (s.status === 200) {
      this.summary = s.body;
    }
    if (l.status === 200) {
      this.live = l.body;
    }
    this.render();
  }

  render() {
    const t = this.i18n.t;
    const s = this.summary;
    if (s) {
      const csat = s.csat || {};
      const cells = [
        ['offered', String(s.offered)],
        ['answered', String(s.answered)],
        ['answerRate', `${Math.round((s.answerRate || 0) * 100)}%`],
        ['abandoned', String(s.abandoned)],
        ['avgFirstResponse', seconds(s.avgFirstResponseMs)],
        ['avgHandle', seconds(s.avgHandleMs)],
        ['csat', csat.count ? `${Number(csat.average).toFixed(2)} (${csat.count})` : '–'],
        ['complaints', String(s.complaints ?? 0)],
      ];
      this.$('figures-today').replaceChildren(...cells.map(([k, v]) => h('div', { class: 'figure', 'data-fl': `fig-${k}`,
        'data-value': v }, h('span', { class: 'figure-value', text: v }), h('span', { class: 'figure-label', text: t(`fig_${k}`) }))));
    }
    const l = this.live;
    if (l) {
      const queues = Object.entries(l.queues || {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      const waiting = queues.reduce((n, [, c]) => n + c, 0);
      this.$('fig-queues').replaceChildren(h('strong', { 'data-fl': 'fig-waiting', text: t('waitingTotal', { n: waiting }) }),
        ...queues.filter(([, c]) => c > 0).map(([g, c]) => h('span', { class: 'tag', 'data-fl': 'fig-queue', 'data-group': g,
          text: `${this.groupLabel(g)}: ${c}` })));
      const agents = [...(l.agents || [])].sort((a, b) => String(a.name).localeCompare(String(b.name)));
      this.$('fig-agents').replaceChildren(...agents.map((a) => h('tr', { 'data-fl': 'fig-agent', 'data-agent': String(a.id),
        'data-status': a.status },
      h('td', { text: `#${a.id}` }),
      h('td', { text: a.name || '' }),
      h('td', {}, h('span', { class: `presence presence-${a.status}${a.connected ? '' : ' is-gone'}`,
        text: t(`presence_${a.status}`) + (a.connected ? '' : ` (${t('disconnected')})`) })),
      h('td', { text: `${a.active}/${a.maxChats}` }),
      h('td', { text: (a.groups || []).map(this.groupLabel).join(', ') }))));
    }
    this.$('figures-updated').textContent = t('updated', { t: new Date().toLocaleTimeString(this.i18n.lang === 'en' ? 'en-GB' : 'zh-CN',
      { hour: '2-digit', minute: '2-digit', second: '2-digit' }) });
  }
}
