// Transfer a chat to a group or to an agent, with a note the receiving agent sees
// ({"type":"transfer","conversationId","toGroup"|"toAgent","note"} -> done, then revoked). Groups
// come from GET /api/groups; supervisors and admins pick agents from GET /api/users, agents type
// the agent's number (the supervisor page lists them).
import { h } from '../shared/dom.js';
import { api, hasRole } from '../shared/session.js';

export class Transfer {
  /** @param {object} c the console: i18n, me(), send(frame), activeChat(), toast() */
  constructor(c) {
    this.c = c;
    this.dialog = document.querySelector('[data-fl=transfer-dialog]');
    this.$ = (fl) => this.dialog.querySelector(`[data-fl=${fl}]`);
    this.pending = null; // conversationId waiting for done/error
    this.groups = null;
    this.users = null;
  }

  wire() {
    this.$('transfer-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.submit();
    });
    this.$('transfer-cancel').addEventListener('click', () => this.dialog.close());
    for (const fl of ['transfer-to-group', 'transfer-to-agent']) {
      this.$(fl).addEventListener('change', () => this.renderTarget());
    }
    this.$('transfer-group').addEventListener('focus', () => { this.$('transfer-to-group').checked = true; this.renderTarget(); });
    this.$('transfer-agent').addEventListener('focus', () => { this.$('transfer-to-agent').checked = true; this.renderTarget(); });
    this.$('transfer-agent-select').addEventListener('focus', () => {
      this.$('transfer-to-agent').checked = true;
      this.renderTarget();
    });
  }

  async open() {
    const chat = this.c.activeChat();
    if (!chat || chat.closed) {
      return;
    }
    this.chatId = chat.id;
    this.$('transfer-error').hidden = true;
    this.$('transfer-submit').disabled = false;
    this.$('transfer-note').value = '';
    this.$('transfer-agent').value = '';
    this.dialog.showModal();
    await this.loadTargets(chat);
    this.renderTarget();
    this.$('transfer-group').focus();
  }

  async loadTargets(chat) {
    const t = this.c.i18n.t;
    if (!this.groups) {
      const r = await api('/api/groups');
      this.groups = r.status === 200 ? r.body.groups : [];
    }
    this.$('transfer-group').replaceChildren(...this.groups.map((g) => h('option', { value: g.id,
      text: `${g.name} (${g.id})` })));
    const other = this.groups.find((g) => g.id !== chat.group);
    if (other) {
      this.$('transfer-group').value = other.id;
    }
    const me = this.c.me();
    if (hasRole(me, ['supervisor', 'admin']) && !this.users) {
      const r = await api('/api/users');
      this.users = r.status === 200 ? r.body.users.filter((u) => u.roles.includes('agent') && !u.disabled) : [];
    }
    const select = this.$('transfer-agent-select');
    const agents = (this.users || []).filter((u) => u.id !== me.id);
    select.hidden = agents.length === 0;
    this.$('transfer-agent').hidden = agents.length > 0;
    select.replaceChildren(...agents.map((u) => h('option', { value: String(u.id),
      text: `${u.displayName || u.username} (#${u.id})` })));
    if (!agents.length) {
      this.$('transfer-agent').placeholder = t('agentIdHint');
    }
  }

  renderTarget() {
    const toGroup = this.$('transfer-to-group').checked;
    this.dialog.dataset.target = toGroup ? 'group' : 'agent';
  }

  submit() {
    const t = this.c.i18n.t;
    const frame = { type: 'transfer', conversationId: this.chatId };
    if (this.$('transfer-to-group').checked) {
      frame.toGroup = this.$('transfer-group').value;
    } else {
      const raw = this.$('transfer-agent-select').hidden ? this.$('transfer-agent').value.trim()
        : this.$('transfer-agent-select').value;
      if (!/^\d+$/.test(raw)) {
        this.error(t('agentIdHint'));
        return;
      }
      frame.toAgent = Number(raw);
    }
    const note = this.$('transfer-note').value.trim();
    if (note) {
      frame.note = note;
    }
    if (!this.c.send(frame)) {
      this.error(t('notConnected'));
      return;
    }
    this.pending = this.chatId;
    this.$('transfer-submit').disabled = true;
  }

  error(text) {
    const el = this.$('transfer-error');
    el.textContent = text;
    el.hidden = false;
    this.$('transfer-submit').disabled = false;
  }

  /** done {for: transfer}: it went. */
  done(f) {
    if (this.pending && f.conversationId === this.pending) {
      this.pending = null;
      this.dialog.close();
      this.c.toast(this.c.i18n.t('transferred'));
    }
  }

  /** An error about the conversation being transferred; true when it was ours. */
  failed(f) {
    if (!this.pending || f.conversationId !== this.pending) {
      return false;
    }
    this.pending = null;
    this.error(f.code === 'not_allowed_now' ? this.c.i18n.t('transferUnavailable') : f.message || f.code);
    return true;
  }
}
