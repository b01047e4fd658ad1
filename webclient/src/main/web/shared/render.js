// Conversation messages as the staff pages show them (console and supervisor).
import { h, renderText, formatTime } from './dom.js';
import { fileElement } from './files.js';

/**
 * A [data-fl=message] element for a message frame. `labels` gives the default author names:
 * { bot, visitor, agent, system }. A message with a `file` shows the image (or a download
 * link): staff pages fetch it with their session cookie.
 */
export function messageElement(m, labels, lang) {
  const from = ['bot', 'agent', 'visitor', 'system'].includes(m.from) ? m.from : 'system';
  const li = h('li', { class: `msg from-${from}`, 'data-fl': 'message', 'data-from': from,
    'data-seq': m.seq ? String(m.seq) : null, 'data-state': m.state || 'sent', 'data-ts': String(m.ts || Date.now()) });
  if (from !== 'system') {
    li.append(h('span', { class: 'who', text: m.author && m.author.name ? m.author.name : labels[from] }));
  }
  const bubble = h('div', { class: 'bubble' });
  if (m.file && typeof m.file === 'object' && m.file.url) {
    bubble.classList.add('has-file');
    bubble.append(fileElement(m.file, { direct: true, downloadLabel: labels.download || '' }));
  } else {
    renderText(bubble, m.text);
  }
  li.append(bubble);
  const chips = [...(m.menu || []).map((x) => x.label), ...(m.suggestions || []).map((x) => x.question)];
  if (chips.length) {
    li.append(h('div', { class: 'chips' }, ...chips.map((c) => h('span', { text: c }))));
  }
  li.append(h('div', { class: 'meta' }, h('time', { text: formatTime(m.ts, lang) }),
    h('span', { class: 'state' })));
  return li;
}

/**
 * An internal note, whisper or transfer note ([data-fl=note], or [data-fl=whisper] for
 * whispers): never shown to the visitor.
 */
export function noteElement({ kind = 'note', label = '', text, ts, state }) {
  const li = h('li', { class: kind === 'whisper' ? 'whisper' : 'note', 'data-fl': kind === 'whisper' ? 'whisper' : 'note',
    'data-kind': kind, 'data-ts': String(ts || Date.now()), 'data-state': state || null });
  if (label) {
    li.append(h('strong', { text: label }), ' ');
  }
  li.append(h('span', { class: 'note-text', text }));
  return li;
}

/** Inserts `li` into `list` in seq order (elements without a seq stay last). */
export function insertBySeq(list, li, seq) {
  let before = null;
  for (const other of list.children) {
    const s = Number(other.dataset.seq || 0);
    if (!other.dataset.seq && other.dataset.fl === 'message' && other.dataset.state && other.dataset.state !== 'sent') {
      before = other;
      break;
    }
    if (s > seq) {
      before = other;
      break;
    }
  }
  list.insertBefore(li, before);
}

/** Inserts `li` into `list` by its data-ts, after everything at the same time or earlier. */
export function insertByTime(list, li) {
  const ts = Number(li.dataset.ts || 0);
  const before = [...list.children].find((o) => o.dataset.ts && Number(o.dataset.ts) > ts) || null;
  list.insertBefore(li, before);
}
