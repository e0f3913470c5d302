// The WebSocket half of the protocol: one connection to /ws on this page's own origin, kept alive and
// re-opened with exponential backoff and jitter, so a restarted server is not hit by every tab at once, and never
// sooner than the server asked when it was taking too many connections at once.

const BASE_DELAY_MS = 500;
// Short, because the server protects itself: when it cannot take a crowd it says how long to wait (see retryAfter
// and TRY_AGAIN_LATER), and that wait wins over this one.
const MAX_DELAY_MS = 10_000;
/** The close code of a connection whose sync the server could not take now; the reason carries retry_after_ms. */
export const TRY_AGAIN_LATER = 1013;
const PING_EVERY_MS = 25_000;
// A connection that stays silent this long after a ping is dead (a sleeping laptop, a dropped NAT entry).
const PONG_TIMEOUT_MS = 10_000;
// While a message waits for its ack, a silent connection is probed much sooner: the person is waiting for it.
export const SEND_PROBE_MS = 3_000;
export const SEND_PROBE_TIMEOUT_MS = 3_000;
/**
 * An attempt that neither opens nor fails within this long is given up and the next one goes: on a network that drops
 * packets silently its handshake is lost, and the browser would wait minutes for it, long after the network is back.
 */
export const CONNECT_TIMEOUT_MS = 10_000;
// Frames the server answers with an ack: a silence after one of them is worth probing.
const ANSWERED = new Set(['send', 'edit', 'delete', 'react']);

/**
 * The socket URL for this page: ws: next to http:, wss: next to https:, never a hard-coded host; batch=1: frames that
 * queue up for this client together come as one `batch` frame (unpacked below).
 */
