// Canned responses (GET/POST/DELETE /api/canned): typing "/" in the reply box opens a list
// filtered by what follows (shortcut first, then title and text); ↑/↓ choose, Enter or Tab
// inserts, Escape closes. A small manager adds and deletes personal ones (team ones too, for
// supervisors).
import { h } from '../shared/dom.js';
import { api, hasRole } from '../shared/session.js';

const MAX_SHOWN = 8;

export class Canned {
  /** @param {object} c the console: i18n, me(), toast() */
  constructor(c, input) {
    this.c = c;
    this.input = input;
    this.items = [];
    this.shown = [];
    this.index = 0;
    this.token = null; // { start, end } of "/query" in the input
    this.list = document.querySelector('[data-fl=canned-list]');
    this.dialog = document.querySelector('[data-fl=canned-manager]');
    this.form = document.querySelector('[data-fl=canned-form]');
    this.$ = (fl) => this.dialog.querySelector(`[data-fl=${fl}]`);
  }

  wire() {
    this.input.addEventListener('input', () => this.update());
    this.input.addEventListener('blur', () => setTimeout(() => this.close(), 150));
    this.input.addEventListener('click', () => this.update());
    document.querySelector('[data-fl=canned-manage]').addEventListener('click', () => this.manage());
    this.$('canned-close').addEventListener('click', () => this.dialog.close());
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.save();
    });
  }

  async load() {
    const r = await api('/api/canned');
    if (r.status === 200) {
      this.items = r.body.canned || [];
    }
    return this.items;
  }

  /** The "/word" just before the caret, at the start or after a space; null when there is none. */
  slashToken() {
    const v = this.input.value;
    const end = this.input.selectionStart;
    if (end !== this.input.selectionEnd) {
      return null;
    }
    const m = /(^|\s)\/([^\s/]*)$/u.exec(v.slice(0, end));
    return m ? { start: end - m[2].length - 1, end, query: m[2].toLowerCase() } : null;
  }

  update() {
    const tok = this.slashToken();
    if (!tok) {
      this.close();
      return;
    }
    const q = tok.query;
    const score = (c) => {
      const s = c.shortcut.toLowerCase();
      if (s === q) return 0;
      if (s.startsWith(q)) return 1;
      if (c.title.toLowerCase().includes(q)) return 2;
      if (c.text.toLowerCase().includes(q)) return 3;
      return 9;
    };
    this.shown = this.items.map((c) => [score(c), c]).filter(([s]) => s < 9)
      .sort((a, b) => a[0] - b[0] || a[1].shortcut.localeCompare(b[1].shortcut)).slice(0, MAX_SHOWN).map(([, c]) => c);
    this.token = tok;
    this.index = 0;
    this.render();
  }

  get isOpen() {
    return !this.list.hidden;
  }

  render() {
    const t = this.c.i18n.t;
    if (!this.token) {
      this.list.hidden = true;
      return;
    }
    this.list.replaceChildren(...(this.shown.length ? this.shown.map((c, i) => h('li', { role: 'option',
      class: i === this.index ? 'active' : null, 'aria-selected': String(i === this.index), 'data-fl': 'canned-item',
      'data-shortcut': c.shortcut, on: { mousedown: (e) => { e.preventDefault(); this.insert(c); } } },
    h('span', { class: 'shortcut', text: `/${c.shortcut}` }),
    h('strong', { text: c.title }),
    c.team ? h('span', { class: 'tag', text: t('cannedTeam') }) : null,
    h('span', { class: 'canned-text', text: c.text })))
      : [h('li', { class: 'muted', 'data-fl': 'canned-empty', text: this.items.length ? t('cannedNone') : t('cannedEmpty') })]));
    this.list.hidden = false;
  }

  close() {
    this.token = null;
    this.list.hidden = true;
  }

  /** Keys while the list is open; true when the key was used here. */
  onKey(e) {
    if (!this.isOpen || e.isComposing) {
      return false;
    }
    if (e.key === 'Escape') {
      this.close();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!this.shown.length) {
        return false;
      }
      this.index = (this.index + (e.key === 'ArrowDown' ? 1 : -1) + this.shown.length) % this.shown.length;
      this.render();
    } else if ((e.key === 'Enter' || e.key === 'Tab') && !e.shiftKey && this.shown.length) {
      this.insert(this.shown[this.index]);
    } else {
      return false;
    }
    e.preventDefault();
    e.stopPropagation();
    return true;
  }

  /** Replaces "/query" with the response's text. */
  insert(c) {
    const tok = this.token || this.slashToken();
    if (!tok) {
      return;
    }
    const v = this.input.value;
    this.input.value = v.slice(0, tok.start) + c.text + v.slice(tok.end);
    const caret = tok.start + c.text.length;
    this.input.setSelectionRange(caret, caret);
    this.close();
    this.input.focus();
    this.input.dispatchEvent(new Event('input', { bubbles: true }));
  }

  // ---- manager ----

  async manage() {
    const me = this.c.me();
    this.$('canned-team-label').hidden = !hasRole(me, ['supervisor', 'admin']);
    this.$('canned-error').hidden = true;
    await this.load();
    this.renderManager();
    this.dialog.showModal();
    this.$('canned-shortcut').focus();
  }

  renderManager() {
    const t = this.c.i18n.t;
    const me = this.c.me();
    const mayTeam = hasRole(me, ['supervisor', 'admin']);
    this.$('canned-manage-list').replaceChildren(...(this.items.length ? this.items.map((c) => h('li', {
      'data-fl': 'canned-row', 'data-shortcut': c.shortcut, 'data-id': String(c.id) },
    h('span', { class: 'shortcut', text: `/${c.shortcut}` }),
    h('strong', { text: c.title }),
    h('span', { class: 'tag', text: c.team ? t('cannedTeam') : t('cannedMine') }),
    h('span', { class: 'canned-text', text: c.text }),
    !c.team || mayTeam ? h('button', { type: 'button', class: 'small danger', 'data-fl': 'canned-delete',
      text: t('delete'), 'aria-label': `${t('delete')} /${c.shortcut}`, on: { click: () => this.remove(c) } }) : null))
      : [h('li', { class: 'muted', text: t('cannedEmpty') })]));
  }

  async save() {
    const t = this.c.i18n.t;
    const get = (fl) => this.$(fl).value.trim();
    const body = { shortcut: get('canned-shortcut'), title: get('canned-title'), text: get('canned-text') };
    if (!body.title) {
      body.title = body.text.slice(0, 20);
    }
    const err = this.$('canned-error');
    if (!body.shortcut || !body.text) {
      err.textContent = t('cannedRequired');
      err.hidden = false;
      return;
    }
    if (!/^[\p{L}\p{N}_-]{1,32}$/u.test(body.shortcut)) {
      err.textContent = t('cannedBadShortcut');
      err.hidden = false;
      return;
    }
    if (this.$('canned-team').checked) {
      body.team = true;
    }
    const r = await api('/api/canned', { method: 'POST', body });
    if (r.status !== 201) {
      err.textContent = (r.body && r.body.error && r.body.error.message) || t('saveFailed');
      err.hidden = false;
      return;
    }
    err.hidden = true;
    this.form.reset();
    await this.load();
    this.renderManager();
    this.$('canned-shortcut').focus();
  }

  async remove(c) {
    const r = await api(`/api/canned/${encodeURIComponent(c.id)}`, { method: 'DELETE' });
    if (r.status !== 200) {
      this.c.toast((r.body && r.body.error && r.body.error.message) || this.c.i18n.t('saveFailed'));
    }
    await this.load();
    this.renderManager();
  }
}
