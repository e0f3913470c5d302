// My sends paced to the server's send limit (js/pacing.js) and the Store's outbox going out through it
// (js/store.js): a burst is sent whole and in the order written, a rate_limited refusal holds back everything after
// it until the server's hint, and a refusal that names no message (a frame ignored past the connection's frame limit)
// sends everything not acknowledged again. Run with `node --test web-client/src/test/js`.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { PACE_MARGIN, SendPace } from '../../main/resources/web/js/pacing.js';
import { Store } from '../../main/resources/web/js/store.js';

const GOLDEN = new URL('../../../../protocol/src/test/resources/golden/', import.meta.url);
const golden = (path) => JSON.parse(readFileSync(new URL(`${path}.json`, GOLDEN), 'utf8'));
const ROOM = golden('server/room').room.room_uuid;
const STEP = Math.round(100 * PACE_MARGIN); // ten a second, a little slower

describe('SendPace', () => {
  test('lets a burst go at once, then one a refill apart', () => {
    let now = 0;
    const pace = new SendPace(3, 10, () => now);
    for (let i = 0; i < 3; i++) {
      assert.equal(pace.due(), 0);
      pace.take();
    }
    assert.equal(pace.due(), STEP);
    now += STEP;
    assert.equal(pace.due(), 0);
    pace.take();
    assert.equal(pace.due(), STEP);
  });

  test('refills up to the burst, never beyond it', () => {
    let now = 0;
    const pace = new SendPace(2, 10, () => now);
    pace.take();
    pace.take();
    now += 60_000;
    pace.take();
    pace.take();
    assert.equal(pace.due(), STEP);
  });

  test('after a refusal nothing goes before the hint, and then one at a time', () => {
    let now = 0;
    const pace = new SendPace(20, 10, () => now);
    pace.hold(700);
    assert.equal(pace.due(), 700);
    now += 700;
    assert.equal(pace.due(), 0);
    pace.take();
    assert.equal(pace.due(), STEP);
  });

  test('takes the limit the server states, and ignores one no server would', () => {
    let now = 0;
    const pace = new SendPace(20, 10, () => now);
    pace.limit(1, 2);
    pace.take();
    assert.equal(pace.due(), Math.round(500 * PACE_MARGIN));
    pace.limit(0, 0);
    assert.equal(pace.due(), Math.round(500 * PACE_MARGIN));
  });
});

