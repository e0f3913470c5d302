// The connection's liveness rules, with a fake WebSocket and Node's mock timers: no browser, no network.
import { test, describe, beforeEach, afterEach, mock } from 'node:test';
import assert from 'node:assert/strict';

class FakeWebSocket extends EventTarget {
  static OPEN = 1;
  static instances = [];
  readyState = 0;
  sent = [];
  closed = false;

  constructor(url) {
    super();
    this.url = url;
    FakeWebSocket.instances.push(this);
  }

  send(data) {
    this.sent.push(JSON.parse(data));
  }

  close(code, reason) {
    this.closed = true;
    this.closeCode = code;
    this.closeReason = reason;
    this.readyState = 3;
  }

  open() {
    this.readyState = FakeWebSocket.OPEN;
    this.dispatchEvent(new Event('open'));
  }

  receive(frame) {
    this.dispatchEvent(Object.assign(new Event('message'), { data: JSON.stringify(frame) }));
  }
}

globalThis.window = new EventTarget();
globalThis.WebSocket = FakeWebSocket;
const { CONNECT_TIMEOUT_MS, ChatSocket, SEND_PROBE_MS, SEND_PROBE_TIMEOUT_MS, socketUrl } =
  await import('../../main/resources/web/js/socket.js');

describe('ChatSocket', () => {
  let socket;
  let statuses;

  beforeEach(() => {
    mock.timers.enable({ apis: ['setTimeout'] });
    FakeWebSocket.instances = [];
    socket = new ChatSocket('ws://test/ws');
    statuses = [];
    socket.addEventListener('status', (event) => statuses.push(event.detail));
    socket.start();
    FakeWebSocket.instances[0].open();
  });

  afterEach(() => {
    socket.stop();
    mock.timers.reset();
  });

  test('a batch is handed on as its frames, in order, its pong left out', () => {
    const frames = [];
    socket.addEventListener('frame', (event) => frames.push(event.detail));

    FakeWebSocket.instances[0].receive({ type: 'batch', frames: [
      { type: 'message', message: { seq: 4 } }, { type: 'pong' }, { type: 'typing', user: 'bob' },
      { type: 'message', message: { seq: 5 } },
    ] });

    assert.deepEqual(frames.map((frame) => frame.type), ['message', 'typing', 'message']);
    assert.deepEqual(frames.filter((frame) => frame.message).map((frame) => frame.message.seq), [4, 5]);
  });

  test('the page asks its own origin for batches', () => {
    assert.equal(socketUrl({ protocol: 'https:', host: 'chat.example:8443' }), 'wss://chat.example:8443/ws?batch=1');
    assert.equal(socketUrl({ protocol: 'http:', host: 'localhost:8080' }), 'ws://localhost:8080/ws?batch=1');
  });

  test('a send that meets silence is followed by a ping, and a silent ping gives the connection up', () => {
    const ws = FakeWebSocket.instances[0];
    socket.send({ type: 'send', room_uuid: 'r', content: 'hi', client_id: 'c1' });

    mock.timers.tick(SEND_PROBE_MS);
    assert.deepEqual(ws.sent.map((frame) => frame.type), ['send', 'ping']);
    mock.timers.tick(SEND_PROBE_TIMEOUT_MS);

    assert.equal(ws.closed, true);
    assert.equal(socket.status, 'reconnecting');
  });

  test('an answer to the send keeps the connection and the usual ping schedule', () => {
    const ws = FakeWebSocket.instances[0];
    socket.send({ type: 'send', room_uuid: 'r', content: 'hi', client_id: 'c1' });
    ws.receive({ type: 'ack', client_id: 'c1', message: {} });

    mock.timers.tick(SEND_PROBE_MS + SEND_PROBE_TIMEOUT_MS);

    assert.deepEqual(ws.sent.map((frame) => frame.type), ['send']);
    assert.equal(ws.closed, false);
    assert.equal(socket.status, 'open');
  });

  test('an attempt that stays silent is given up, and the next one goes by itself', () => {
    let refused = 0;
    socket.addEventListener('refused', () => refused++);
    const ws = FakeWebSocket.instances[0];
    socket.send({ type: 'send', room_uuid: 'r', content: 'hi', client_id: 'c1' });
    mock.timers.tick(SEND_PROBE_MS);
    mock.timers.tick(SEND_PROBE_TIMEOUT_MS); // the dead connection found
    assert.equal(ws.closed, true);
    mock.timers.tick(10_000); // the backoff: the next attempt is under way
    const attempt = FakeWebSocket.instances[1];

    mock.timers.tick(CONNECT_TIMEOUT_MS - 1);
    assert.equal(attempt.closed, false);
    mock.timers.tick(1);

    assert.equal(attempt.closed, true);
    assert.equal(refused, 0, 'silence is not a refusal: nothing asks the server why');
    mock.timers.tick(10_000);
    assert.equal(FakeWebSocket.instances.length, 3);
    FakeWebSocket.instances[2].open();
    assert.equal(socket.status, 'open');
  });

  test('an attempt that opens in time is kept past the connect timeout', () => {
    window.dispatchEvent(new Event('offline'));
    mock.timers.tick(10_000);
    const attempt = FakeWebSocket.instances[1];
    attempt.open();

    mock.timers.tick(CONNECT_TIMEOUT_MS);

    assert.equal(attempt.closed, false);
    assert.equal(socket.status, 'open');
  });

  test('the browser going offline gives an open connection up at once', () => {
    const ws = FakeWebSocket.instances[0];

    window.dispatchEvent(new Event('offline'));

    assert.equal(ws.closed, true);
    assert.deepEqual(statuses, ['connecting', 'open', 'reconnecting']);
  });

  test('a page going away closes the connection normally (1000) and tries no reconnect', () => {
    const ws = FakeWebSocket.instances[0];

    window.dispatchEvent(new Event('pagehide'));
    mock.timers.tick(60_000);

    assert.equal(ws.closed, true);
    assert.equal(ws.closeCode, 1000);
    assert.equal(FakeWebSocket.instances.length, 1);
  });

  test('a page shown again from the back/forward cache connects again at once', () => {
    window.dispatchEvent(new Event('pagehide'));

    window.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true }));

    assert.equal(FakeWebSocket.instances.length, 2);
    FakeWebSocket.instances[1].open();
    assert.equal(socket.status, 'open');
  });

  test('a first pageshow (not from the cache) opens no second connection', () => {
    window.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: false }));

    assert.equal(FakeWebSocket.instances.length, 1);
  });

  test('a lost connection announces when it tries again, and Retry now tries at once with the backoff reset', () => {
    const retries = [];
    socket.addEventListener('retry', (event) => retries.push(event.detail));
    const before = Date.now();
    FakeWebSocket.instances[0].dispatchEvent(new Event('close'));
    assert.equal(socket.retryAt > before, true);
    assert.deepEqual(retries, [socket.retryAt]);

    socket.retryNow();

    assert.equal(FakeWebSocket.instances.length, 2);
    assert.equal(socket.retryAt, 0);
    assert.equal(retries.at(-1), 0);
  });

  test('Retry now does nothing to an open connection', () => {
    socket.retryNow();

    assert.equal(FakeWebSocket.instances.length, 1);
    assert.equal(socket.status, 'open');
  });
});
