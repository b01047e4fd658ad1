// The self-service knowledge panel ("帮助中心"): published entries by category (most clicked
// first), search as you type, an entry's answer (counted as a click), "helpful?" and a
// suggestion box. No login: it calls the public /api/kb/* endpoints (CORS *), so a host page on
// another origin can show it, e.g. inside the widget's shadow root.
//
//   import { mountKbPanel } from 'https://HOST/web/shared/kb-panel.js';
//   const panel = mountKbPanel(container, { origin: 'https://HOST', lang: 'zh', track: (event, fields) => {} });
//   panel.setLang('en'); panel.refresh(); panel.destroy();
//
// Options: origin (the server; default: this module's origin), lang ('zh' default, or 'en'),
// track(event, fields) called with 'kb_view' {faqId, category, from} when an entry is opened and
// 'kb_search' {q, results} when a search has settled, channel (only entries of that channel),
// styles (default true: adds kb-panel.css next to the container, in its document or shadow root).
// Every text from the server is set as text; links in answers are built as elements.
import { h, renderText, safeHref } from './dom.js';

const STRINGS = {
  zh: {
    title: '帮助中心',
    search: '搜索问题，如：怎么查话费',
    searchLabel: '搜索帮助',
    categories: '分类',
    top: '热门问题',
    inCategory: '{name}',
    results: '“{q}”的搜索结果',
    noResults: '没有找到相关问题。',
    empty: '暂无内容',
    loading: '正在加载…',
    failed: '暂时无法加载，请稍后再试。',
    retry: '重试',
    back: '返回',
    helpful: '这个回答有帮助吗？',
    yes: '有帮助',
    no: '没帮助',
    thanks: '感谢您的反馈！',
    thanksNo: '感谢反馈，我们会改进这个回答。',
    suggestTitle: '没找到答案？告诉我们',
    suggestText: '您想了解的问题或建议',
    suggestContact: '联系方式（选填）',
    suggestSend: '提交',
    suggestDone: '感谢您的建议！我们会尽快完善帮助内容。',
    suggestEmpty: '请先写下您的问题或建议',
    suggestFailed: '提交失败，请稍后再试。',
    count: '{n} 个问题',
  },
  en: {
    title: 'Help center',
    search: 'Search, e.g. how to check my balance',
    searchLabel: 'Search help',
    categories: 'Categories',
    top: 'Popular questions',
    inCategory: '{name}',
    results: 'Results for "{q}"',
    noResults: 'Nothing found.',
    empty: 'Nothing here yet',
    loading: 'Loading…',
    failed: 'Could not load; try again soon.',
    retry: 'Retry',
    back: 'Back',
    helpful: 'Was this helpful?',
    yes: 'Yes',
    no: 'No',
    thanks: 'Thanks for the feedback!',
    thanksNo: 'Thanks; we will improve this answer.',
    suggestTitle: 'No answer? Tell us',
    suggestText: 'Your question or suggestion',
    suggestContact: 'How to reach you (optional)',
    suggestSend: 'Send',
    suggestDone: 'Thank you! We will improve the help.',
    suggestEmpty: 'Write your question or suggestion first',
    suggestFailed: 'Could not send; try again soon.',
    count: '{n} questions',
  },
};

const SEARCH_DELAY = 250;
const TOP_LIMIT = 10;
const LIST_LIMIT = 50;
const CSS_MARK = 'data-fl-kb-css';

