// A chat opened around an older message (a search result), outside a browser: the window of history around it
// (js/state.js windowAround, extendWindow), what shows of it (js/selectors.js timeline), and the Store loading it,
// paging newer history until it joins the live end, and leaving it for the newest messages.
// Run with `node --test web-client/src/test/js`.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { timeline } from '../../main/resources/web/js/selectors.js';
import { applyFrame, extendWindow, windowAround } from '../../main/resources/web/js/state.js';
import { Store } from '../../main/resources/web/js/store.js';

const GOLDEN = new URL('../../../../protocol/src/test/resources/golden/', import.meta.url);
const goldenRoom = () => JSON.parse(readFileSync(new URL('rest/room.json', GOLDEN), 'utf8'));
const ROOM = goldenRoom().room_uuid;
const PAGE = 50;

const message = (seq) => ({ message_uuid: `m${seq}`, seq, user: seq % 2 ? 'bob' : 'alice', content: `message ${seq}`,
  kind: 'message', room_uuid: ROOM, room: 'alice & bob', created_at: new Date(Date.UTC(2026, 10, 1, 0, seq)).toISOString() });
const range = (from, to) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => message(from + i));
const seqs = (messages) => messages.map((m) => m.seq);

describe('the window around a message', () => {
  test('is the page up to it and the page after it; a full page after it leaves a gap to the live end', () => {
    const history = windowAround(null, range(1, 5), range(6, 55), PAGE);

    assert.deepEqual(seqs(history.messages), seqs(range(1, 55)));
    assert.equal(history.hasOlder, false);
    assert.equal(history.windowEnd, 55);
  });

  test('keeps what was loaded at the live end, beyond its gap, and shows only the window', () => {
    const held = { messages: range(151, 200), loading: false, hasOlder: true };
    const history = windowAround(held, range(41, 90), range(91, 140), PAGE);
    const state = { history: new Map([[ROOM, history]]), outbox: [], me: { username: 'alice' } };

    assert.deepEqual(seqs(history.messages), [...seqs(range(41, 140)), ...seqs(range(151, 200))]);
    assert.equal(history.hasOlder, true);
    assert.equal(history.windowEnd, 140);
    assert.deepEqual(seqs(timeline(state, ROOM)), seqs(range(41, 140)));
  });

  test('is one history with what was loaded when the page after it reaches it, or the newest message', () => {
    const held = { messages: range(120, 169), loading: false, hasOlder: true };

    assert.equal(windowAround(held, range(51, 100), range(101, 150), PAGE).windowEnd, null);
    assert.equal(windowAround(null, range(51, 100), range(101, 130), PAGE).windowEnd, null);
  });

  test('a window held before gives way to the new one, its live end kept', () => {
    const held = { messages: [...range(1, 60), ...range(141, 160)], loading: false, hasOlder: false, windowEnd: 60 };
    const history = windowAround(held, range(51, 100), range(101, 150), PAGE);

    assert.deepEqual(seqs(history.messages), seqs(range(51, 160)));
    assert.equal(history.windowEnd, null);
  });

  test('pages after it move its end on, and join the live end when they reach it or run short', () => {
    const history = { messages: [...range(1, 55), ...range(140, 150)], windowEnd: 55 };
    extendWindow(history, range(56, 105), PAGE);
    assert.equal(history.windowEnd, 105);

    extendWindow(history, range(106, 155), PAGE);
    assert.equal(history.windowEnd, null);
    assert.deepEqual(seqs(history.messages), seqs(range(1, 155)));

    const short = { messages: range(1, 55), windowEnd: 55 };
    extendWindow(short, range(56, 60), PAGE);
    assert.equal(short.windowEnd, null);
  });
});

