// The review queue: versions waiting for review (then drafts), each with its text side by side
// with the published version, and publish / reject with a note. Address: #review/<id>.
import { h } from '../shared/dom.js';
import { CONTENT_FIELDS, changedFields, fieldText } from './versions.js';
import { dateTime, errorOf, notice, statusBadge } from './util.js';

export const reviewPanel = {
  id: 'review',
  titleKey: 'review',
  mount(container, ctx) {
    const { i18n, api, can, nav } = ctx;
    const t = i18n.t;
    let items = [];
    let current = null; // the selected entry view
    let seq = 0;

    const list = h('ul', { class: 'queue', 'data-fl': 'review-list' });
    const empty = h('p', { class: 'empty', 'data-fl': 'review-empty', 'data-i18n': 'reviewEmpty', hidden: true });
    const listError = h('p', { class: 'error', role: 'alert', hidden: true });
    const refresh = h('button', { type: 'button', 'data-fl': 'review-refresh', 'data-i18n': 'refresh', on: { click: () => load() } });
    const detail = h('div', { class: 'review-detail', 'data-fl': 'review-detail', hidden: true });
    const message = notice();
    message.setAttribute('data-fl', 'review-message');
    const hint = h('p', { class: 'hint' });
    const setHint = () => {
      hint.textContent = t(can.publish ? 'reviewAbout' : 'reviewReadOnly');
    };
    setHint();
    container.append(
      h('div', { class: 'toolbar' }, hint, refresh),
      message,
      h('div', { class: 'split' },
        h('div', { class: 'split-list' }, listError, list, empty),
        detail));

    const renderList = () => {
      list.replaceChildren(...items.map((e) => h('li', {},
        h('a', { href: `#review/${encodeURIComponent(e.id)}`, 'data-fl': 'review-item', 'data-id': e.id, 'data-status': e.status,
          class: current && current.id === e.id ? 'selected' : '', 'aria-current': current && current.id === e.id ? 'true' : null },
        h('span', { class: 'q', text: e.question }),
        h('span', { class: 'muted' }, statusBadge(e.status, t), ' ', t(`change_${e.change}`), ' · ',
          e.updatedBy || '', ' · ', dateTime(e.updatedAt, i18n.lang))))));
      empty.hidden = items.length > 0;
      nav.badge('review', items.filter((e) => e.status === 'review').length);
    };

    const renderDetail = () => {
      if (!current) {
        detail.hidden = true;
        return;
      }
      const e = current;
      const old = e.published || null;
      const fields = old ? changedFields(old, e) : CONTENT_FIELDS.filter((f) => {
        const v = e[f];
        return v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && !v.length);
      });
      const rows = (old ? CONTENT_FIELDS : fields).map((f) => h('tr', { 'data-fl': 'diff-row', 'data-field': f,
        'data-changed': String(fields.includes(f)) },
      h('th', { text: t(`field_${f}`) }),
      h('td', { class: 'old', 'data-fl': 'diff-old', text: old ? fieldText(f, old[f], i18n.lang) : '' }),
      h('td', { class: 'new', 'data-fl': 'diff-new', text: fieldText(f, e[f], i18n.lang) })));
      let what = null;
      if (e.change === 'archive' || e.change === 'delete') {
        what = h('p', { class: 'warn', 'data-fl': 'review-removes', text: t(e.change === 'archive' ? 'reviewArchives' : 'reviewDeletes') });
      } else if (!old) {
        what = h('p', { class: 'muted', text: e.live ? t('reviewSame') : t('reviewNew') });
      }
      const note = h('input', { 'data-fl': 'review-note', maxlength: '1000', placeholder: t('reviewNoteHint'),
        'aria-label': t('reviewNoteHint') });
      const publish = h('button', { type: 'button', class: 'primary', 'data-fl': 'review-publish', text: t('publish'),
        hidden: !can.publish, on: { click: () => act('publish', note.value) } });
      const reject = h('button', { type: 'button', 'data-fl': 'review-reject', text: t('reject'),
        hidden: !can.publish, disabled: e.status !== 'review', title: e.status !== 'review' ? t('rejectOnlyReview') : '',
        on: { click: () => act('reject', note.value) } });
      const submit = h('button', { type: 'button', 'data-fl': 'review-submit', text: t('submitReview'),
        hidden: !(can.write && !can.publish && e.status === 'draft'), on: { click: () => act('submit', note.value) } });
      const open = h('a', { href: `#entries/${encodeURIComponent(e.id)}`, class: 'button', 'data-fl': 'review-open',
        text: t('openInEditor') });
      detail.replaceChildren(...[
        h('h2', { text: e.question }),
        h('p', { class: 'entry-meta' }, statusBadge(e.status, t), ` ${t('versionOf', { v: e.version })} · `,
          t(`change_${e.change}`), ' · ', h('span', { 'data-fl': 'review-author', text: e.updatedBy || '' }), ' · ',
          dateTime(e.updatedAt, i18n.lang), ' · ', h('span', { class: 'muted', text: e.id })),
        what,
        h('table', { class: 'diff', 'data-fl': 'review-diff' },
          h('thead', {}, h('tr', {}, h('th', {}),
            h('th', { text: old ? t('diffLive', { v: e.publishedVersion }) : t('diffNoLive') }),
            h('th', { text: t('diffPending', { v: e.version }) }))),
          h('tbody', {}, ...rows)),
        h('div', { class: 'actions' }, note, publish, reject, submit, open),
      ].filter(Boolean));
      detail.hidden = false;
    };

    const select = async (id, { focus = false } = {}) => {
      const mine = ++seq;
      if (!id) {
        current = null;
        renderList();
        renderDetail();
        return;
      }
      const r = await api(`/api/faq/${encodeURIComponent(id)}`);
      if (mine !== seq) {
        return;
      }
      if (r.status !== 200) {
        current = null;
        message.show(t('failed', { why: errorOf(r) }), 'error');
      } else {
        current = r.body;
      }
      renderList();
      renderDetail();
      if (focus) {
        detail.querySelector('[data-fl=review-note]')?.focus();
      }
    };

    const load = async (selectId) => {
      const get = (status) => api(`/api/faq?status=${status}&size=200`);
      let rs;
      try {
        rs = await Promise.all([get('review'), get('draft')]);
      } catch {
        rs = [{ status: 0 }, { status: 0 }];
      }
      const bad = rs.find((r) => r.status !== 200);
      if (bad) {
        listError.textContent = t('failed', { why: errorOf(bad) });
        listError.hidden = false;
        return;
      }
      listError.hidden = true;
      can.setReviewOn(rs[0].body.review);
      items = [...rs[0].body.entries, ...rs[1].body.entries];
      const want = selectId !== undefined ? selectId : current && current.id;
      const keep = want && items.some((e) => e.id === want) ? want : null;
      await select(keep);
    };

    const act = async (step, noteText) => {
      const e = current;
      const body = noteText && noteText.trim() ? { note: noteText.trim() } : {};
      const r = await api(`/api/faq/${encodeURIComponent(e.id)}/${step}`, { method: 'POST', body });
      if (r.status !== 200) {
        message.show(t('failed', { why: errorOf(r) }), 'error');
        return;
      }
      message.show(t(`reviewDone_${step}`, { q: e.question }));
      nav.emit('changed', { id: e.id, from: 'review' });
      // Move on to the next item waiting.
      const at = items.findIndex((x) => x.id === e.id);
      const rest = items.filter((x) => x.id !== e.id);
      const next = step === 'publish' ? (rest[at] || rest[at - 1] || null) : e;
      nav.mark('review', next ? next.id : null);
      await load(next ? next.id : null);
      (detail.hidden ? list.querySelector('[data-fl=review-item]') : detail.querySelector('[data-fl=review-note]'))?.focus();
    };

    i18n.onChange(() => {
      setHint();
      renderList();
      renderDetail();
    });
    nav.on('review-setting', () => {
      setHint();
      renderDetail();
    });
    nav.on('changed', (d) => {
      if (!d || d.from !== 'review') {
        load();
      }
    });
    // The badge on the tab from the start.
    load(null);

    return {
      show(arg) {
        message.clear();
        load(arg || null);
      },
    };
  },
};
