// A live message that skips seqs makes the Store (js/store.js) sync that room from the last seq it holds, once
// until the sync ends, and the replay fills the hole in order. Run with `node --test web-client/src/test/js`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Store } from '../../main/resources/web/js/store.js';

const GOLDEN = new URL('../../../../protocol/src/test/resources/golden/', import.meta.url);
const goldenRoom = () => JSON.parse(readFileSync(new URL('rest/room.json', GOLDEN), 'utf8'));
const ROOM = goldenRoom().room_uuid;
const message = (seq) => ({ message_uuid: `00000000-0000-7000-8000-${String(seq).padStart(12, '0')}`,
  content: `m${seq}`, room: 'alice & bob', room_uuid: ROOM, user: 'alice', created_at: '2026-11-29T10:00:00Z', seq,
  kind: 'message' });

async function signedInAsBob() {
  const room = { ...goldenRoom(), last_seq: 2 };
  room.members = room.members.map((m) => ({ ...m, delivered_seq: 2, read_seq: 2 }));
  const store = new Store({ api: { me: async () => ({ username: 'bob' }), rooms: async () => [room],
    blockedUsers: async () => [], messages: async () => [] } });
  const sent = [];
  store.useTransport((frame) => sent.push(frame) > 0);
  await store.boot();
  store.setConnection('open');
  store.openRoom(ROOM);
  await new Promise((resolve) => setImmediate(resolve));
  return { store, sent };
}

test('a message that skips seqs syncs the room from the last one held, once until the sync ends', async () => {
  const { store, sent } = await signedInAsBob();

  store.handleFrame({ type: 'message', message: message(5) });
  store.handleFrame({ type: 'message', message: message(6) });
  store.handleFrame({ type: 'message', message: message(8) });

  assert.deepEqual(sent.filter((f) => f.type === 'sync'), [{ type: 'sync', since: { [ROOM]: 2 } }]);

  store.handleFrame({ type: 'message', message: message(3) });
  store.handleFrame({ type: 'message', message: message(4) });
  store.handleFrame({ type: 'message', message: message(5) });
  store.handleFrame({ type: 'synced', has_more: [] });
  store.handleFrame({ type: 'message', message: message(10) });

  assert.deepEqual(store.state.history.get(ROOM).messages.map((m) => m.seq), [3, 4, 5, 6, 8, 10]);
  assert.deepEqual(sent.filter((f) => f.type === 'sync').map((f) => f.since[ROOM]), [2, 8]);
});
