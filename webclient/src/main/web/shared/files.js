// Images and files in a conversation (protocol section 9): upload with
// POST /api/conversations/{id}/files (raw body, X-File-Name URL-encoded), and the part of a
// message that shows a `file` {id, name, type, size, url}. The widget authenticates with the
// visitor token (X-Visitor-Token, so images are fetched into blob URLs); staff pages with their
// session cookie (plain <img src> and links work).
import { h, formatBytes } from './dom.js';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
const TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'text/plain']);
const EXT = /\.(png|jpe?g|gif|webp|pdf|txt)$/i;

/** Why a file cannot be sent ('fileTooLarge', 'fileType', 'fileEmpty'), or null when it may. */
export function checkFile(file) {
  if (file.size === 0) {
    return 'fileEmpty';
  }
  if (file.size > MAX_FILE_BYTES) {
    return 'fileTooLarge';
  }
  if (file.type ? !TYPES.has(file.type) : !EXT.test(file.name)) {
    return 'fileType';
  }
  return null;
}

/**
 * Uploads a file; resolves { ok: true, body } with the 201 answer ({fileId, seq, file}), or
 * { ok: false, status, code, message }.
 */
export async function uploadFile(origin, conversationId, file, headers = {}) {
  let r;
  try {
    r = await fetch(new URL(`/api/conversations/${encodeURIComponent(conversationId)}/files`, origin), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'x-file-name': encodeURIComponent(file.name), 'content-type': 'application/octet-stream', ...headers },
      body: file,
    });
  } catch {
    return { ok: false, status: 0, code: 'network', message: '' };
  }
  let body = null;
  try {
    body = await r.json();
  } catch {
    body = null;
  }
  if (r.status === 201 && body) {
    return { ok: true, body };
  }
  const err = body && body.error ? body.error : {};
  return { ok: false, status: r.status, code: err.code || `http_${r.status}`, message: err.message || '' };
}

/** The i18n key of a refused upload. */
export function uploadProblem(res) {
  if (res.status === 413 || res.code === 'too_large') {
    return 'fileTooLarge';
  }
  if (res.code === 'invalid_field') {
    return 'fileType';
  }
  if (res.code === 'not_allowed_now') {
    return 'fileNotNow';
  }
  return 'fileFailed';
}

/**
 * The element showing a message's file. `direct`: the page may use `file.url` as it is (staff
 * pages, with the cookie); otherwise `load(url)` resolves a blob URL (images at once, other files
 * on the first click).
 */
export function fileElement(file, { direct = false, load = null, downloadLabel = '' }) {
  const isImage = /^image\//.test(file.type || '');
  const box = h('div', { class: `file ${isImage ? 'file-image' : 'file-doc'}`, 'data-fl': 'file',
    'data-file': file.id || '', 'data-type': file.type || '' });
  if (isImage) {
    const img = h('img', { alt: file.name || '', 'data-fl': 'file-image' });
    const link = h('a', { target: '_blank', rel: 'noopener noreferrer', class: 'file-open', title: file.name || '' }, img);
    const show = (src) => {
      if (src) {
        img.src = src;
        link.href = src;
      } else {
        box.classList.add('is-broken');
        box.append(h('span', { class: 'file-name', text: file.name || '' }));
      }
    };
    if (direct) {
      show(file.url);
    } else {
      load(file.url).then(show);
    }
    box.append(link);
    return box;
  }
  const a = h('a', { class: 'file-link', 'data-fl': 'file-link', download: file.name || 'file', rel: 'noopener noreferrer',
    title: downloadLabel, href: direct ? file.url : null },
  h('span', { class: 'file-icon', 'aria-hidden': 'true', text: '📄' }),
  h('span', { class: 'file-name', text: file.name || '' }),
  h('span', { class: 'file-size', text: Number.isFinite(file.size) ? formatBytes(file.size) : '' }));
  if (!direct) {
    a.addEventListener('click', async (e) => {
      if (a.getAttribute('href')) {
        return;
      }
      e.preventDefault();
      const src = await load(file.url);
      if (src) {
        a.href = src;
        a.click();
      }
    });
  }
  box.append(a);
  return box;
}

/**
 * Fetches protected files with a header into blob URLs, once per address (the widget's way:
 * it has no cookie, and a token in a URL would end up in logs).
 */
export class BlobCache {
  constructor(origin, headers) {
    this.origin = origin;
    this.headers = headers; // () => object
    this.urls = new Map();
  }

  load(url) {
    if (!url) {
      return Promise.resolve(null);
    }
    if (!this.urls.has(url)) {
      this.urls.set(url, fetch(new URL(url, this.origin), { headers: this.headers() })
        .then((r) => (r.ok ? r.blob() : null))
        .then((b) => (b ? URL.createObjectURL(b) : null))
        .catch(() => null)
        .then((u) => {
          if (!u) {
            this.urls.delete(url); // try again next time
          }
          return u;
        }));
    }
    return this.urls.get(url);
  }
}
