// Small DOM helpers shared by the widget and the staff pages. User-provided text is only ever
// set with textContent; links are built as elements with checked http(s) addresses.

/**
 * Creates an element. props: attributes (string values), `text` (textContent), `class`,
 * `on` (an object of event listeners). Children: nodes or strings (as text).
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === null || v === undefined || v === false) {
      continue;
    }
    if (k === 'text') {
      el.textContent = String(v);
    } else if (k === 'on') {
      for (const [ev, fn] of Object.entries(v)) {
        el.addEventListener(ev, fn);
      }
    } else if (v === true) {
      el.setAttribute(k, '');
    } else {
      el.setAttribute(k, String(v));
    }
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) {
      continue;
    }
    el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
  return el;
}

const URL_RE = /https?:\/\/[^\s<>"'`，。！？；、（）《》【】「」]+/giu;
const TRAILING = /[.,;:!?)\]}'"]+$/u;

/**
 * Fills `el` with `text` as plain text, turning http(s) URLs into links that open in a new tab
 * without access to this page. Nothing in `text` is ever parsed as HTML.
 */
export function renderText(el, text) {
  el.replaceChildren();
  const s = String(text ?? '');
  let last = 0;
  for (const m of s.matchAll(URL_RE)) {
    let raw = m[0];
    const trail = raw.match(TRAILING);
    if (trail) {
      raw = raw.slice(0, raw.length - trail[0].length);
    }
    const href = safeHref(raw);
    if (!href) {
      continue;
    }
    if (m.index > last) {
      el.append(document.createTextNode(s.slice(last, m.index)));
    }
    const a = document.createElement('a');
    a.href = href;
    a.target = '_blank';
    a.rel = 'noopener noreferrer nofollow';
    a.textContent = raw;
    el.append(a);
    last = m.index + raw.length;
  }
  if (last < s.length) {
    el.append(document.createTextNode(s.slice(last)));
  }
  return el;
}

/** The address if it is a well-formed http(s) URL, else null. */
export function safeHref(raw) {
  try {
    const u = new URL(raw);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** hh:mm of an epoch-ms time, in the given language. */
export function formatTime(ts, lang) {
  const d = new Date(ts || Date.now());
  return d.toLocaleTimeString(lang === 'en' ? 'en-GB' : 'zh-CN', { hour: '2-digit', minute: '2-digit' });
}

/** Month, day and hh:mm of an epoch-ms time (today: hh:mm only). */
export function formatDateTime(ts, lang) {
  const d = new Date(ts || Date.now());
  const loc = lang === 'en' ? 'en-GB' : 'zh-CN';
  const time = d.toLocaleTimeString(loc, { hour: '2-digit', minute: '2-digit' });
  if (d.toDateString() === new Date().toDateString()) {
    return time;
  }
  return `${d.toLocaleDateString(loc, { month: '2-digit', day: '2-digit' })} ${time}`;
}

/**
 * Calls fn now and then every `ms` while the page is visible (a hidden tab asks nothing).
 * Returns a function that stops it.
 */
export function poll(fn, ms) {
  fn();
  const timer = setInterval(() => {
    if (!document.hidden) {
      fn();
    }
  }, ms);
  return () => clearInterval(timer);
}

/** A time span as 42s or 3m05s (waiting times). */
export function formatDuration(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/** A byte count as B, KB or MB. */
export function formatBytes(n) {
  if (n < 1024) {
    return `${n} B`;
  }
  return n < 1024 * 1024 ? `${(n / 1024).toFixed(0)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Calls fn at most once per `ms`, first call at once, and always ends with the latest
 * arguments (trailing edge), so the last state is never lost.
 */
export function throttle(fn, ms) {
  let last = 0;
  let timer = null;
  let pending = null;
  const run = () => {
    timer = null;
    last = Date.now();
    const args = pending;
    pending = null;
    fn(...args);
  };
  const throttled = (...args) => {
    pending = args;
    if (timer) {
      return;
    }
    const wait = last + ms - Date.now();
    if (wait <= 0) {
      run();
    } else {
      timer = setTimeout(run, wait);
    }
  };
  throttled.cancel = () => {
    clearTimeout(timer);
    timer = null;
    pending = null;
  };
  return throttled;
}

/** A unique id for an outgoing message (the server de-duplicates on it). */
export function newClientId(prefix) {
  const rnd = globalThis.crypto && crypto.randomUUID ? crypto.randomUUID()
    : Date.now().toString(36) + Math.random().toString(36).slice(2);
  return `${prefix}-${rnd}`;
}
