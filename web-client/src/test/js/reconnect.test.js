// Reconnecting to a server that takes too many connections at once: never sooner than it asked (a 503's Retry-After,
// learnt from GET /ws because a browser cannot read a refused upgrade's status, or a 1013 close's retry_after_ms),
// plus jitter. A fake WebSocket and Node's mock timers: no browser, no network.
import { test, describe, beforeEach, afterEach, mock } from 'node:test';
import assert from 'node:assert/strict';

class FakeWebSocket extends EventTarget {
  static OPEN = 1;
  static instances = [];
  readyState = 0;

  constructor(url) {
    super();
    this.url = url;
    FakeWebSocket.instances.push(this);
  }

  send() {}

  close() {
    this.readyState = 3;
  }

  open() {
    this.readyState = FakeWebSocket.OPEN;
    this.dispatchEvent(new Event('open'));
  }

  closedByServer(code, reason) {
    this.dispatchEvent(Object.assign(new Event('close'), { code, reason }));
  }
}

globalThis.window ??= new EventTarget();
globalThis.WebSocket = FakeWebSocket;
const { ChatSocket, reconnectDelay, backoffDelay, retryAfterOf, TRY_AGAIN_LATER } =
  await import('../../main/resources/web/js/socket.js');
const { Store } = await import('../../main/resources/web/js/store.js');
const { ApiError } = await import('../../main/resources/web/js/api.js');

describe('the reconnect delay', () => {
  test('is the backoff without a hint: exponential with equal jitter, at most ten seconds', () => {
    assert.equal(reconnectDelay(0, 0, () => 0), 250);
    assert.equal(reconnectDelay(0, 0, () => 1), 500);
    assert.equal(reconnectDelay(20, 0, () => 1), 10_000);
    assert.equal(reconnectDelay(3, 0, () => 0.5), backoffDelay(3, () => 0.5));
  });

  test('is at least the hint plus up to a quarter of it, or the backoff when that is longer', () => {
    assert.equal(reconnectDelay(0, 4_000, () => 0), 4_000);
    assert.equal(reconnectDelay(0, 4_000, () => 1), 5_000);
    assert.equal(reconnectDelay(20, 1_000, () => 0), 5_000);
  });

  test('reads the wait from a try-again-later close reason', () => {
    assert.equal(retryAfterOf('try again later: retry_after_ms=2750'), 2750);
    assert.equal(retryAfterOf('server shutting down'), 0);
    assert.equal(retryAfterOf(undefined), 0);
  });
});

describe('ChatSocket and a busy server', () => {
  let socket;
  let refused;

  beforeEach(() => {
    mock.timers.enable({ apis: ['setTimeout', 'Date'] });
    FakeWebSocket.instances = [];
    socket = new ChatSocket('ws://test/ws');
    refused = 0;
    socket.addEventListener('refused', () => refused++);
    socket.start();
  });

  afterEach(() => {
    socket.stop();
    mock.timers.reset();
  });

  test('a sync closed with try-again-later reconnects no sooner than the wait it carries', () => {
    const ws = FakeWebSocket.instances[0];
    ws.open();
    ws.closedByServer(TRY_AGAIN_LATER, 'try again later: retry_after_ms=6000');

    mock.timers.tick(5_999);
    assert.equal(FakeWebSocket.instances.length, 1);
    mock.timers.tick(1_501); // at most a quarter of the wait as jitter
    assert.equal(FakeWebSocket.instances.length, 2);
    assert.equal(refused, 0);
  });

  test('a refused upgrade is reported, and the wait the server then names puts the next attempt off', () => {
    FakeWebSocket.instances[0].closedByServer(1006, '');
    assert.equal(refused, 1);

    socket.retryAfter(3_000); // what GET /ws answered: 503, Retry-After: 3
    mock.timers.tick(2_999);
    assert.equal(FakeWebSocket.instances.length, 1);
    mock.timers.tick(751);
    assert.equal(FakeWebSocket.instances.length, 2);
  });

  test('a wait shorter than the reconnect already due changes nothing', () => {
    for (let i = 0; i < 6; i++) { // six quick failures: the next attempt is five to ten seconds away
      mock.timers.tick(10_000);
      FakeWebSocket.instances.at(-1).closedByServer(1006, '');
    }
    const attempts = FakeWebSocket.instances.length;

    socket.retryAfter(1_000);
    mock.timers.tick(1_250);
    assert.equal(FakeWebSocket.instances.length, attempts);
  });
});

describe('Store.checkSession after a refused upgrade', () => {
  const probing = (answer) => new Store({ api: {
    me: async () => ({ username: 'bob' }), rooms: async () => [], blockedUsers: async () => [],
    socketProbe: async () => { throw answer; } } });

  test("a busy server's Retry-After becomes the wait, in milliseconds", async () => {
    const store = probing(Object.assign(new ApiError(503, 'unavailable', 'too many'), { retryAfter: 4 }));
    await store.boot();
    assert.equal(await store.checkSession(), 4_000);
    assert.equal(store.state.me?.username, 'bob');
  });

  test('an ended session signs out and asks for no wait', async () => {
    const store = probing(new ApiError(401, 'unauthenticated', 'invalid or expired session'));
    await store.boot();
    assert.equal(await store.checkSession(), 0);
    assert.equal(store.state.me, null);
  });

  test('a server that would take the connection now asks for no wait', async () => {
    const store = probing(new ApiError(400, 'bad_request', 'this endpoint speaks WebSocket only'));
    await store.boot();
    assert.equal(await store.checkSession(), 0);
  });
});
