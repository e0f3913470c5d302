// Groups in the Store (js/store.js) outside a browser, against a fake API: creating one, answers that arrive after
// newer frames, the history of a group joined later, and nothing sent for a group I am no longer in.
// Run with `node --test web-client/src/test/js`.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Store } from '../../main/resources/web/js/store.js';

const GOLDEN = new URL('../../../../protocol/src/test/resources/golden/', import.meta.url);
const goldenGroup = () => JSON.parse(readFileSync(new URL('rest/room-group.json', GOLDEN), 'utf8'));
const ROOM = goldenGroup().room_uuid;

/** A Store signed in as `me` with these rooms, over an API that records calls; `sent` collects frames. */
async function signedIn(me, rooms, api = {}) {
  const calls = [];
  const fake = {
    me: async () => ({ username: me }), rooms: async () => rooms, blockedUsers: async () => [],
    ...Object.fromEntries(Object.entries(api).map(([name, fn]) => [name, async (...args) => {
      calls.push([name, ...args]);
      return fn(...args);
    }])),
  };
  const store = new Store({ api: fake });
  const sent = [];
  store.useTransport((frame) => sent.push(frame) > 0);
  await store.boot();
  return { store, calls, sent };
}

test('creating a group posts its name and members and opens with the group in the list', async () => {
  const { store, calls } = await signedIn('alice', [], { createGroup: () => goldenGroup() });

  const uuid = await store.createGroup('Trip 2027', ['bob', 'carol']);

  assert.equal(uuid, ROOM);
  assert.deepEqual(calls, [['createGroup', 'Trip 2027', ['bob', 'carol']]]);
  assert.equal(store.state.rooms.get(ROOM).room_name, 'Trip 2027');
});

test('an answer older than the frames already applied does not roll the group back', async () => {
  const stale = { ...goldenGroup(), room_name: 'Old name', last_seq: 6 };
  const { store } = await signedIn('bob', [goldenGroup()], { renameGroup: () => stale });

  await store.renameGroup(ROOM, 'Old name');

  assert.equal(store.state.rooms.get(ROOM).room_name, 'Trip 2027');
});

test('a short first page of a group joined later means there is nothing older to load', async () => {
  const page = [4, 5, 6, 7].map((seq) => ({ message_uuid: `m${seq}`, seq, user: 'bob', content: 'x', kind: 'message',
    room_uuid: ROOM, created_at: '2026-11-24T09:00:00Z' }));
  const { store, calls } = await signedIn('carol', [goldenGroup()], { messages: () => page });
  store.openRoom(ROOM);
  await new Promise((resolve) => setImmediate(resolve));

  await store.loadOlder(ROOM);

  assert.equal(store.state.history.get(ROOM).hasOlder, false);
  assert.deepEqual(calls.map(([name]) => name), ['messages']);
});

test('nothing is sent for a group I am no longer in: no read, no typing, no message', async () => {
  const left = { ...goldenGroup(), member: false, unread_count: 1,
    members: goldenGroup().members.filter((m) => m.username !== 'carol') };
  const { store, sent } = await signedIn('carol', [left]);

  store.markRead(ROOM);
  store.typing(ROOM);

  assert.equal(store.send(ROOM, 'let me in'), false);
  assert.deepEqual(sent, []);
});
