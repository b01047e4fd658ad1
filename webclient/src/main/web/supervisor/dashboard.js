// The figures dashboard on /supervisor (CONTRACT sections 7 and 11): a period (today, 7 days,
// 30 days, custom), group and agent filters, and Apache ECharts charts, each in an element
// [data-fl=chart][data-chart=<name>]: trend lines, volume bars, per-agent comparison, the CSAT
// distribution and a radar of normalised figures against the team. ECharts is the npm
// package's build served from the jar (/web/vendor/echarts/echarts.min.js, a classic script
// that defines window.echarts). Today's charts follow the service live: they reload every
// POLL_MS and when an alert arrives.
import { h } from '../shared/dom.js';
import { api } from '../shared/session.js';
import { startOfToday } from './figures.js';

const POLL_MS = 10000;
const DAY = 86400000;
const CHARTS = ['trend', 'volume', 'agents', 'csat', 'radar'];

/** The period [from, to) and its bucket for a choice of the picker. */
export function periodOf(choice, custom, now = new Date()) {
  const today = startOfToday(now);
  switch (choice) {
    case '7d':
      return { from: today - 6 * DAY, to: today + DAY, bucket: 'day' };
    case '30d':
      return { from: today - 29 * DAY, to: today + DAY, bucket: 'day' };
    case 'custom': {
      const from = Date.parse(`${custom.from}T00:00:00`);
      const to = Date.parse(`${custom.to}T00:00:00`) + DAY;
      return Number.isFinite(from) && Number.isFinite(to) && from < to ? { from, to, bucket: 'day' } : null;
    }
    default:
      return { from: today, to: today + DAY, bucket: 'hour' };
  }
}

function pct(x) {
  return x === null || x === undefined ? null : Math.round(x * 1000) / 10;
}

/** Figures scaled to 0..1 for the radar, higher is better. */
export function normalised(row, team) {
  const speed = (mine, all) => (mine && all ? Math.min(1, all / mine / 2) : 0);
  return [
    row.answerRate ?? 0,
    row.firstResponseWithinTarget ?? 0,
    row.fcr ?? 0,
    row.utilisation ?? 0,
    row.csat && row.csat.average ? row.csat.average / 5 : 0,
    speed(row.avgHandleMs, team.avgHandleMs),
  ].map((v) => Math.round(v * 100) / 100);
}

export class Dashboard {
  constructor(i18n, groupLabel) {
    this.i18n = i18n;
    this.groupLabel = groupLabel;
    this.$ = (fl) => document.querySelector(`[data-fl=${fl}]`);
    this.charts = new Map();
    this.data = null;
    this.loading = 0;
  }

  start() {
    const echarts = window.echarts;
    for (const name of CHARTS) {
      const el = document.querySelector(`[data-fl=chart][data-chart=${name}]`);
      this.charts.set(name, echarts.init(el, null, { renderer: 'canvas' }));
    }
    window.addEventListener('resize', () => this.charts.forEach((c) => c.resize()));
    const reload = () => this.load();
    this.$('period').addEventListener('change', () => {
      this.$('period-custom').hidden = this.$('period').value !== 'custom';
      reload();
    });
    for (const fl of ['period-from', 'period-to', 'filter-group', 'filter-agent']) {
      this.$(fl).addEventListener('change', reload);
    }
    const today = new Date(startOfToday());
    const iso = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    this.$('period-to').value = iso(today);
    this.$('period-from').value = iso(new Date(today.getTime() - 6 * DAY));
    this.timer = setInterval(() => {
      if (!document.hidden && this.$('period').value === 'today') {
        this.load();
      }
    }, POLL_MS);
    this.loadFilters().then(reload);
  }

  /** Something happened now (an alert): today's charts reload. */
  nudge() {
    if (this.$('period').value === 'today') {
      this.load();
    }
  }

  async loadFilters() {
    const r = await api('/api/users');
    if (r.status !== 200) {
      return;
    }
    const agents = r.body.users.filter((u) => (u.roles || []).some((x) => x === 'agent' || x === 'supervisor'));
    const g = await api('/api/groups');
    const groups = g.status === 200 ? g.body.groups.map((x) => x.id) : [...new Set(agents.flatMap((u) => u.groups || []))];
    const t = this.i18n.t;
    this.$('filter-group').replaceChildren(h('option', { value: '', text: t('allGroups') }),
      ...groups.map((id) => h('option', { value: id, text: this.groupLabel(id) })));
    this.$('filter-agent').replaceChildren(h('option', { value: '', text: t('allAgents') }),
      ...agents.map((u) => h('option', { value: String(u.id), text: u.displayName || u.username })));
  }

