// Messages sent but not yet acknowledged. Each has a unique clientId; after a reconnect every
// entry is sent again (the server stores a clientId once and acknowledges it again).

export class Outbox {
  /** @param {(entries: object[]) => void} [onChange] called after every change (to persist) */
  constructor(entries = [], onChange = null) {
    this.entries = new Map(entries.map((e) => [e.clientId, e]));
    this.onChange = onChange;
  }

  add(entry) {
    this.entries.set(entry.clientId, { ...entry, sentAt: 0 });
    this.changed();
  }

  has(clientId) {
    return this.entries.has(clientId);
  }

  get(clientId) {
    return this.entries.get(clientId);
  }

  /** Removes and returns the entry (acknowledged or given up). */
  take(clientId) {
    const e = this.entries.get(clientId);
    if (e) {
      this.entries.delete(clientId);
      this.changed();
    }
    return e;
  }

  /** Entries in the order they were added. */
  list() {
    return [...this.entries.values()];
  }

  /** Entries not sent on the current connection, or sent longer than `resendMs` ago. */
  due(now, resendMs) {
    return this.list().filter((e) => !e.sentAt || now - e.sentAt > resendMs);
  }

  markSent(clientId, now) {
    const e = this.entries.get(clientId);
    if (e) {
      e.sentAt = now;
    }
  }

  /** A new connection: everything must go again. */
  resetSent() {
    for (const e of this.entries.values()) {
      e.sentAt = 0;
    }
  }

  get size() {
    return this.entries.size;
  }

  changed() {
    if (this.onChange) {
      this.onChange(this.list());
    }
  }
}
