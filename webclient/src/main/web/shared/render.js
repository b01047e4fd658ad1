// Conversation messages as the staff pages show them (console and supervisor).
import { h, renderText, formatTime } from './dom.js';

/**
 * A [data-fl=message] element for a message frame. `labels` gives the default author names:
 * { bot, visitor, agent, system }.
 */
export function messageElement(m, labels, lang) {
  const from = ['bot', 'agent', 'visitor', 'system'].includes(m.from) ? m.from : 'system';
  const li = h('li', { class: `msg from-${from}`, 'data-fl': 'message', 'data-from': from,
    'data-seq': m.seq ? String(m.seq) : null, 'data-state': m.state || 'sent' });
  if (from !== 'system') {
    li.append(h('span', { class: 'who', text: m.author && m.author.name ? m.author.name : labels[from] }));
  }
  li.append(renderText(h('div', { class: 'bubble' }), m.text));
  const chips = [...(m.menu || []).map((x) => x.label), ...(m.suggestions || []).map((x) => x.question)];
  if (chips.length) {
    li.append(h('div', { class: 'chips' }, ...chips.map((c) => h('span', { text: c }))));
  }
  li.append(h('div', { class: 'meta' }, h('time', { text: formatTime(m.ts, lang) }),
    h('span', { class: 'state' })));
  return li;
}

/** Inserts `li` into `list` in seq order (elements without a seq stay last). */
export function insertBySeq(list, li, seq) {
  let before = null;
  for (const other of list.children) {
    const s = Number(other.dataset.seq || 0);
    if (!other.dataset.seq && other.dataset.state && other.dataset.state !== 'sent') {
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