export function mountKbPanel(container, options = {}) {
  const origin = String(options.origin || new URL(import.meta.url).origin).replace(/\/+$/, '');
  const track = typeof options.track === 'function' ? options.track : () => {};
  const channel = options.channel || null;
  let lang = options.lang === 'en' ? 'en' : 'zh';
  const t = (key, params) => {
    let s = STRINGS[lang][key] ?? STRINGS.zh[key] ?? key;
    if (params) {
      s = s.replace(/\{(\w+)\}/g, (m, k) => (params[k] === undefined ? m : String(params[k])));
    }
    return s;
  };

  if (options.styles !== false) {
    addStyles(container);
  }

  const state = {
    categories: [],
    category: null, // null: the most clicked entries of all categories
    q: '',
    entries: [],
    listState: 'loading', // loading | ok | failed
    open: null, // the entry shown
    voted: new Map(), // faqId -> true/false, this session
  };
  let seq = 0;
  let timer = null;
  let destroyed = false;

  const url = (path, params = {}) => {
    const u = new URL(`${origin}${path}`);
    for (const [k, v] of Object.entries(params)) {
      if (v !== null && v !== undefined && v !== '') {
        u.searchParams.set(k, String(v));
      }
    }
    if (channel) {
      u.searchParams.set('channel', channel);
    }
    return u.href;
  };
  const getJson = async (path, params) => {
    const r = await fetch(url(path, params), { credentials: 'omit' });
    if (!r.ok) {
      throw new Error(`HTTP ${r.status}`);
    }
    return r.json();
  };
  const post = (path, body) => fetch(url(path), {
    method: 'POST',
    credentials: 'omit',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body || {}),
  });

  // --- skeleton ------------------------------------------------------------------------
  const title = h('h2', { class: 'fl-kb-title' });
  const search = h('input', { type: 'search', class: 'fl-kb-search', 'data-fl': 'kb-search', maxlength: '200',
    autocomplete: 'off', enterkeyhint: 'search' });
  const searchForm = h('form', { class: 'fl-kb-searchbar', role: 'search' }, search);
  const cats = h('div', { class: 'fl-kb-cats', role: 'group', 'data-fl': 'kb-categories' });
  const listTitle = h('h3', { class: 'fl-kb-list-title', 'data-fl': 'kb-list-title', 'aria-live': 'polite' });
  const list = h('ul', { class: 'fl-kb-list', 'data-fl': 'kb-list' });
  const listNote = h('p', { class: 'fl-kb-note', hidden: true });
  const retry = h('button', { type: 'button', class: 'fl-kb-link', hidden: true, on: { click: () => refresh() } });
  const listView = h('div', { class: 'fl-kb-list-view' }, listTitle, list, listNote, retry);

  const back = h('button', { type: 'button', class: 'fl-kb-back', 'data-fl': 'kb-back' });
  const detailTitle = h('h3', { class: 'fl-kb-question', tabindex: '-1' });
  const answer = h('div', { class: 'fl-kb-answer', 'data-fl': 'kb-answer' });
  const image = h('img', { class: 'fl-kb-image', alt: '', loading: 'lazy', hidden: true });
  image.addEventListener('error', () => {
    image.hidden = true;
  });
  const helpfulLabel = h('span', { class: 'fl-kb-helpful-label' });
  const yes = h('button', { type: 'button', 'data-fl': 'kb-helpful', 'data-helpful': 'yes' });
  const no = h('button', { type: 'button', 'data-fl': 'kb-helpful', 'data-helpful': 'no' });
  const thanks = h('p', { class: 'fl-kb-thanks', 'data-fl': 'kb-helpful-done', role: 'status', hidden: true });
  const helpful = h('div', { class: 'fl-kb-helpful' }, helpfulLabel, yes, no);
  const detail = h('article', { class: 'fl-kb-detail', 'data-fl': 'kb-detail', hidden: true },
    back, detailTitle, answer, image, helpful, thanks);

  const suggestText = h('textarea', { class: 'fl-kb-suggest-text', 'data-fl': 'kb-suggest-text', maxlength: '2000', rows: '3' });
  const suggestContact = h('input', { class: 'fl-kb-suggest-contact', 'data-fl': 'kb-suggest-contact', maxlength: '200',
    autocomplete: 'email' });
  const suggestSend = h('button', { type: 'submit', class: 'fl-kb-primary', 'data-fl': 'kb-suggest-send' });
  const suggestDone = h('p', { class: 'fl-kb-thanks', 'data-fl': 'kb-suggest-done', role: 'status', hidden: true });
  const suggestError = h('p', { class: 'fl-kb-error', role: 'alert', hidden: true });
  const suggestSummary = h('summary', { 'data-fl': 'kb-suggest-open' });
  const suggestTextLabel = h('span', {});
  const suggestContactLabel = h('span', {});
  const suggestForm = h('form', { class: 'fl-kb-suggest-form', 'data-fl': 'kb-suggest', novalidate: true },
    h('label', {}, suggestTextLabel, suggestText),
    h('label', {}, suggestContactLabel, suggestContact),
    suggestSend, suggestError);
  const suggest = h('details', { class: 'fl-kb-suggest' }, suggestSummary, suggestForm, suggestDone);

  const root = h('div', { class: 'fl-kb', 'data-fl': 'kb-panel' }, title, searchForm, cats, listView, detail, suggest);
  container.append(root);

  // --- rendering -----------------------------------------------------------------------
  const labels = () => {
    root.lang = lang === 'en' ? 'en' : 'zh-CN';
    title.textContent = t('title');
    search.placeholder = t('search');
    search.setAttribute('aria-label', t('searchLabel'));
    cats.setAttribute('aria-label', t('categories'));
    retry.textContent = t('retry');
    back.textContent = `← ${t('back')}`;
    helpfulLabel.textContent = t('helpful');
    yes.textContent = t('yes');
    no.textContent = t('no');
    suggestSummary.textContent = t('suggestTitle');
    suggestTextLabel.textContent = t('suggestText');
    suggestContactLabel.textContent = t('suggestContact');
    suggestSend.textContent = t('suggestSend');
    suggestDone.textContent = t('suggestDone');
  };

  const renderCategories = () => {
    const button = (name, label, count) => h('button', { type: 'button', class: 'fl-kb-cat', 'data-fl': 'kb-category',
      'data-category': name || '', 'aria-pressed': String(!state.q && state.category === name),
      title: count === null ? null : t('count', { n: count }),
      on: { click: () => pickCategory(name) } },
    label, count === null ? null : h('span', { class: 'fl-kb-count', text: String(count) }));
    cats.replaceChildren(button(null, t('top'), null),
      ...state.categories.map((c) => button(c.name, c.name, c.count)));
  };

  const renderList = () => {
    listTitle.textContent = state.q ? t('results', { q: state.q }) : state.category ? t('inCategory', { name: state.category })
      : t('top');
    list.replaceChildren(...state.entries.map((e) => h('li', {},
      h('button', { type: 'button', class: 'fl-kb-entry', 'data-fl': 'kb-entry', 'data-faq': e.id,
        'data-category': e.category || '', text: e.question, on: { click: () => openEntry(e) } }))));
    retry.hidden = state.listState !== 'failed';
    if (state.listState === 'loading') {
      listNote.textContent = t('loading');
    } else if (state.listState === 'failed') {
      listNote.textContent = t('failed');
    } else if (!state.entries.length) {
      listNote.textContent = state.q ? t('noResults') : t('empty');
    }
    listNote.hidden = state.listState === 'ok' && state.entries.length > 0;
  };

  const renderDetail = () => {
    const e = state.open;
    if (!e) {
      detail.hidden = true;
      listView.hidden = false;
      return;
    }
    detailTitle.textContent = e.question;
    renderText(answer, e.answer || '');
    const src = e.imageUrl ? safeHref(e.imageUrl) : null;
    image.hidden = !src;
    if (src && image.getAttribute('src') !== src) {
      image.src = src;
    } else if (!src) {
      image.removeAttribute('src');
    }
    const vote = state.voted.get(e.id);
    yes.disabled = vote !== undefined;
    no.disabled = vote !== undefined;
    yes.setAttribute('aria-pressed', String(vote === true));
    no.setAttribute('aria-pressed', String(vote === false));
    thanks.hidden = vote === undefined;
    thanks.textContent = vote === false ? t('thanksNo') : t('thanks');
    detail.hidden = false;
    listView.hidden = true;
  };

  // --- data ----------------------------------------------------------------------------
  const loadList = async () => {
    const mine = ++seq;
    state.listState = 'loading';
    renderList();
    try {
      const params = state.q ? { q: state.q, limit: LIST_LIMIT }
        : state.category ? { category: state.category, limit: LIST_LIMIT } : { limit: TOP_LIMIT };
      const body = await getJson('/api/kb/entries', params);
      if (mine !== seq || destroyed) {
        return;
      }
      state.entries = body.entries || [];
      state.listState = 'ok';
      if (state.q) {
        track('kb_search', { q: state.q.slice(0, 200), results: state.entries.length });
        if (!state.entries.length && !suggestText.value) {
          suggestText.value = state.q;
        }
      }
    } catch {
      if (mine !== seq || destroyed) {
        return;
      }
      state.entries = [];
      state.listState = 'failed';
    }
    renderList();
  };

  const loadCategories = async () => {
    try {
      const body = await getJson('/api/kb/categories');
      if (!destroyed) {
        state.categories = body.categories || [];
        renderCategories();
      }
    } catch {
      // the list says it failed; categories stay as they were
    }
  };

  const refresh = () => Promise.all([loadCategories(), loadList()]);

  // --- actions -------------------------------------------------------------------------
  function pickCategory(name) {
    clearTimeout(timer);
    state.category = name;
    state.q = '';
    search.value = '';
    state.open = null;
    renderCategories();
    renderDetail();
    loadList();
  }

  function openEntry(e) {
    const from = state.q ? 'search' : state.category ? 'category' : 'top';
    state.open = e;
    renderDetail();
    detailTitle.focus();
    post(`/api/kb/entries/${encodeURIComponent(e.id)}/click`).catch(() => {});
    track('kb_view', { faqId: e.id, category: e.category || '', from });
  }

  function closeEntry() {
    const id = state.open && state.open.id;
    state.open = null;
    renderDetail();
    const b = id && list.querySelector(`[data-faq="${CSS.escape(id)}"]`);
    (b || search).focus();
  }

  async function vote(value) {
    const e = state.open;
    if (!e || state.voted.has(e.id)) {
      return;
    }
    state.voted.set(e.id, value);
    renderDetail();
    try {
      const r = await post(`/api/kb/entries/${encodeURIComponent(e.id)}/feedback`, { helpful: value });
      if (!r.ok) {
        throw new Error(String(r.status));
      }
    } catch {
      state.voted.delete(e.id);
      if (state.open === e) {
        renderDetail();
      }
    }
    if (!value) {
      suggest.open = true;
    }
  }

  back.addEventListener('click', closeEntry);
  yes.addEventListener('click', () => vote(true));
  no.addEventListener('click', () => vote(false));

  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const q = search.value.trim();
      if (q === state.q) {
        return;
      }
      state.q = q;
      state.open = null;
      renderCategories();
      renderDetail();
      loadList();
    }, SEARCH_DELAY);
  });
  searchForm.addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(timer);
    state.q = search.value.trim();
    state.open = null;
    renderCategories();
    renderDetail();
    loadList();
  });

  // Arrow keys: from the search box into the list, and along the list; Escape leaves an answer.
  root.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && state.open) {
      e.preventDefault();
      closeEntry();
      return;
    }
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') {
      return;
    }
    const items = [...list.querySelectorAll('[data-fl=kb-entry]')];
    if (e.target === search && e.key === 'ArrowDown' && items.length && !listView.hidden) {
      e.preventDefault();
      items[0].focus();
      return;
    }
    const at = items.indexOf(e.target);
    if (at >= 0) {
      e.preventDefault();
      if (e.key === 'ArrowDown' && at + 1 < items.length) {
        items[at + 1].focus();
      } else if (e.key === 'ArrowUp') {
        (at > 0 ? items[at - 1] : search).focus();
      }
    }
  });

  suggestForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = suggestText.value.trim();
    suggestError.hidden = true;
    if (!text) {
      suggestError.textContent = t('suggestEmpty');
      suggestError.hidden = false;
      suggestText.focus();
      return;
    }
    suggestSend.disabled = true;
    try {
      const body = { text };
      const contact = suggestContact.value.trim();
      if (contact) {
        body.contact = contact;
      }
      const r = await post('/api/kb/suggestions', body);
      if (r.status !== 201) {
        throw new Error(String(r.status));
      }
      suggestText.value = '';
      suggestContact.value = '';
      suggestForm.hidden = true;
      suggestDone.hidden = false;
    } catch {
      suggestError.textContent = t('suggestFailed');
      suggestError.hidden = false;
    } finally {
      suggestSend.disabled = false;
    }
  });
  suggest.addEventListener('toggle', () => {
    if (suggest.open && suggestForm.hidden) {
      // Another suggestion after the first one.
      suggestForm.hidden = false;
      suggestDone.hidden = true;
    }
  });

  labels();
  renderCategories();
  refresh();

  return {
    /** Switches the words ('zh' or 'en'); the content is the server's. */
    setLang(next) {
      lang = next === 'en' ? 'en' : 'zh';
      labels();
      renderCategories();
      renderList();
      renderDetail();
    },
    /** Reloads the categories and the list shown. */
    refresh,
    /** Removes the panel. */
    destroy() {
      destroyed = true;
      clearTimeout(timer);
      root.remove();
    },
    element: root,
  };
}

/** Adds kb-panel.css once to the document or shadow root that holds the container. */
function addStyles(container) {
  const root = container.getRootNode ? container.getRootNode() : document;
  const target = root instanceof ShadowRoot ? root : document.head;
  if (target.querySelector(`link[${CSS_MARK}]`)) {
    return;
  }
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = new URL('./kb-panel.css', import.meta.url).href;
  link.setAttribute(CSS_MARK, '');
  if (root instanceof ShadowRoot) {
    target.prepend(link);
  } else {
    target.append(link);
  }
}