describe('the Store around a message', () => {
  /** Alice signed in with the golden direct chat whose history is `count` messages, over a fake API. */
  async function signedIn(count) {
    const calls = [];
    const all = range(1, count);
    const api = {
      me: async () => ({ username: 'alice' }), blockedUsers: async () => [], limits: async () => ({}),
      rooms: async () => [{ ...goldenRoom(), last_seq: count, last_message: all.at(-1), unread_count: 0,
        members: goldenRoom().members.map((m) => ({ ...m, delivered_seq: count, read_seq: count })) }],
      messages: async (roomUuid, { before, after, limit }) => {
        calls.push({ before, after, limit });
        if (after !== undefined) return all.filter((m) => m.seq > after).slice(0, limit);
        return all.filter((m) => before === undefined || m.seq < before).slice(-limit);
      },
    };
    const store = new Store({ api });
    store.useTransport(() => true);
    await store.boot();
    return { store, calls };
  }
  const history = (store) => store.state.history.get(ROOM);

  test('opens a chat at an old message with the pages around it, never at its newest page', async () => {
    const { store, calls } = await signedIn(120);

    const loaded = store.loadAround(ROOM, 5);
    store.openRoom(ROOM);

    assert.equal(await loaded, true);
    assert.deepEqual(calls, [{ before: 6, after: undefined, limit: PAGE }, { before: undefined, after: 5, limit: PAGE }]);
    assert.deepEqual(seqs(timeline(store.state, ROOM)), seqs(range(1, 55)));
    assert.equal(history(store).hasOlder, false);
  });

  test('a live message waits beyond the gap, and shows once paging newer history reaches it', async () => {
    const { store, calls } = await signedIn(120);
    await store.loadAround(ROOM, 5);
    store.openRoom(ROOM);
    store.handleFrame({ type: 'message', message: message(121) });

    assert.deepEqual(seqs(timeline(store.state, ROOM)), seqs(range(1, 55)));
    await store.loadNewer(ROOM);
    assert.equal(history(store).windowEnd, 105);
    await store.loadNewer(ROOM);

    assert.deepEqual(calls.slice(2).map((c) => c.after), [55, 105]);
    assert.equal(history(store).windowEnd, null);
    assert.deepEqual(seqs(timeline(store.state, ROOM)), seqs(range(1, 121)));
  });

  test('a message already shown needs nothing loaded', async () => {
    const { store, calls } = await signedIn(120);
    store.openRoom(ROOM);
    await new Promise((resolve) => setImmediate(resolve));

    assert.equal(await store.loadAround(ROOM, 100), true);
    assert.deepEqual(calls, [{ before: undefined, after: undefined, limit: PAGE }]);
  });

  test('sending from a window goes back to the newest messages, the send under them', async () => {
    const { store, calls } = await signedIn(120);
    await store.loadAround(ROOM, 5);
    store.openRoom(ROOM);

    store.send(ROOM, 'back to now');
    await new Promise((resolve) => setImmediate(resolve));

    assert.deepEqual(calls.at(-1), { before: undefined, after: undefined, limit: PAGE });
    assert.equal(history(store).windowEnd, undefined);
    const shown = timeline(store.state, ROOM);
    assert.deepEqual(seqs(shown.slice(0, -1)), seqs(range(71, 120)));
    assert.equal(shown.at(-1).content, 'back to now');
  });

  test('of two jumps one after the other, the later one wins whichever answers first', async () => {
    const { store } = await signedIn(200);
    const first = store.loadAround(ROOM, 10);
    const second = store.loadAround(ROOM, 150);

    assert.equal(await second, true);
    assert.equal(await first, false);
    assert.ok(seqs(history(store).messages).includes(150));
    assert.ok(!seqs(history(store).messages).includes(10));
  });

  test('an old window does not count unread messages (it has a gap)', async () => {
    const { store } = await signedIn(120);
    await store.loadAround(ROOM, 5);
    const room = store.state.rooms.get(ROOM);
    room.unread_count = 2;

    applyFrame(store.state, { type: 'receipt', room_uuid: ROOM, user: 'alice', kind: 'read', seq: 118 });

    assert.equal(room.unread_count, 2);
  });
});
