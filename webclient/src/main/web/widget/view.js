// The widget's static structure inside its shadow root. Every hook a test or a host needs is a
// data-fl attribute; texts are filled by i18n.apply().
import { h } from '../shared/dom.js';

export function buildView(shadow, cssHref) {
  const link = h('link', { rel: 'stylesheet', href: cssHref });
  const launcher = h('button', { type: 'button', class: 'launcher', 'data-fl': 'launcher', 'aria-expanded': 'false',
    'aria-controls': 'fl-panel' },
  h('span', { class: 'launcher-icon', 'aria-hidden': 'true', text: '💬' }),
  h('span', { 'data-i18n': 'launcher' }),
  h('span', { class: 'badge', 'data-fl': 'unread', hidden: true }));

  const log = h('ol', { class: 'log', 'data-fl': 'log', role: 'log', 'aria-live': 'polite' });
  const banner = h('div', { class: 'banner', 'data-fl': 'connection', role: 'status', hidden: true });
  const queue = h('div', { class: 'notice queue', 'data-fl': 'queue', role: 'status', hidden: true });
  const notice = h('div', { class: 'notice', 'data-fl': 'notice', role: 'status', hidden: true });
  const typing = h('div', { class: 'typing', 'data-fl': 'agent-typing', 'aria-live': 'polite', hidden: true });

  // Section 9 of the contract (leave a message) plugs in here: shown on no_agent.
  const leave = h('section', { class: 'leave', 'data-fl': 'leave-message', hidden: true },
    h('p', { class: 'leave-text', 'data-i18n': 'noAgent' }),
    h('div', { class: 'leave-body', 'data-fl': 'leave-message-body' }));

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
  const human = h('button', { type: 'button', class: 'human', 'data-fl': 'human', 'data-i18n': 'human' });

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
  log,
  h('div', { class: 'below-log' }, queue, notice, typing, leave, rate, rated),
  h('footer', { class: 'composer' },
    h('div', { class: 'tools' }, human),
    h('div', { class: 'row' }, input, send)));

  const root = h('div', { class: 'fl-root' }, launcher, panel);
  shadow.append(link, root);
  return { link, root, launcher, panel, log, banner, queue, notice, typing, leave, rate, rateComment, scores, rated,
    input, send, human, lang, end, minimize, unread: launcher.querySelector('[data-fl=unread]') };
}
