// A JSON WebSocket that reconnects with exponential back-off and jitter, notices dead
// connections with an application ping, and reconnects at once when the browser comes back
// online, the tab becomes visible, or the server closes with 1012 (service restart: it drains).
// What to send on open (hello, auth) is the owner's job.

const OPEN = 1;
/** Close code of a server that drains before it stops (CONTRACT section 10). */
const SERVICE_RESTART = 1012;

export class ReconnectingSocket {
  /**
   * @param {string} url ws:// or wss:// address
   * @param {object} opts
   * @param {() => void} [opts.onOpen] the socket is open (send hello/auth here)
   * @param {(frame: object) => void} opts.onFrame a parsed JSON frame arrived
   * @param {(status: string) => void} [opts.onStatus] 'connecting' | 'open' | 'down' | 'stopped'
   * @param {(ev: CloseEvent) => boolean} [opts.shouldReconnect] false stops for good (e.g. unauthorized)
   * @param {number} [opts.minDelayMs] first retry delay
   * @param {number} [opts.maxDelayMs] largest retry delay
   * @param {number} [opts.heartbeatMs] how often to ping; a connection silent for two beats is dropped
   */
  constructor(url, opts) {
    this.url = url;
    this.opts = { minDelayMs: 500, maxDelayMs: 15000, heartbeatMs: 20000, ...opts };
    this.ws = null;
    this.attempt = 0;
    this.timer = null;
    this.beat = null;
    this.lastHeard = 0;
    this.greeted = false;
    this.stopped = true;
    this.status = 'stopped';
    this.onOnline = () => this.reconnectNow();
    this.onVisible = () => {
      if (document.visibilityState === 'visible') {
        this.reconnectNow();
      }
    };
  }

  start() {
    if (!this.stopped) {
      return;
    }
    this.stopped = false;
    window.addEventListener('online', this.onOnline);
    document.addEventListener('visibilitychange', this.onVisible);
    this.connect();
  }

  stop() {
    this.stopped = true;
    window.removeEventListener('online', this.onOnline);
    document.removeEventListener('visibilitychange', this.onVisible);
    clearTimeout(this.timer);
    this.drop();
    this.setStatus('stopped');
  }

  /** True when frames can be sent now. */
  get open() {
    return this.ws !== null && this.ws.readyState === OPEN;
  }

  /** Sends a frame if the socket is open; false otherwise (the caller keeps it for later). */
  send(frame) {
    if (!this.open) {
      return false;
    }
    try {
      this.ws.send(JSON.stringify(frame));
      return true;
    } catch {
      return false;
    }
  }

  /** The owner saw the server's greeting (welcome, ready): the back-off starts over. */
  healthy() {
    this.attempt = 0;
    this.greeted = true;
  }

  /** Reconnects now if not connected (or connecting). */
  reconnectNow() {
    if (this.stopped || this.open || (this.ws && this.ws.readyState === 0)) {
      return;
    }
    clearTimeout(this.timer);
    this.attempt = 0;
    this.connect();
  }

  /** Drops the current connection and connects again (used to repair a gap). */
  restart() {
    if (this.stopped) {
      return;
    }
    this.drop();
    clearTimeout(this.timer);
    this.connect();
  }

  connect() {
    this.timer = null;
    this.setStatus('connecting');
    let ws;
    try {
      ws = new WebSocket(this.url);
    } catch {
      this.scheduleRetry();
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
      this.lastHeard = Date.now();
      this.greeted = false;
      this.setStatus('open');
      this.startHeartbeat();
      if (this.opts.onOpen) {
        this.opts.onOpen();
      }
    };
    ws.onmessage = (ev) => {
      this.lastHeard = Date.now();
      let frame;
      try {
        frame = JSON.parse(ev.data);
      } catch {
        return;
      }
      if (frame && typeof frame === 'object' && frame.type !== 'pong') {
        this.opts.onFrame(frame);
      }
    };
    ws.onclose = (ev) => {
      if (this.ws !== ws) {
        return;
      }
      this.ws = null;
      this.stopHeartbeat();
      if (this.opts.shouldReconnect && !this.opts.shouldReconnect(ev)) {
        this.stopped = true;
        this.setStatus('stopped');
        return;
      }
      if (ev.code === SERVICE_RESTART && this.greeted) {
        // The server drains (rolling restart): another process takes the connection at once. If
        // none answers yet, the back-off starts from its first step. Only after a greeting, so a
        // server that keeps refusing with 1012 cannot make us spin.
        this.attempt = 0;
        this.setStatus('down');
        this.connect();
        return;
      }
      this.scheduleRetry();
    };
    ws.onerror = () => {
      // onclose follows and schedules the retry
    };
  }

  drop() {
    const ws = this.ws;
    this.ws = null;
    this.stopHeartbeat();
    if (ws) {
      ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
      try {
        ws.close();
      } catch {
        // already closing
      }
    }
  }

  scheduleRetry() {
    if (this.stopped) {
      return;
    }
    this.setStatus('down');
    const base = Math.min(this.opts.maxDelayMs, this.opts.minDelayMs * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 16);
    const delay = base / 2 + Math.random() * base / 2;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.connect(), delay);
  }

  startHeartbeat() {
    this.stopHeartbeat();
    const every = this.opts.heartbeatMs;
    this.beat = setInterval(() => {
      if (!this.open) {
        return;
      }
      if (Date.now() - this.lastHeard > every * 2) {
        // Nothing heard for two beats, not even a pong: the connection is dead.
        this.drop();
        this.scheduleRetry();
        return;
      }
      if (this.greeted) {
        // Only after the greeting: the agent socket must see nothing before its ready.
        this.send({ type: 'ping' });
      }
    }, every);
  }

  stopHeartbeat() {
    clearInterval(this.beat);
    this.beat = null;
  }

  setStatus(s) {
    if (this.status !== s) {
      this.status = s;
      if (this.opts.onStatus) {
        this.opts.onStatus(s);
      }
    }
  }
}

/** The ws(s):// URL of a path on the server whose origin is given. */
export function socketUrl(origin, path) {
  return origin.replace(/^http/, 'ws') + path;
}
