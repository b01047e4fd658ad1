// One entry open for editing: the content fields, the workflow buttons the user's role allows,
// the conflict message (a save based on an old version answers 409), the preview box and the
// version history. Keys: Ctrl+S (⌘S) saves; Enter in a similar question adds the next row,
// Backspace in an empty one removes it.
import { h } from '../shared/dom.js';
import { previewBox } from './preview.js';
import { versionHistory } from './versions.js';
import {
  confirmButton, dateTime, errorOf, field, fromLocalInput, notice, splitList, statusBadge, toLocalInput,
} from './util.js';

const CHANNEL_RE = /^[a-z0-9_-]{1,32}$/;

export function entryForm(ctx, { back, categories }) {
  const { i18n, api, can, nav } = ctx;
  const t = i18n.t;
  let entry = null; // the entry view as last read or written; null for a new entry
  let dirty = false;
  let loading = 0;

  const title = h('h2', { 'data-fl': 'entry-title' });
  const meta = h('div', { class: 'entry-meta', 'data-fl': 'entry-meta' });
  const idInput = h('input', { 'data-fl': 'entry-id', maxlength: '64', pattern: '[A-Za-z0-9_.:@-]{1,64}',
    'data-i18n-placeholder': 'idHint' });
  const idField = field('fieldId', idInput);
  const question = h('input', { 'data-fl': 'entry-question', maxlength: '1000', required: true });
  const similarList = h('ol', { class: 'similar', 'data-fl': 'entry-similar' });
  const addSimilar = h('button', { type: 'button', 'data-fl': 'similar-add', 'data-i18n': 'addSimilar',
    on: { click: () => similarRow('', { focus: true }) } });
  const answer = h('textarea', { 'data-fl': 'entry-answer', maxlength: '8000', rows: '6' });
  const category = h('input', { 'data-fl': 'entry-category', maxlength: '128', list: 'fl-categories' });
  const tags = h('input', { 'data-fl': 'entry-tags', maxlength: '500' });
  const channels = h('input', { 'data-fl': 'entry-channels', maxlength: '400' });
  const validFrom = h('input', { type: 'datetime-local', 'data-fl': 'entry-valid-from' });
  const validUntil = h('input', { type: 'datetime-local', 'data-fl': 'entry-valid-until' });
  const imageUrl = h('input', { type: 'url', 'data-fl': 'entry-image', maxlength: '2000', placeholder: 'https://' });
  const note = h('input', { 'data-fl': 'entry-note', maxlength: '1000', 'data-i18n-placeholder': 'noteHint' });

  const message = notice();
  message.setAttribute('data-fl', 'entry-message');
  const conflict = h('div', { class: 'conflict', 'data-fl': 'entry-conflict', role: 'alert', hidden: true },
    h('p', { 'data-i18n': 'conflictText' }),
    h('p', { class: 'muted', 'data-fl': 'entry-conflict-detail' }),
    h('button', { type: 'button', 'data-fl': 'entry-reload', 'data-i18n': 'conflictReload',
      on: { click: () => reload() } }),
    h('button', { type: 'button', 'data-fl': 'entry-keep', 'data-i18n': 'conflictKeep',
      on: { click: () => { conflict.hidden = true; } } }));

  const saveButton = h('button', { type: 'submit', class: 'primary', 'data-fl': 'entry-save' });
  const submitButton = h('button', { type: 'button', 'data-fl': 'entry-submit', 'data-i18n': 'submitReview',
    on: { click: () => step('submit') } });
  const publishButton = h('button', { type: 'button', class: 'primary', 'data-fl': 'entry-publish', 'data-i18n': 'publish',
    on: { click: () => step('publish') } });
  const rejectButton = h('button', { type: 'button', 'data-fl': 'entry-reject', 'data-i18n': 'reject',
    on: { click: () => step('reject') } });
  const archiveButton = confirmButton({ 'data-fl': 'entry-archive' }, 'archive', 'archiveSure', t, () => remove('archive'));
  const deleteButton = confirmButton({ class: 'danger', 'data-fl': 'entry-delete' }, 'delete', 'deleteSure', t,
    () => remove('delete'));
  const backButton = h('button', { type: 'button', 'data-fl': 'entry-back', 'data-i18n': 'backToList',
    on: { click: () => back() } });

  const preview = previewBox(ctx, () => ({ ...content(), id: entry ? entry.id : (idInput.value.trim() || undefined) }));
  const versions = versionHistory(ctx);

  const form = h('form', { class: 'entry-form', 'data-fl': 'entry-form', novalidate: true },
    idField,
    field('fieldQuestion', question),
    h('fieldset', { class: 'field' }, h('legend', { class: 'label', 'data-i18n': 'fieldSimilar' }), similarList, addSimilar,
      h('span', { class: 'hint', 'data-i18n': 'similarHint' })),
    field('fieldAnswer', answer, 'answerHint'),
    h('div', { class: 'row' }, field('fieldCategory', category), field('fieldTags', tags, 'listHint')),
    h('div', { class: 'row' }, field('fieldChannels', channels, 'channelsHint'), field('fieldImage', imageUrl)),
    h('div', { class: 'row' }, field('fieldValidFrom', validFrom), field('fieldValidUntil', validUntil)),
    field('fieldNote', note),
    conflict,
    message,
    h('div', { class: 'actions' }, saveButton, submitButton, publishButton, rejectButton, archiveButton, deleteButton,
      backButton));

  const el = h('div', { class: 'entry-view', 'data-fl': 'entry-view', hidden: true },
    h('div', { class: 'entry-head' }, title, meta),
    h('div', { class: 'entry-grid' },
      h('div', { class: 'entry-main' }, form),
      h('aside', { class: 'entry-side' }, preview.el, versions.el)));

  // --- similar questions ---------------------------------------------------------------
  function similarRow(text, { focus = false, after = null } = {}) {
    const input = h('input', { 'data-fl': 'similar-input', maxlength: '500', value: text });
    input.value = text;
    const remove = h('button', { type: 'button', class: 'icon', 'data-fl': 'similar-remove', text: '×',
      'data-i18n-title': 'removeSimilar', title: t('removeSimilar'), 'aria-label': t('removeSimilar') });
    const li = h('li', { 'data-fl': 'similar-row' }, input, remove);
    remove.addEventListener('click', () => {
      const sibling = li.nextElementSibling || li.previousElementSibling;
      li.remove();
      changed();
      (sibling ? sibling.querySelector('input') : addSimilar).focus();
    });
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.isComposing) {
        e.preventDefault();
        similarRow('', { focus: true, after: li });
      } else if (e.key === 'Backspace' && input.value === '' && similarList.children.length > 1) {
        e.preventDefault();
        const prev = li.previousElementSibling || li.nextElementSibling;
        li.remove();
        changed();
        prev.querySelector('input').focus();
      }
    });
    if (after) {
      after.after(li);
    } else {
      similarList.append(li);
    }
    if (focus) {
      input.focus();
    }
    return li;
  }

  // --- reading and writing the fields --------------------------------------------------
  function fill(c) {
    question.value = c.question || '';
    similarList.replaceChildren();
    for (const s of c.similar || []) {
      similarRow(s);
    }
    if (!similarList.children.length) {
      similarRow('');
    }
    answer.value = c.answer || '';
    category.value = c.category || '';
    tags.value = (c.tags || []).join(', ');
    channels.value = (c.channels || []).join(', ');
    validFrom.value = toLocalInput(c.validFrom);
    validUntil.value = toLocalInput(c.validUntil);
    imageUrl.value = c.imageUrl || '';
    note.value = '';
  }

  /** The content the fields hold now. */
  function content() {
    return {
      question: question.value.trim(),
      similar: [...similarList.querySelectorAll('[data-fl=similar-input]')].map((i) => i.value.trim()).filter(Boolean),
      answer: answer.value.trim(),
      category: category.value.trim(),
      tags: splitList(tags.value),
      channels: splitList(channels.value, { spaces: true }).map((c) => c.toLowerCase()),
      validFrom: fromLocalInput(validFrom.value),
      validUntil: fromLocalInput(validUntil.value),
      imageUrl: imageUrl.value.trim() || null,
    };
  }

  /** A problem the server would refuse anyway, said in the editor's words; or null. */
  function invalid(c) {
    if (!c.question) {
      return { key: 'needQuestion', focus: question };
    }
    const bad = c.channels.find((x) => !CHANNEL_RE.test(x));
    if (bad) {
      return { key: 'badChannel', params: { name: bad }, focus: channels };
    }
    if (c.imageUrl && !/^https?:\/\/\S+$/i.test(c.imageUrl)) {
      return { key: 'badImage', focus: imageUrl };
    }
    if (c.validFrom !== null && c.validUntil !== null && c.validUntil <= c.validFrom) {
      return { key: 'badValidity', focus: validUntil };
    }
    const id = idInput.value.trim();
    if (!entry && id && !/^[A-Za-z0-9_.:@-]{1,64}$/.test(id)) {
      return { key: 'badId', focus: idInput };
    }
    return null;
  }

  function changed() {
    dirty = true;
    renderActions();
  }
  form.addEventListener('input', changed);

  function renderMeta() {
    meta.replaceChildren();
    if (!entry) {
      title.textContent = t('newEntry');
      meta.append(h('span', { class: 'muted', text: can.publish ? t('newPublishes') : t('newDraft') }));
      return;
    }
    title.textContent = entry.question;
    const pending = entry.status === 'draft' || entry.status === 'review';
    meta.append(
      h('span', { 'data-fl': 'entry-status', 'data-status': entry.status }, statusBadge(entry.status, t)),
      h('span', { text: t('versionOf', { v: entry.version }) }),
      h('span', { text: t(`change_${entry.change}`) }),
      h('span', { 'data-fl': 'entry-updated-by', text: t('byAt', { who: entry.updatedBy || '', at: dateTime(entry.updatedAt, i18n.lang) }) }),
      h('span', { class: 'muted', text: entry.id }));
    if (pending && entry.live) {
      meta.append(h('p', { class: 'live-note', text: t('pendingLive', { v: entry.publishedVersion }) }));
    } else if (pending) {
      meta.append(h('p', { class: 'live-note', text: t('pendingNotLive') }));
    }
    if (entry.live) {
      meta.append(h('span', { class: 'muted', text: t('counters', { clicks: entry.clicks, yes: entry.helpful, no: entry.unhelpful }) }));
    }
  }

  function renderActions() {
    const pending = entry && (entry.status === 'draft' || entry.status === 'review');
    saveButton.textContent = can.publish ? t('savePublish') : t('saveDraft');
    saveButton.hidden = !can.write;
    saveButton.disabled = Boolean(entry) && !dirty;
    submitButton.hidden = !(can.write && !can.publish && entry && entry.status === 'draft');
    submitButton.disabled = dirty;
    submitButton.title = dirty ? t('saveFirst') : '';
    publishButton.hidden = !(can.publish && pending);
    publishButton.disabled = dirty;
    publishButton.title = dirty ? t('saveFirst') : '';
    rejectButton.hidden = !(can.publish && entry && entry.status === 'review');
    archiveButton.hidden = !(can.write && entry && entry.status !== 'archived');
    deleteButton.hidden = !(can.write && entry);
    idField.hidden = Boolean(entry);
    for (const c of form.querySelectorAll('input, textarea')) {
      if (c !== note) {
        c.readOnly = !can.write;
      }
    }
    note.closest('label').hidden = !(can.write || can.publish) || !entry;
    addSimilar.hidden = !can.write;
    for (const b of similarList.querySelectorAll('[data-fl=similar-remove]')) {
      b.hidden = !can.write;
    }
  }

  function show(e) {
    entry = e;
    dirty = false;
    conflict.hidden = true;
    fill(e || {});
    renderMeta();
    renderActions();
    if (e) {
      categories([e.category]);
      versions.load(e.id);
    } else {
      versions.clear();
    }
    preview.reset(e ? [e.question, ...(e.similar || []).slice(0, 2)] : []);
  }

  async function fetchEntry(id) {
    const r = await api(`/api/faq/${encodeURIComponent(id)}`);
    if (r.status !== 200) {
      const err = new Error(errorOf(r));
      err.status = r.status;
      throw err;
    }
    return r.body;
  }

  async function open(id) {
    const mine = ++loading;
    message.clear();
    title.textContent = id;
    meta.replaceChildren();
    form.hidden = true;
    try {
      const e = await fetchEntry(id);
      if (mine !== loading) {
        return;
      }
      form.hidden = false;
      show(e);
      question.focus();
    } catch (err) {
      if (mine !== loading) {
        return;
      }
      form.hidden = true;
      versions.clear();
      meta.replaceChildren(h('p', { class: 'error', role: 'alert', 'data-fl': 'entry-load-error',
        text: err.status === 404 ? t('entryGone', { id }) : t('failed', { why: err.message }) }),
      h('button', { type: 'button', 'data-i18n': 'backToList', text: t('backToList'), on: { click: () => back() } }));
    }
  }

  async function reload() {
    if (!entry) {
      return;
    }
    const e = await fetchEntry(entry.id);
    show(e);
    message.show(t('reloaded', { v: e.version }));
  }

  // --- writes --------------------------------------------------------------------------
  async function save() {
    if (!can.write) {
      return;
    }
    const c = content();
    const problem = invalid(c);
    if (problem) {
      message.show(t(problem.key, problem.params), 'error');
      problem.focus.focus();
      return;
    }
    saveButton.disabled = true;
    message.clear();
    try {
      let r;
      if (entry) {
        const body = { ...c, baseVersion: entry.version };
        if (note.value.trim()) {
          body.note = note.value.trim();
        }
        r = await api(`/api/faq/${encodeURIComponent(entry.id)}`, { method: 'PUT', body });
        if (r.status === 409) {
          conflict.querySelector('[data-fl=entry-conflict-detail]').textContent = errorOf(r);
          conflict.hidden = false;
          conflict.querySelector('[data-fl=entry-reload]').focus();
          return;
        }
        if (r.status !== 200) {
          throw new Error(errorOf(r));
        }
        show(r.body);
      } else {
        const body = { ...c };
        const id = idInput.value.trim();
        if (id) {
          body.id = id;
        }
        r = await api('/api/faq', { method: 'POST', body });
        if (r.status !== 201) {
          throw new Error(errorOf(r));
        }
        show(await fetchEntry(r.body.id));
        nav.mark('entries', r.body.id);
      }
      message.show(entry.status === 'published' ? t('savedPublished', { v: entry.version })
        : t('savedDraft', { v: entry.version }));
      nav.emit('changed', { id: entry.id });
    } catch (err) {
      message.show(t('failed', { why: err.message }), 'error');
    } finally {
      renderActions();
    }
  }

  async function step(kind) {
    if (!entry) {
      return;
    }
    const body = note.value.trim() ? { note: note.value.trim() } : {};
    const r = await api(`/api/faq/${encodeURIComponent(entry.id)}/${kind}`, { method: 'POST', body });
    if (r.status !== 200) {
      message.show(t('failed', { why: errorOf(r) }), 'error');
      return;
    }
    show(r.body);
    message.show(t(`done_${kind}`));
    nav.emit('changed', { id: entry.id });
  }

  async function remove(kind) {
    if (!entry) {
      return;
    }
    const path = `/api/faq/${encodeURIComponent(entry.id)}${kind === 'archive' ? '/archive' : ''}`;
    const r = await api(path, { method: kind === 'archive' ? 'POST' : 'DELETE' });
    if (r.status !== 200) {
      message.show(t('failed', { why: errorOf(r) }), 'error');
      return;
    }
    nav.emit('changed', { id: entry.id });
    if (r.body.status === 'deleted') {
      back();
      return;
    }
    show(await fetchEntry(entry.id));
    message.show(r.body.status === 'draft' ? t('removeDraft') : t(`done_${kind}`));
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    save();
  });
  el.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && (e.key === 's' || e.key === 'S')) {
      e.preventDefault();
      if (!saveButton.hidden && !saveButton.disabled) {
        save();
      }
    }
  });
  i18n.onChange(() => {
    renderMeta();
    renderActions();
  });
  nav.on('review-setting', () => {
    renderMeta();
    renderActions();
  });

  return {
    el,
    open,
    openNew() {
      ++loading;
      form.hidden = false;
      message.clear();
      show(null);
      idInput.value = '';
      question.focus();
    },
    close() {
      ++loading;
    },
    get dirty() {
      return dirty;
    },
  };
}