  async load() {
    const p = periodOf(this.$('period').value, { from: this.$('period-from').value, to: this.$('period-to').value });
    if (!p) {
      return;
    }
    const group = this.$('filter-group').value;
    const agent = this.$('filter-agent').value;
    const q = `from=${p.from}&to=${p.to}${group ? `&group=${encodeURIComponent(group)}` : ''}`;
    const filtered = `${q}${agent ? `&agent=${encodeURIComponent(agent)}` : ''}`;
    const tz = encodeURIComponent(Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
    const seq = ++this.loading;
    const [series, agents, team, summary] = await Promise.all([
      api(`/api/stats/series?${filtered}&bucket=${p.bucket}&tz=${tz}`),
      api(`/api/stats/agents?${q}`),
      api(`/api/stats/summary?from=${p.from}&to=${p.to}`),
      api(`/api/stats/summary?${filtered}`),
    ]).catch(() => []);
    if (seq !== this.loading || !series || series.status !== 200) {
      return;
    }
    this.data = { p, agent, series: series.body.series, agents: agents.body.agents || [], team: team.body,
      summary: summary.body };
    this.$('dashboard').dataset.period = this.$('period').value;
    this.$('dashboard').dataset.loaded = String(seq);
    this.render();
  }

  render() {
    if (!this.data) {
      return;
    }
    const t = this.i18n.t;
    const { p, series, agents, team, summary, agent } = this.data;
    const lang = this.i18n.lang === 'en' ? 'en-GB' : 'zh-CN';
    const x = series.map((b) => (p.bucket === 'hour'
      ? new Date(b.from).toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' })
      : new Date(b.from).toLocaleDateString(lang, { month: '2-digit', day: '2-digit' })));
    const line = (key, name) => ({ name, type: 'line', smooth: true, connectNulls: true,
      data: series.map((b) => pct(b[key])) });
    this.charts.get('trend').setOption({
      title: { text: t('chartTrend'), textStyle: { fontSize: 14 } },
      tooltip: { trigger: 'axis', valueFormatter: (v) => (v === null || v === undefined ? '–' : `${v}%`) },
      legend: { top: 24 }, grid: { top: 64, left: 40, right: 16, bottom: 28 },
      xAxis: { type: 'category', data: x }, yAxis: { type: 'value', max: 100 },
      series: [line('answerRate', t('fig_answerRate')), line('firstResponseWithinTarget', t('fig_withinTarget')),
        line('fcr', t('fig_fcr')), line('utilisation', t('fig_utilisation'))],
    }, true);
    const bar = (key, name) => ({ name, type: 'bar', data: series.map((b) => b[key]) });
    this.charts.get('volume').setOption({
      title: { text: t('chartVolume'), textStyle: { fontSize: 14 } },
      tooltip: { trigger: 'axis' }, legend: { top: 24 }, grid: { top: 64, left: 40, right: 16, bottom: 28 },
      xAxis: { type: 'category', data: x }, yAxis: { type: 'value', minInterval: 1 },
      series: [bar('conversations', t('fig_conversations')), bar('offered', t('fig_offered')),
        bar('answered', t('fig_answered')), bar('abandoned', t('fig_abandoned')),
        bar('botResolved', t('fig_botResolved'))],
    }, true);
    const names = agents.map((a) => a.name);
    this.charts.get('agents').setOption({
      title: { text: t('chartAgents'), textStyle: { fontSize: 14 } },
      tooltip: { trigger: 'axis' }, legend: { top: 24 }, grid: { top: 64, left: 40, right: 40, bottom: 28 },
      xAxis: { type: 'category', data: names },
      yAxis: [{ type: 'value', minInterval: 1 }, { type: 'value', name: t('minutes') }],
      series: [
        { name: t('fig_answered'), type: 'bar', data: agents.map((a) => a.answered) },
        { name: t('fig_avgHandle'), type: 'line', yAxisIndex: 1,
          data: agents.map((a) => (a.avgHandleMs === null ? null : Math.round(a.avgHandleMs / 6000) / 10)) },
      ],
    }, true);
    const dist = (summary.csat && summary.csat.distribution) || {};
    this.charts.get('csat').setOption({
      title: { text: t('chartCsat'), textStyle: { fontSize: 14 } },
      tooltip: {}, grid: { top: 40, left: 40, right: 16, bottom: 28 },
      xAxis: { type: 'category', data: ['1', '2', '3', '4', '5'].map((s) => t('stars', { n: s })) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ name: t('fig_csat'), type: 'bar', data: ['1', '2', '3', '4', '5'].map((s) => dist[s] || 0) }],
    }, true);
    const chosen = agent ? agents.filter((a) => String(a.agentId) === agent) : agents.slice(0, 4);
    const mine = agent || this.$('filter-group').value ? [{ name: agent ? chosen[0]?.name : this.groupLabel(
      this.$('filter-group').value), values: normalised(agent ? chosen[0] || summary : summary, team) }]
      : chosen.map((a) => ({ name: a.name, values: normalised(a, team) }));
    this.charts.get('radar').setOption({
      title: { text: t('chartRadar'), textStyle: { fontSize: 14 } },
      tooltip: {}, legend: { top: 24 },
      radar: { center: ['50%', '60%'], radius: '60%', indicator: ['fig_answerRate', 'fig_withinTarget', 'fig_fcr',
        'fig_utilisation', 'fig_csat', 'fig_speed'].map((k) => ({ name: t(k), max: 1 })) },
      series: [{ type: 'radar', data: [{ name: t('team'), value: normalised(team, team) }, ...mine] }],
    }, true);
  }
}
