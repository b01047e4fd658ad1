// "Entries": the list (filter by status and category, search, pages) and, in the same panel,
// one entry open in the form (entry-form.js). Address: #entries, #entries/<id>, #entries/~new.
import { h } from '../shared/dom.js';
import { entryForm } from './entry-form.js';
import { dateTime, debounce, errorOf, statusBadge } from './util.js';

const PAGE_SIZE = 20;
const STATUSES = ['', 'draft', 'review', 'published', 'live', 'archived', 'deleted'];
export const NEW_ENTRY = '~new';

export const entriesPanel = {
  id: 'entries',
  titleKey: 'entries',
  mount(container, ctx) {
    const { i18n, api, can, nav } = ctx;
    const t = i18n.t;
    const state = { status: '', category: '', q: '', page: 1, total: 0, entries: [] };
    let seq = 0;

    // Categories for the filter and the form: the live ones (most clicked first) plus any seen.
    const categories = new Set();
    const datalist = h('datalist', { id: 'fl-categories' });
    const addCategories = (names) => {
      let added = false;
      for (const n of names) {
        if (n && !categories.has(n)) {
          categories.add(n);
          added = true;
        }
      }
      if (added) {
        datalist.replaceChildren(...[...categories].map((n) => h('option', { value: n })));
      }
    };
    api('/api/kb/categories').then((r) => {
      if (r.status === 200) {
        addCategories(r.body.categories.map((c) => c.name));
      }
    }).catch(() => {});

    // Whether the server wants reviews (the save button says "draft" or "publish").
    api('/api/faq?size=1').then((r) => {
      if (r.status === 200) {
        can.setReviewOn(r.body.review);
      }
    }).catch(() => {});

    const statusSelect = h('select', { 'data-fl': 'filter-status', 'aria-label': t('filterStatus') });
    const renderStatusOptions = () => {
      statusSelect.replaceChildren(...STATUSES.map((s) => h('option', { value: s, text: s ? t(`filter_${s}`) : t('filter_all') })));
      statusSelect.value = state.status;
    };
    renderStatusOptions();
    const categoryInput = h('input', { 'data-fl': 'filter-category', list: 'fl-categories', maxlength: '128',
      'data-i18n-placeholder': 'filterCategory', 'data-i18n-title': 'filterCategory' });
    const search = h('input', { type: 'search', 'data-fl': 'entry-search', maxlength: '200',
      'data-i18n-placeholder': 'searchEntries', 'data-i18n-title': 'searchEntries' });
    const newButton = h('button', { type: 'button', class: 'primary', 'data-fl': 'entry-new', 'data-i18n': 'newEntry',
      hidden: !can.write, on: { click: () => nav.go('entries', NEW_ENTRY) } });
    const tbody = h('tbody', { 'data-fl': 'entry-list' });
    const table = h('table', { class: 'entries' },
      h('thead', {}, h('tr', {},
        h('th', { 'data-i18n': 'colQuestion' }), h('th', { 'data-i18n': 'colCategory' }),
        h('th', { 'data-i18n': 'colStatus' }), h('th', { 'data-i18n': 'colAuthor' }),
        h('th', { 'data-i18n': 'colUpdated' }))),
      tbody);
    const empty = h('p', { class: 'empty', 'data-i18n': 'noEntries', hidden: true });
    const error = h('p', { class: 'error', role: 'alert', hidden: true });
    const prev = h('button', { type: 'button', 'data-fl': 'page-prev', 'data-i18n': 'prevPage',
      on: { click: () => go(state.page - 1) } });
    const next = h('button', { type: 'button', 'data-fl': 'page-next', 'data-i18n': 'nextPage',
      on: { click: () => go(state.page + 1) } });
    const pageInfo = h('span', { 'data-fl': 'page-info', 'aria-live': 'polite' });
    const listView = h('div', { class: 'list-view', 'data-fl': 'entries-list-view' },
      h('div', { class: 'toolbar' }, search, statusSelect, categoryInput, newButton),
      error, table, empty,
      h('div', { class: 'pager' }, prev, pageInfo, next));

    const form = entryForm(ctx, {
      back: () => nav.go('entries'),
      categories: addCategories,
    });
    container.append(datalist, listView, form.el);

    const render = () => {
      const lang = i18n.lang;
      tbody.replaceChildren(...state.entries.map((e) => h('tr', { 'data-fl': 'entry-row', 'data-id': e.id,
        'data-status': e.status, 'data-change': e.change },
      h('td', {},
        h('a', { href: `#entries/${encodeURIComponent(e.id)}`, class: 'open', 'data-fl': 'entry-open', text: e.question }),
        h('span', { class: 'muted id', text: e.id })),
      h('td', { text: e.category || '—' }),
      h('td', {}, statusBadge(e.status, t),
        e.change === 'proposal' ? h('span', { class: 'tag proposal', 'data-fl': 'entry-proposal', text: t('change_proposal') }) : null,
        e.live && e.status !== 'published' ? h('span', { class: 'tag live', text: t('liveVersion', { v: e.publishedVersion }) }) : null),
      h('td', { 'data-fl': 'entry-author', text: e.updatedBy || '' }),
      h('td', { text: dateTime(e.updatedAt, lang) }))));
      empty.hidden = state.entries.length > 0;
      const pages = Math.max(1, Math.ceil(state.total / PAGE_SIZE));
      pageInfo.textContent = t('pageInfo', { page: state.page, pages, total: state.total });
      prev.disabled = state.page <= 1;
      next.disabled = state.page >= pages;
      renderStatusOptions();
    };

    const load = async () => {
      const mine = ++seq;
      const qs = new URLSearchParams({ page: String(state.page), size: String(PAGE_SIZE) });
      if (state.status) {
        qs.set('status', state.status);
      }
      if (state.category) {
        qs.set('category', state.category);
      }
      if (state.q) {
        qs.set('q', state.q);
      }
      let r;
      try {
        r = await api(`/api/faq?${qs}`);
      } catch (e) {
        r = { status: 0, body: null };
      }
      if (mine !== seq) {
        return;
      }
      if (r.status !== 200) {
        error.textContent = t('failed', { why: errorOf(r) });
        error.hidden = false;
        return;
      }
      error.hidden = true;
      can.setReviewOn(r.body.review);
      state.entries = r.body.entries;
      state.total = r.body.total;
      addCategories(state.entries.map((e) => e.category));
      render();
    };

    const go = (page) => {
      state.page = Math.max(1, page);
      load();
    };
    const refilter = () => {
      state.status = statusSelect.value;
      state.category = categoryInput.value.trim();
      state.q = search.value.trim();
      go(1);
    };
    statusSelect.addEventListener('change', refilter);
    categoryInput.addEventListener('change', refilter);
    const typed = debounce(refilter, 300);
    search.addEventListener('input', typed);
    search.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        typed.cancel();
        refilter();
      }
    });
    // "/" jumps to the search box from anywhere in the list.
    listView.addEventListener('keydown', (e) => {
      if (e.key === '/' && !/^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName)) {
        e.preventDefault();
        search.focus();
      }
    });
    i18n.onChange(render);
    nav.on('changed', () => {
      if (!listView.hidden) {
        load();
      }
    });

    let lastOpen = null;
    return {
      show(arg) {
        if (arg === null || arg === undefined || arg === '') {
          form.close();
          form.el.hidden = true;
          listView.hidden = false;
          load();
          if (lastOpen) {
            const link = tbody.querySelector(`[data-id="${CSS.escape(lastOpen)}"] [data-fl=entry-open]`);
            link?.focus();
          }
          return;
        }
        listView.hidden = true;
        form.el.hidden = false;
        if (arg === NEW_ENTRY) {
          lastOpen = null;
          form.openNew();
        } else {
          lastOpen = arg;
          form.open(arg);
        }
      },
    };
  },
};
