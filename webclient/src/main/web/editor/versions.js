// An entry's version history (GET /api/faq/{id}/versions): who wrote each version and when,
// what it did, which fields it changed against the version before, and its content on demand.
import { h } from '../shared/dom.js';
import { dateTime, errorOf, statusBadge } from './util.js';

export const CONTENT_FIELDS = ['question', 'similar', 'answer', 'category', 'tags', 'channels', 'imageUrl', 'validFrom',
  'validUntil'];

/** The content fields that differ between two versions (any of them may be null). */
export function changedFields(a, b) {
  if (!a || !b) {
    return [];
  }
  return CONTENT_FIELDS.filter((f) => JSON.stringify(a[f] ?? null) !== JSON.stringify(b[f] ?? null));
}

/** A field's value as text, for side-by-side views. */
export function fieldText(f, v, lang) {
  if (v === null || v === undefined || v === '') {
    return '—';
  }
  if (Array.isArray(v)) {
    return v.length ? v.join('\n') : '—';
  }
  if (f === 'validFrom' || f === 'validUntil') {
    return new Date(v).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN');
  }
  return String(v);
}

export function versionHistory(ctx) {
  const { i18n, api } = ctx;
  const t = i18n.t;
  let data = null;
  let seq = 0;
  const list = h('ol', { class: 'versions', 'data-fl': 'entry-versions', reversed: true });
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const el = h('section', { class: 'side-box', 'data-fl': 'versions' }, h('h3', { 'data-i18n': 'versions' }), error, list);

  const render = () => {
    list.replaceChildren();
    if (!data) {
      return;
    }
    const vs = data.versions;
    vs.forEach((v, i) => {
      const older = vs[i + 1] || null;
      const fields = changedFields(older, v);
      const what = older ? (fields.length ? fields.map((f) => t(`field_${f}`)).join('、') : t('noFieldChange')) : t('firstVersion');
      const details = h('details', {},
        h('summary', { text: t('showContent') }),
        h('dl', { class: 'version-content' }, ...['question', 'similar', 'answer', 'category'].flatMap((f) => [
          h('dt', { text: t(`field_${f}`) }), h('dd', { text: fieldText(f, v[f], i18n.lang) })])));
      list.append(h('li', { 'data-fl': 'version-row', 'data-version': String(v.version), 'data-status': v.status },
        h('div', { class: 'version-head' },
          h('strong', { text: `v${v.version}` }), statusBadge(v.status, t),
          h('span', { 'data-fl': 'version-change', text: t(`change_${v.change}`) })),
        h('div', { class: 'muted' },
          h('span', { 'data-fl': 'version-author', text: v.author && v.author.name ? v.author.name : t('system') }),
          ' · ', h('span', { text: dateTime(v.createdAt, i18n.lang) })),
        h('div', { 'data-fl': 'version-fields', text: t('changedFields', { fields: what }) }),
        v.note ? h('div', { class: 'note', 'data-fl': 'version-note', text: v.note }) : null,
        details));
    });
  };

  i18n.onChange(render);
  return {
    el,
    async load(id) {
      const mine = ++seq;
      error.hidden = true;
      const r = await api(`/api/faq/${encodeURIComponent(id)}/versions`);
      if (mine !== seq) {
        return;
      }
      if (r.status !== 200) {
        data = null;
        error.textContent = t('failed', { why: errorOf(r) });
        error.hidden = false;
      } else {
        data = r.body;
      }
      render();
    },
    clear() {
      ++seq;
      data = null;
      error.hidden = true;
      render();
    },
  };
}
