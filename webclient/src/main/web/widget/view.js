// The widget's static structure inside its shadow root. Every hook a test or a host needs is a
// data-fl attribute; texts are filled by i18n.apply().
import { h } from '../shared/dom.js';
import { TICKET_KINDS } from '../shared/ticket-kinds.js';

/** The accept list of the file picker (the server checks the bytes again). */
export const FILE_ACCEPT = 'image/png,image/jpeg,image/gif,image/webp,application/pdf,text/plain,.txt,.pdf';

function field(labelKey, control) {
  return h('label', { class: 'field' }, h('span', { 'data-i18n': labelKey }), control);
}

function leaveSection() {
  const kind = h('select', { 'data-fl': 'leave-kind', name: 'kind' },
    ...TICKET_KINDS.map(([value, key]) => h('option', { value, 'data-i18n': key })));
  const form = h('form', { class: 'leave-form', 'data-fl': 'leave-message-body', novalidate: true },
    field('leaveKind', kind),
    field('leaveText', h('textarea', { 'data-fl': 'leave-text', name: 'text', rows: '3', maxlength: '4000',
      required: true, 'data-i18n-placeholder': 'leaveTextHint' })),
    h('div', { class: 'field-row' },
      field('leaveName', h('input', { 'data-fl': 'leave-name', name: 'name', maxlength: '128', autocomplete: 'name' })),
      field('leavePhone', h('input', { 'data-fl': 'leave-phone', name: 'phone', type: 'tel', maxlength: '64',
        autocomplete: 'tel' }))),
    field('leaveEmail', h('input', { 'data-fl': 'leave-email', name: 'email', type: 'email', maxlength: '254',
      autocomplete: 'email' })),
    h('p', { class: 'form-error', 'data-fl': 'leave-error', role: 'alert', hidden: true }),
    h('div', { class: 'form-buttons' },
      h('button', { type: 'button', class: 'link-btn', 'data-fl': 'leave-cancel', 'data-i18n': 'cancel' }),
      h('button', { type: 'submit', class: 'primary-btn', 'data-fl': 'leave-submit', 'data-i18n': 'leaveSubmit' })));
  // CONTRACT section 9: shown on no_agent, and from the 留言 button at any time.
  return h('section', { class: 'leave', 'data-fl': 'leave-message', hidden: true },
    h('p', { class: 'leave-text', 'data-fl': 'leave-reason', 'data-i18n': 'noAgent', hidden: true }),
    h('p', { class: 'leave-title', 'data-i18n': 'leaveTitle' }),
    form);
}

