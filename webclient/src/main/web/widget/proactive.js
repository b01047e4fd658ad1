// Proactive messages: {"type":"proactive","ruleId","action"} chosen by the server's rules. Shown
// as a card above the composer (and as a bubble over the launcher while the panel is closed);
// the widget records proactive_shown once and proactive_clicked when the visitor acts on it.
import { h, renderText, safeHref } from '../shared/dom.js';

export class ProactiveView {
  /** @param {object} w the widget: v, i18n, socket, track(), setOpen(), askHuman(), sendText() */
  constructor(w) {
    this.w = w;
    this.v = w.v;
    this.current = null; // { ruleId, action }
  }

  wire() {
    this.v.$('proactive-teaser-open').addEventListener('click', () => {
      this.v.teaser.hidden = true;
      this.w.setOpen(true, true);
    });
    this.v.$('proactive-teaser-close').addEventListener('click', () => this.dismiss());
  }

  show(f) {
    const action = f.action && typeof f.action === 'object' ? f.action : null;
    if (!f.ruleId || !action) {
      return;
    }
    this.current = { ruleId: f.ruleId, action };
    this.render();
    this.w.track('proactive_shown', { ruleId: f.ruleId, action: action.type });
  }

  /** The card's text: the rule's, or a default for the action. */
  text(action) {
    if (action.text) {
      return action.text;
    }
    return action.type === 'offer_human' ? this.w.i18n.t('proactiveOffer')
      : action.type === 'faq' ? this.w.i18n.t('proactiveFaq') : action.label || '';
  }

  render() {
    const c = this.current;
    const holder = this.v.proactive;
    if (!c) {
      holder.replaceChildren();
      this.v.teaser.hidden = true;
      return;
    }
    const { ruleId, action } = c;
    const t = this.w.i18n.t;
    const card = h('div', { class: 'proactive', 'data-fl': 'proactive', 'data-rule': ruleId, 'data-action': action.type,
      role: 'status' },
    h('button', { type: 'button', class: 'proactive-close', 'data-fl': 'proactive-dismiss', title: t('dismiss'),
      'aria-label': t('dismiss'), text: '×', on: { click: () => this.dismiss() } }),
    h('p', { class: 'proactive-text', text: this.text(action) }));
    const buttons = h('div', { class: 'proactive-actions' });
    if (action.type === 'offer_human') {
      buttons.append(h('button', { type: 'button', class: 'primary-btn', 'data-fl': 'proactive-human',
        text: action.label || t('proactiveHumanButton'), on: { click: () => this.clicked(() => this.w.askHuman()) } }));
    } else if (action.type === 'link' && safeHref(action.url)) {
      buttons.append(h('a', { class: 'primary-btn', 'data-fl': 'proactive-link', href: safeHref(action.url),
        target: '_blank', rel: 'noopener noreferrer', text: action.label || t('proactiveLinkButton'),
        on: { click: () => this.clicked(null, false) } }));
    } else if (action.type === 'faq' && action.faqId) {
      buttons.append(h('button', { type: 'button', class: 'primary-btn', 'data-fl': 'proactive-faq',
        text: action.label || t('proactiveFaqButton'), on: { click: () => this.clicked(() => this.openFaq(action, card), false) } }));
    }
    if (buttons.childElementCount) {
      card.append(buttons);
    }
    holder.replaceChildren(card);
    if (this.v.panel.hidden) {
      this.v.$('proactive-teaser-open').textContent = this.text(action);
      this.v.teaser.hidden = false;
    }
  }

  /** Records the click, then does `then`; the card goes away unless `keep`. */
  clicked(then, close = true) {
    const c = this.current;
    if (!c) {
      return;
    }
    this.w.track('proactive_clicked', { ruleId: c.ruleId, action: c.action.type });
    if (then) {
      then();
    }
    if (close) {
      this.current = null;
      this.render();
    }
  }

  /**
   * An FAQ entry: the knowledge API's public entry (when this server has it) shown in the card;
   * otherwise the rule's text goes to the bot as the visitor's question.
   */
  async openFaq(action, card) {
    try {
      const r = await fetch(new URL(`/api/kb/entries/${encodeURIComponent(action.faqId)}`, this.w.origin));
      if (r.ok) {
        const e = await r.json();
        if (e && e.answer) {
          const answer = h('div', { class: 'proactive-answer', 'data-fl': 'proactive-answer' },
            e.question ? h('strong', { text: e.question }) : null);
          answer.append(renderText(h('p', {}), e.answer));
          card.querySelector('.proactive-actions').replaceWith(answer);
          this.w.track('kb_view', { faqId: action.faqId, from: 'proactive' });
          return;
        }
      }
    } catch {
      // not available on this server
    }
    this.dismiss();
    this.w.sendText(action.text || action.faqId);
  }

  dismiss() {
    this.current = null;
    this.render();
  }

  /** The panel opened: the card inside it is enough. */
  panelOpened() {
    this.v.teaser.hidden = true;
  }
}
