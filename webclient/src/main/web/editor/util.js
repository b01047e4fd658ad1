// Small helpers the editor's panels share.
import { h } from '../shared/dom.js';

/** The server's error message of an API answer (or the status). */
export function errorOf(r) {
  return (r && r.body && r.body.error && r.body.error.message) || `HTTP ${r ? r.status : '?'}`;
}

/** Throws an Error carrying the server's message unless the answer has one of the statuses. */
export function expect(r, ...ok) {
  if (!(ok.length ? ok : [200]).includes(r.status)) {
    const e = new Error(errorOf(r));
    e.status = r.status;
    e.code = r.body && r.body.error ? r.body.error.code : null;
    throw e;
  }
  return r.body;
}

/** Date and time of an epoch-ms value, in the page's language. */
export function dateTime(ts, lang) {
  if (ts === null || ts === undefined) {
    return '';
  }
  return new Date(ts).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', {
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  });
}

/** epoch ms -> the value of an <input type=datetime-local> (local time), or ''. */
export function toLocalInput(ts) {
  if (ts === null || ts === undefined) {
    return '';
  }
  const d = new Date(ts);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** The value of an <input type=datetime-local> -> epoch ms, or null when empty. */
export function fromLocalInput(v) {
  if (!v) {
    return null;
  }
  const ms = new Date(v).getTime();
  return Number.isFinite(ms) ? ms : null;
}

/** Calls fn once the calls have paused for `ms`. */
export function debounce(fn, ms) {
  let timer = null;
  const d = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  d.cancel = () => clearTimeout(timer);
  return d;
}

/** A status pill: draft, review, published, archived, deleted, superseded. */
export function statusBadge(status, t) {
  return h('span', { class: 'status', 'data-status': status, text: t(`status_${status}`) });
}

/**
 * A button that asks once more before doing something that cannot be undone: the first press
 * turns it into "sure?" for 4 s, the second does it. No modal dialog, works from the keyboard.
 */
export function confirmButton(props, labelKey, sureKey, t, action) {
  const b = h('button', { type: 'button', ...props, text: t(labelKey) });
  let armed = null;
  b.addEventListener('click', () => {
    if (armed) {
      clearTimeout(armed);
      armed = null;
      b.textContent = t(labelKey);
      b.removeAttribute('data-armed');
      action();
      return;
    }
    b.textContent = t(sureKey);
    b.setAttribute('data-armed', '');
    armed = setTimeout(() => {
      armed = null;
      b.textContent = t(labelKey);
      b.removeAttribute('data-armed');
    }, 4000);
  });
  return b;
}

/** Splits a list typed in one box (commas, Chinese commas, semicolons, new lines). */
export function splitList(s, { spaces = false } = {}) {
  return String(s || '').split(spaces ? /[,，、;；|\s]+/u : /[,，、;；|\n]+/u).map((x) => x.trim()).filter(Boolean);
}

/** A labelled form field: the label's i18n key, the control, an optional hint's key. */
export function field(labelKey, control, hintKey) {
  return h('label', { class: 'field' },
    h('span', { class: 'label', 'data-i18n': labelKey }), control,
    hintKey ? h('span', { class: 'hint', 'data-i18n': hintKey }) : null);
}

/** A short-lived message at the bottom of the page (role=status). */
export function toast(text) {
  let el = document.querySelector('[data-fl=toast]');
  if (!el) {
    el = h('div', { class: 'toast', 'data-fl': 'toast', role: 'status' });
    document.body.append(el);
  }
  el.textContent = text;
  el.hidden = false;
  clearTimeout(el.timer);
  el.timer = setTimeout(() => {
    el.hidden = true;
  }, 3500);
}

/** A line saying something went right (ok) or wrong, shown in place. */
export function notice() {
  const el = h('p', { class: 'notice', role: 'status', 'aria-live': 'polite', hidden: true });
  el.show = (text, kind = 'ok') => {
    el.textContent = text;
    el.dataset.kind = kind;
    el.setAttribute('role', kind === 'error' ? 'alert' : 'status');
    el.hidden = false;
  };
  el.clear = () => {
    el.hidden = true;
    el.textContent = '';
  };
  return el;
}