export function buildView(shadow, cssHref) {
  const link = h('link', { rel: 'stylesheet', href: cssHref });
  const launcher = h('button', { type: 'button', class: 'launcher', 'data-fl': 'launcher', 'aria-expanded': 'false',
    'aria-controls': 'fl-panel' },
  h('span', { class: 'launcher-icon', 'aria-hidden': 'true', text: '💬' }),
  h('span', { 'data-i18n': 'launcher' }),
  h('span', { class: 'badge', 'data-fl': 'unread', hidden: true }));
  // A proactive message while the panel is closed: a bubble above the launcher.
  const teaser = h('div', { class: 'teaser', 'data-fl': 'proactive-teaser', role: 'status', hidden: true },
    h('button', { type: 'button', class: 'teaser-text', 'data-fl': 'proactive-teaser-open' }),
    h('button', { type: 'button', class: 'teaser-close', 'data-fl': 'proactive-teaser-close',
      'data-i18n-title': 'dismiss', text: '×' }));

  const log = h('ol', { class: 'log', 'data-fl': 'log', role: 'log', 'aria-live': 'polite' });
  const banner = h('div', { class: 'banner', 'data-fl': 'connection', role: 'status', hidden: true });
  const queue = h('div', { class: 'notice queue', 'data-fl': 'queue', role: 'status', hidden: true });
  const notice = h('div', { class: 'notice', 'data-fl': 'notice', role: 'status', hidden: true });
  const inactivity = h('div', { class: 'notice warn', 'data-fl': 'inactivity', role: 'alert', hidden: true });
  const typing = h('div', { class: 'typing', 'data-fl': 'agent-typing', 'aria-live': 'polite', hidden: true });
  const proactive = h('div', { class: 'proactive-holder', 'data-fl': 'proactive-holder' });
  const uploadError = h('div', { class: 'notice error', 'data-fl': 'upload-error', role: 'alert', hidden: true });
  const leave = leaveSection();
  const tickets = h('details', { class: 'tickets', 'data-fl': 'tickets', hidden: true },
    h('summary', {}, h('span', { 'data-i18n': 'myTickets' }), ' ', h('span', { class: 'count', 'data-fl': 'ticket-count' })),
    h('p', { class: 'ticket-created', 'data-fl': 'ticket-created', role: 'status', hidden: true }),
    h('ul', { class: 'ticket-list', 'data-fl': 'ticket-list' }));

  const scores = h('div', { class: 'scores', role: 'group' });
  for (let s = 1; s <= 5; s++) {
    scores.append(h('button', { type: 'button', class: 'score', 'data-fl': 'rate-score', 'data-score': String(s) },
      h('span', { class: 'star', 'aria-hidden': 'true', text: '★'.repeat(s) }),
      h('span', { class: 'score-label', 'data-i18n': `rate${s}` })));
  }
  const rateComment = h('textarea', { class: 'rate-comment', 'data-fl': 'rate-comment', rows: '2', maxlength: '1000',
    'data-i18n-placeholder': 'rateComment' });
  const rate = h('section', { class: 'rate', 'data-fl': 'rate', hidden: true },
    h('p', { class: 'rate-title', 'data-i18n': 'rateTitle' }), rateComment, scores);
  const rated = h('p', { class: 'rated', 'data-fl': 'rated', 'data-i18n': 'rated', role: 'status', hidden: true });

  const input = h('textarea', { class: 'input', 'data-fl': 'input', rows: '2', maxlength: '4000',
    'data-i18n-placeholder': 'input', 'aria-label': 'message' });
  const send = h('button', { type: 'button', class: 'send', 'data-fl': 'send', 'data-i18n': 'send' });
  const human = h('button', { type: 'button', class: 'tool', 'data-fl': 'human', 'data-i18n': 'human' });
  const leaveOpen = h('button', { type: 'button', class: 'tool', 'data-fl': 'leave-open', 'data-i18n': 'leaveMessage' });
  // The self-service panel (常见问题), mounted from shared/kb-panel.js the first time it opens.
  const kbOpen = h('button', { type: 'button', class: 'tool', 'data-fl': 'kb-open', 'data-i18n': 'help',
    'aria-expanded': 'false', 'aria-controls': 'fl-kb' });
  const kb = h('section', { class: 'kb', id: 'fl-kb', 'data-fl': 'kb', hidden: true });
  const fileInput = h('input', { type: 'file', class: 'file-input', 'data-fl': 'file-input', accept: FILE_ACCEPT,
    tabindex: '-1', 'aria-hidden': 'true' });
  const attach = h('button', { type: 'button', class: 'tool', 'data-fl': 'attach', 'data-i18n': 'attach',
    'data-i18n-title': 'attachTitle' });
  const dnt = h('input', { type: 'checkbox', 'data-fl': 'dnt' });
  const privacy = h('label', { class: 'privacy', 'data-fl': 'privacy', 'data-i18n-title': 'dntTitle' }, dnt,
    h('span', { 'data-i18n': 'dnt' }));

  const lang = h('button', { type: 'button', class: 'head-btn', 'data-fl': 'lang', 'data-i18n': 'lang',
    'data-i18n-title': 'langTitle' });
  const end = h('button', { type: 'button', class: 'head-btn', 'data-fl': 'close', 'data-i18n': 'end' });
  const minimize = h('button', { type: 'button', class: 'head-btn icon', 'data-fl': 'minimize',
    'data-i18n-title': 'minimize', text: '—' });

  const panel = h('section', { class: 'panel', id: 'fl-panel', role: 'dialog', 'aria-labelledby': 'fl-title',
    'data-fl': 'panel', hidden: true },
  h('header', { class: 'head' },
    h('div', { class: 'head-text' },
      h('strong', { id: 'fl-title', 'data-i18n': 'title' }),
      h('span', { class: 'subtitle', 'data-i18n': 'subtitle' })),
    lang, end, minimize),
  banner,
  kb,
  log,
  h('div', { class: 'below-log' }, proactive, queue, notice, inactivity, typing, uploadError, leave, tickets, rate, rated),
  h('footer', { class: 'composer' },
    h('div', { class: 'tools' }, human, kbOpen, leaveOpen, attach, fileInput, privacy),
    h('div', { class: 'row' }, input, send)));

  const root = h('div', { class: 'fl-root' }, launcher, teaser, panel);
  shadow.append(link, root);
  const $ = (fl) => root.querySelector(`[data-fl=${fl}]`);
  return { link, root, launcher, teaser, panel, log, banner, queue, notice, inactivity, typing, proactive, uploadError,
    leave, tickets, rate, rateComment, scores, rated, input, send, human, leaveOpen, kbOpen, kb, attach, fileInput, dnt,
    privacy,
    lang, end, minimize, unread: $('unread'), $ };
}
