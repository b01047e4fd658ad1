// What the widget keeps in the host page's localStorage, per Frontline server: the visitor
// token, the open conversation with the highest contiguous seq seen (lastSeq), a cache of its
// messages (so a page change shows the chat at once), the outbox, the host page's last signed-in
// customer id, and a few UI choices.
// Storage may be unavailable (privacy modes, sandboxed frames): then it lives in memory only.

const EMPTY = {
  token: null,
  conversationId: null,
  lastSeq: 0,
  messages: [],
  outbox: [],
  lang: null,
  open: false,
  rateFor: null,
  customerId: null, // the host page's signed-in customer (window.FrontlineIdentity) last seen here
};

export class VisitorStore {
  constructor(key) {
    this.key = key;
    this.data = { ...EMPTY, ...this.read() };
    this.timer = null;
  }

  read() {
    try {
      const raw = window.localStorage.getItem(this.key);
      const v = raw ? JSON.parse(raw) : null;
      return v && typeof v === 'object' ? v : {};
    } catch {
      return {};
    }
  }

  /** Writes now (after anything that must survive a crash: token, outbox, lastSeq). */
  save() {
    clearTimeout(this.timer);
    this.timer = null;
    try {
      window.localStorage.setItem(this.key, JSON.stringify(this.data));
    } catch {
      // full or unavailable: keep going in memory
    }
  }

  /** Writes soon (coalesces bursts such as a history replay). */
  saveSoon() {
    if (!this.timer) {
      this.timer = setTimeout(() => this.save(), 200);
    }
  }
}
