// My sends and message actions paced to the server's send limit: a burst, then so many a second (a token bucket, as
// the server's per-user limit is: `send_burst` and `sends_per_second` in GET /api/limits/). A burst past the limit
// went out at once and was refused in part; the refused ones went again later while later ones, let through as the
// server's bucket refilled meanwhile, were stored before them, out of order.

/**
 * The pace is a little slower than the limit: frames sent a refill apart can arrive closer together than that, and
 * the server counts when they arrive.
 */
export const PACE_MARGIN = 1.1;

/** A token bucket mirroring the server's: `due()` says how long until the next send may go, `take()` spends it. */
export class SendPace {
  #burst;
  #perMs;
  #tokens;
  #at;
  #now;

  constructor(burst, perSecond, now = () => Date.now()) {
    this.#now = now;
    this.#at = now();
    this.#tokens = burst;
    this.limit(burst, perSecond);
  }

  /** Paces to this limit from now on (what the server says); tokens already spent stay spent. */
  limit(burst, perSecond) {
    if (!(burst >= 1) || !(perSecond > 0)) return; // not a limit a server states: keep the one there is
    this.#refill();
    this.#burst = burst;
    this.#perMs = perSecond / 1000 / PACE_MARGIN;
    this.#tokens = Math.min(this.#tokens, burst);
  }

  /** Ms until the next send may go: 0 when it may go now. */
  due() {
    this.#refill();
    return this.#tokens >= 1 ? 0 : Math.ceil((1 - this.#tokens) / this.#perMs - 1e-6); // not 111 ms for 110.000…1
  }

  /** How many may go at once from here: the whole burst when the bucket is full, else one. */
  run() {
    this.#refill();
    return this.#tokens >= (this.#burst ?? this.#tokens) - 1e-9 ? this.#burst : 1;
  }

  /** One send went. */
  take() {
    this.#refill();
    this.#tokens -= 1;
  }

  /** The server refused one and said it takes the next in `ms`: nothing goes before then, and then one at a time. */
  hold(ms) {
    this.#refill();
    this.#tokens = Math.min(this.#tokens, 1 - Math.max(0, ms) * this.#perMs);
  }

  #refill() {
    const now = this.#now();
    this.#tokens = Math.min(this.#burst ?? this.#tokens, this.#tokens + Math.max(0, now - this.#at) * (this.#perMs ?? 0));
    this.#at = now;
  }
}
