// The REST client (js/api.js) outside a browser: a read that does not answer in time fails as a server out of reach
// does, and the chat whose first page it was loads again when opened again, as after any such failure; changes and a
// cancelled read are not timed out. Run with `node --test web-client/src/test/js`.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { ApiError, createApi, REQUEST_TIMEOUT_MS } from '../../main/resources/web/js/api.js';
import { Store } from '../../main/resources/web/js/store.js';

const GOLDEN = new URL('../../../../protocol/src/test/resources/golden/', import.meta.url);
const golden = (path) => JSON.parse(readFileSync(new URL(`${path}.json`, GOLDEN), 'utf8'));

/** A fetch that never answers (packets dropped silently) until its signal aborts it; `inits` collects the calls. */
function silentNetwork(inits = []) {
  return (path, init) => new Promise((resolve, reject) => {
    inits.push(init);
    init.signal?.addEventListener('abort', () => reject(init.signal.reason));
  });
}

describe('a read that does not answer', () => {
  // Node does not wait for AbortSignal.timeout's timer (a browser has no such question): something must.
  let alive;
  before(() => { alive = setInterval(() => {}, 1_000); });
  after(() => clearInterval(alive));

  test('fails after the timeout as a server out of reach does', async () => {
    const api = createApi(silentNetwork(), { timeoutMs: 20 });

    await assert.rejects(api.messages('r-1', { limit: 50 }), (error) => error instanceof ApiError
      && error.status === 0 && error.code === 'network'
      && error.message === "The server didn't answer. Check your connection.");
  });

  test('whose answer stops half-way fails the same way', async () => {
    const api = createApi((path, init) => Promise.resolve({ ok: true, status: 200,
      json: () => new Promise((resolve, reject) => init.signal.addEventListener('abort', () => reject(init.signal.reason))) }),
    { timeoutMs: 20 });

    await assert.rejects(api.rooms(), (error) => error.status === 0 && error.code === 'network');
  });

  test('is bounded by default, and a change is not (it may have been made: asking again is the caller\'s choice)', () => {
    const inits = [];
    const api = createApi(silentNetwork(inits));
    api.rooms();
    api.chatSettings('r-1', { pinned: true });

    assert.ok(REQUEST_TIMEOUT_MS > 0 && REQUEST_TIMEOUT_MS <= 30_000);
    assert.equal(inits[0].signal instanceof AbortSignal, true);
    assert.equal(inits[1].signal, undefined);
  });

  test('cancelled by its caller still rejects as aborted, not as a timeout', async () => {
    const abort = new AbortController();
    const api = createApi(silentNetwork(), { timeoutMs: 10_000 });
    const call = api.search('x', { signal: abort.signal });
    abort.abort();

    await assert.rejects(call, (error) => error.code === 'aborted');
  });

  test('leaves a chat opened meanwhile to load again when it is opened again', async () => {
    const room = { ...golden('server/room').room, last_seq: 3, unread_count: 0 };
    let network = 'silent';
    const answering = createApi(async () => ({ ok: true, status: 200, json: async () => [] }));
    const silent = createApi(silentNetwork(), { timeoutMs: 20 });
    const store = new Store({ api: { me: async () => ({ username: 'alice' }), rooms: async () => [room],
      blockedUsers: async () => [], limits: async () => golden('rest/limits'),
      messages: (...args) => (network === 'silent' ? silent : answering).messages(...args) } });
    await store.boot();

    store.openRoom(room.room_uuid);
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(store.state.history.has(room.room_uuid), false, 'forgotten, not shown as an empty chat');
    assert.equal(store.state.notice, "The server didn't answer. Check your connection.");

    network = 'back';
    store.openRoom(null);
    store.openRoom(room.room_uuid);
    await new Promise((resolve) => setTimeout(resolve, 0));
    assert.equal(store.state.history.get(room.room_uuid)?.loading, false);
  });
});