describe('the outbox, paced', () => {
  /** A Store signed in as alice with the golden room, the clock mocked; `sent` collects the frames it sends. */
  async function signedIn(t, limits = golden('rest/limits')) {
    const room = { ...golden('server/room').room, last_seq: 0, last_message: null, unread_count: 0 };
    const store = new Store({ api: { me: async () => ({ username: 'alice' }), rooms: async () => [room],
      blockedUsers: async () => [], messages: async () => [], limits: async () => limits } });
    await store.boot();
    t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
    const sent = [];
    store.useTransport((frame) => sent.push(frame) > 0);
    store.setConnection('open');
    return { store, sent, sends: () => sent.filter((frame) => frame.type === 'send').map((frame) => frame.content) };
  }
  const texts = (from, to) => Array.from({ length: to - from + 1 }, (_, i) => `m${from + i}`);
  const idOf = (store, content) => store.state.outbox.find((item) => item.content === content).client_id;
  const ack = (store, content, seq) => ({ type: 'ack', client_id: idOf(store, content), message: {
    ...golden('server/message').message, room_uuid: ROOM, user: 'alice', content, client_id: idOf(store, content), seq,
  } });

  test('a burst of 25 sends 20 at once and the rest one a refill apart, in the order written', async (t) => {
    const { store, sends } = await signedIn(t);

    for (const text of texts(1, 25)) store.send(ROOM, text);

    assert.deepEqual(sends(), texts(1, 20));
    for (let n = 1; n <= 20; n++) store.handleFrame(ack(store, `m${n}`, n));
    t.mock.timers.tick(STEP);
    assert.deepEqual(sends(), texts(1, 21));
    for (let n = 21; n <= 24; n++) {
      store.handleFrame(ack(store, `m${n}`, n));
      t.mock.timers.tick(STEP);
    }
    assert.deepEqual(sends(), texts(1, 25));
  });

  test('paces to the send limit GET /api/limits/ states', async (t) => {
    const { store, sends } = await signedIn(t, { ...golden('rest/limits'), send_burst: 2, sends_per_second: 1 });

    for (const text of texts(1, 4)) store.send(ROOM, text);

    assert.deepEqual(sends(), texts(1, 2));
    store.handleFrame(ack(store, 'm1', 1));
    store.handleFrame(ack(store, 'm2', 2));
    t.mock.timers.tick(STEP * 10 - 1);
    assert.deepEqual(sends(), texts(1, 2));
    t.mock.timers.tick(1);
    assert.deepEqual(sends(), texts(1, 3));
  });

  test('a send refused as rate_limited holds back every later one until the hint, then they go in order', async (t) => {
    const { store, sends } = await signedIn(t, { ...golden('rest/limits'), send_burst: 3 });
    for (const text of texts(1, 5)) store.send(ROOM, text);
    assert.deepEqual(sends(), texts(1, 3));

    // m2 refused (another device of mine spent the limit): m3 was on its way, m4 and m5 not yet.
    store.handleFrame(ack(store, 'm1', 1));
    store.handleFrame({ type: 'error', code: 'rate_limited', message: 'sending too fast', client_id: idOf(store, 'm2'),
      retry_after_ms: 500 });
    t.mock.timers.tick(499);
    assert.deepEqual(sends(), texts(1, 3), 'nothing goes before the hint');
    t.mock.timers.tick(1);
    assert.deepEqual(sends(), [...texts(1, 3), 'm2']);
    t.mock.timers.tick(3 * STEP);
    assert.deepEqual(sends(), [...texts(1, 3), 'm2'], 'past the burst, the next waits for the ack of the one before');
    for (const [text, seq] of [['m2', 2], ['m3', 3], ['m4', 4]]) {
      store.handleFrame(ack(store, text, seq));
      t.mock.timers.tick(STEP);
    }
    assert.deepEqual(sends(), [...texts(1, 3), 'm2', 'm3', 'm4', 'm5']);
    assert.ok(store.state.outbox.every((item) => !item.failed), 'none shows as not sent');
  });

  test('past the burst nothing more goes until the ones in flight are acknowledged, however much the pace allows',
    async (t) => {
    const { store, sends } = await signedIn(t, { ...golden('rest/limits'), send_burst: 2 });
    for (const text of texts(1, 4)) store.send(ROOM, text);
    t.mock.timers.tick(10 * STEP); // the pace allows two more by now; neither burst message is acknowledged
    const beforeAcks = sends();
    store.handleFrame(ack(store, 'm1', 1));
    store.handleFrame(ack(store, 'm2', 2));
    const afterAcks = sends();

    assert.deepEqual(beforeAcks, texts(1, 2));
    assert.deepEqual(afterAcks, texts(1, 4), 'with the bucket full again, a burst goes at once');
  });

  test('past the burst, a send refused for good lets the next one go without an ack', async (t) => {
    const { store, sends } = await signedIn(t, { ...golden('rest/limits'), send_burst: 1 });
    for (const text of texts(1, 2)) store.send(ROOM, text);
    t.mock.timers.tick(10 * STEP);
    const waiting = sends();

    store.handleFrame({ type: 'error', code: 'forbidden', message: "you can't message this person",
      client_id: idOf(store, 'm1') });
    t.mock.timers.tick(10 * STEP);

    assert.deepEqual(waiting, ['m1'], 'm2 waits for m1 to be answered');
    assert.deepEqual(sends(), ['m1', 'm2']);
    assert.ok(store.state.outbox.find((item) => item.content === 'm1').failed);
  });

  test('a refusal that names no message sends everything not acknowledged again after the hint', async (t) => {
    const { store, sends } = await signedIn(t);
    for (const text of texts(1, 3)) store.send(ROOM, text);
    store.handleFrame(ack(store, 'm1', 1));

    // A frame ignored unread past the connection's frame limit: m2 or m3, or neither; the server cannot say.
    store.handleFrame({ type: 'error', code: 'rate_limited', message: 'too many frames; this one was ignored',
      retry_after_ms: 50 });
    t.mock.timers.tick(50);
    store.handleFrame(ack(store, 'm2', 2));
    t.mock.timers.tick(STEP);

    assert.deepEqual(sends(), ['m1', 'm2', 'm3', 'm2', 'm3']);
    assert.equal(store.state.notice, null, 'nothing to tell: it is taken care of');
  });
});