export function socketUrl(location) {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws?batch=1`;
}

/** The wait before reconnect attempt `attempt` (0-based): a random point below an exponentially growing cap. */
export function backoffDelay(attempt, random = Math.random) {
  const cap = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt);
  return Math.round(cap / 2 + random() * cap / 2);
}

/**
 * The wait before attempt `attempt` when the server asked for at least `retryAfterMs` (0: it did not): that wait plus
 * up to a quarter of it again, so that the clients it turned away do not all come back in the same instant, or the
 * backoff when that is longer.
 */
export function reconnectDelay(attempt, retryAfterMs = 0, random = Math.random) {
  const backoff = backoffDelay(attempt, random);
  return retryAfterMs > 0 ? Math.max(backoff, Math.round(retryAfterMs * (1 + random() / 4))) : backoff;
}

/** The wait a TRY_AGAIN_LATER close carries in its reason ("try again later: retry_after_ms=2750"), or 0. */
export function retryAfterOf(reason) {
  const found = /retry_after_ms=(\d+)/.exec(reason ?? '');
  return found ? Number(found[1]) : 0;
}

/**
 * A self-healing chat connection. Events: `status` (detail: 'connecting' | 'open' | 'reconnecting' | 'closed'),
 * `retry` (detail: when the next attempt is due, in ms since the epoch, or 0 while one is under way or none is
 * needed), `open` after each successful (re)connect, `frame` (detail: a parsed server frame), and `refused` when a
 * connection closed before it ever opened (which is how an expired session, or a server taking too many connections
 * at once, looks from here: the listener asks the server which, and passes a wait on to retryAfter).
 */
export class ChatSocket extends EventTarget {
  #url;
  #ws = null;
  #attempt = 0;
  #retryTimer = 0;
  #retryAt = 0;
  #pingTimer = 0;
  #pongTimer = 0;
  #connectTimer = 0;
  #running = false;
  #everOpened = false;
  #lost = null;
  #probing = false;
  status = 'closed';

  constructor(url = socketUrl(window.location)) {
    super();
    this.#url = url;
    // The browser knows about network changes before our backoff does: retry at once when it comes back, and
    // give the connection up at once when it goes (a dead socket can take half a minute to notice by itself).
    window.addEventListener('online', () => this.#running && this.status !== 'open' && this.#reconnectNow());
    window.addEventListener('offline', () => this.#running && this.status === 'open' && this.#lost?.());
    // A tab that navigates away or closes says goodbye (1000) instead of leaving the server to find out at its next
    // ping: the others see it offline at once. A page the browser kept (back/forward cache) comes back connecting.
    window.addEventListener('pagehide', () => this.#leave());
    window.addEventListener('pageshow', (event) => event.persisted && this.#running && this.#reconnectNow());
  }

  start() {
    if (this.#running) return;
    this.#running = true;
    this.#everOpened = false;
    this.#attempt = 0;
    this.#connect();
  }

  stop() {
    this.#running = false;
    clearTimeout(this.#retryTimer);
    this.#setRetryAt(0);
    this.#closeSocket();
    this.#setStatus('closed');
  }

  /** When the next attempt is due (ms since the epoch), or 0 while one is under way or the connection is open. */
  get retryAt() {
    return this.#retryAt;
  }

  /** The person asked ("Retry now"): a connection that is down is tried again at once, with the backoff reset. */
  retryNow() {
    if (this.#running && this.status !== 'open') this.#reconnectNow();
  }

  /** Sends a client frame; returns false (and sends nothing) while not connected. */
  send(frame) {
    if (this.#ws?.readyState !== WebSocket.OPEN) return false;
    this.#ws.send(JSON.stringify(frame));
    if (ANSWERED.has(frame?.type) && !this.#probing) {
      // Expect an answer soon; if the connection stays silent, find out within seconds whether it is dead.
      this.#probing = true;
      this.#schedulePing(this.#ws, this.#lost, SEND_PROBE_MS, SEND_PROBE_TIMEOUT_MS);
    }
    return true;
  }

  #connect() {
    this.#setRetryAt(0);
    this.#setStatus(this.#everOpened ? 'reconnecting' : 'connecting');
    let opened = false;
    const ws = new WebSocket(this.#url);
    this.#ws = ws;
    const lost = (event, { timedOut = false } = {}) => {
      if (this.#ws !== ws) return;
      this.#ws = null;
      this.#lost = null;
      this.#clearTimers();
      ws.close();
      // Closed before it opened: the server refused it (the listener asks why). Silence is no refusal, and asking
      // would only meet the same silence.
      if (!opened && !timedOut) this.dispatchEvent(new Event('refused'));
      if (this.#running) this.#scheduleReconnect(event?.code === TRY_AGAIN_LATER ? retryAfterOf(event.reason) : 0);
    };
    this.#lost = lost;
    this.#connectTimer = setTimeout(() => lost(null, { timedOut: true }), CONNECT_TIMEOUT_MS);
    ws.addEventListener('open', () => {
      clearTimeout(this.#connectTimer);
      opened = true;
      this.#everOpened = true;
      this.#attempt = 0;
      this.#setStatus('open');
      this.#schedulePing(ws, lost);
      this.dispatchEvent(new Event('open'));
    });
    ws.addEventListener('message', (event) => {
      this.#schedulePing(ws, lost);
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return; // Not JSON: nothing a client could act on.
      }
      // Frames that queued up for this client together come as one batch (it asked for them: batch=1), in order.
      const frames = frame?.type === 'batch' && Array.isArray(frame.frames) ? frame.frames : [frame];
      for (const each of frames) {
        if (each?.type !== 'pong') this.dispatchEvent(new CustomEvent('frame', { detail: each }));
      }
    });
    ws.addEventListener('close', lost);
  }

  /**
   * The server asked for at least `ms` before the next attempt (a 503's Retry-After, which the page learns by asking
   * GET /ws after a refused upgrade): a reconnect due sooner is put off to then, plus jitter.
   */
  retryAfter(ms) {
    if (!this.#running || this.#ws || !(ms > 0)) return;
    const delay = reconnectDelay(0, ms);
    if (Date.now() + delay <= this.#retryAt) return;
    this.#waitThenConnect(delay);
  }

  #scheduleReconnect(retryAfterMs = 0) {
    this.#setStatus(this.#everOpened ? 'reconnecting' : 'connecting');
    this.#waitThenConnect(reconnectDelay(this.#attempt, retryAfterMs));
    this.#attempt++;
  }

  #waitThenConnect(delay) {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => this.#connect(), delay);
    this.#setRetryAt(Date.now() + delay);
  }

  #setRetryAt(at) {
    if (this.#retryAt === at) return;
    this.#retryAt = at;
    this.dispatchEvent(new CustomEvent('retry', { detail: at }));
  }

  #reconnectNow() {
    clearTimeout(this.#retryTimer);
    this.#closeSocket();
    this.#attempt = 0;
    this.#connect();
  }

  #closeSocket(code = undefined, reason = undefined) {
    this.#clearTimers();
    const ws = this.#ws;
    this.#ws = null;
    this.#lost = null;
    ws?.close(code, reason);
  }

  /** The page is going away: close cleanly, and no reconnect until it shows again (pageshow). */
  #leave() {
    if (!this.#running) return;
    clearTimeout(this.#retryTimer);
    this.#setRetryAt(0);
    this.#closeSocket(1000, 'page hidden');
  }

  /**
   * Any frame proves the connection alive; only a silent one gets pinged, and only a silent ping kills it.
   * A dead socket may take minutes to report its close, so it is given up at once instead of waited for.
   */
  #schedulePing(ws, lost, after = PING_EVERY_MS, timeout = PONG_TIMEOUT_MS) {
    this.#clearTimers();
    if (after === PING_EVERY_MS) this.#probing = false;
    this.#pingTimer = setTimeout(() => {
      if (!this.send({ type: 'ping' })) return;
      this.#pongTimer = setTimeout(lost, timeout);
    }, after);
  }

  #clearTimers() {
    clearTimeout(this.#pingTimer);
    clearTimeout(this.#pongTimer);
    clearTimeout(this.#connectTimer);
  }

  #setStatus(status) {
    if (this.status === status) return;
    this.status = status;
    this.dispatchEvent(new CustomEvent('status', { detail: status }));
  }
}
