// The snapshot for a reload while the server cannot be reached (js/snapshot.js and the Store's offline start), outside
// a browser: what is kept (bounded), what a reload shows from it, how the session is confirmed when the server is back,
// and that signing out or an ended session leaves nothing behind. Run with `node --test web-client/src/test/js`.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError } from '../../main/resources/web/js/api.js';
import {
  SNAPSHOT_CHATS, SNAPSHOT_KEY, SNAPSHOT_MESSAGES, SNAPSHOT_ROOMS, readSnapshot, takeSnapshot,
} from '../../main/resources/web/js/snapshot.js';
import { Store, createState } from '../../main/resources/web/js/store.js';

const BOB_ROOM = '00000000-0000-0000-0000-00000000000b';
const CAROL_ROOM = '00000000-0000-0000-0000-00000000000c';

function memoryStorage() {
  const items = new Map();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => items.set(key, String(value)),
    removeItem: (key) => items.delete(key),
    keys: () => [...items.keys()],
  };
}

function minute(n) {
  return new Date(Date.UTC(2026, 10, 1, 12, n)).toISOString();
}

function message(roomUuid, seq, user, content) {
  return { room_uuid: roomUuid, seq, user, content, created_at: minute(seq), message_uuid: `${roomUuid}-${seq}` };
}

function room(roomUuid, other, lastSeq, { unread = 0, at = lastSeq } = {}) {
  return {
    room_uuid: roomUuid, kind: 'direct', room_name: null, users: ['alice', other], last_seq: lastSeq,
    unread_count: unread,
    last_message: { ...message(roomUuid, lastSeq, other, `line ${lastSeq}`), created_at: minute(at) },
    last_activity_at: minute(at),
    members: [
      { username: 'alice', online: false, last_seen: null, delivered_seq: lastSeq, read_seq: lastSeq - unread },
      { username: other, online: true, last_seen: null, delivered_seq: lastSeq, read_seq: lastSeq },
    ],
  };
}

/** The server as the Store sees it: answers while `up`, a network failure while not; `session` false is a 401. */
function server() {
  const calls = [];
  const link = { up: true, session: true, me: { username: 'alice', display_name: null } };
  const answer = (name, value) => async (...args) => {
    calls.push(name);
    if (!link.up) throw new ApiError(0, 'network', "Can't reach the server. Check your connection.");
    if (!link.session) throw new ApiError(401, 'unauthorized', 'Sign in.');
    return typeof value === 'function' ? value(...args) : value;
  };
  const api = {
    me: answer('me', () => link.me),
    rooms: answer('rooms', () => [room(BOB_ROOM, 'bob', 2), room(CAROL_ROOM, 'carol', 1, { unread: 1 })]),
    blockedUsers: answer('blockedUsers', []),
    limits: answer('limits', {}),
    logout: answer('logout', null),
    messages: answer('messages', (roomUuid) => (roomUuid === BOB_ROOM
      ? [message(BOB_ROOM, 1, 'alice', 'Dinner at 7?'), message(BOB_ROOM, 2, 'bob', 'Yes, see you there')]
      : [message(CAROL_ROOM, 1, 'carol', 'Did you get the slides?')])),
    socketProbe: answer('socketProbe', null),
  };
  return { api, link, calls };
}

/** alice signed in with bob's chat open (its messages loaded), her snapshot written as the page went away. */
async function aliceWithBobsChatOpen(storage, remote) {
  const store = new Store({ api: remote.api, storage });
  await store.boot();
  store.openRoom(BOB_ROOM);
  await waitFor(() => store.state.history.get(BOB_ROOM)?.loading === false);
  store.saveSnapshot();
  return store;
}

async function waitFor(condition) {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((resolve) => setImmediate(resolve));
  assert.ok(condition(), 'the condition came true');
}

test('a reload while the server is down shows me, the chats and the open chat\'s messages as they were', async () => {
  const storage = memoryStorage();
  const remote = server();
  await aliceWithBobsChatOpen(storage, remote);
  remote.link.up = false;

  const reloaded = new Store({ api: remote.api, storage });
  let sessions = 0;
  reloaded.addEventListener('session', () => sessions++);
  await reloaded.boot();

  assert.equal(sessions, 1);
  assert.equal(reloaded.state.booted, true);
  assert.equal(reloaded.state.me.username, 'alice');
  assert.equal(reloaded.state.auth.error, null);
  assert.deepEqual([...reloaded.state.rooms.keys()].sort(), [BOB_ROOM, CAROL_ROOM]);
  assert.equal(reloaded.state.rooms.get(CAROL_ROOM).unread_count, 1);
  assert.equal(reloaded.state.rooms.get(BOB_ROOM).members.find((m) => m.username === 'bob').online, false,
    'not shown online while nobody can know');
  assert.deepEqual(reloaded.state.history.get(BOB_ROOM).messages.map((m) => m.content),
    ['Dinner at 7?', 'Yes, see you there']);
  reloaded.openRoom(BOB_ROOM);
  assert.equal(remote.calls.filter((call) => call === 'messages').length, 1, 'no page asked for: it is there');
});

test('without a snapshot a reload while the server is down shows the sign-in screen, saying why', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] }); // it asks again by itself, backing off: not in this test
  const remote = server();
  remote.link.up = false;
  const store = new Store({ api: remote.api, storage: memoryStorage() });

  await store.boot();

  assert.equal(store.state.me, null);
  assert.match(store.state.auth.error, /^Can't reach the server/);
});

test('when the server is back the socket\'s opening confirms the session and reads me again', async () => {
  const storage = memoryStorage();
  const remote = server();
  await aliceWithBobsChatOpen(storage, remote);
  remote.link.up = false;
  const reloaded = new Store({ api: remote.api, storage });
  await reloaded.boot();
  reloaded.openRoom(BOB_ROOM);
  const sent = [];
  reloaded.useTransport((frame) => sent.push(frame));

  remote.link.up = true;
  remote.link.me = { username: 'alice', display_name: 'Alice Liddell' };
  reloaded.connected();

  assert.deepEqual(sent[0], { type: 'sync', since: { [BOB_ROOM]: 2, [CAROL_ROOM]: 1 } });
  await waitFor(() => reloaded.state.me.display_name === 'Alice Liddell');
  reloaded.connected(); // the next connection: confirmed already
  assert.equal(remote.calls.filter((call) => call === 'me').length, 3);
});

test('a session the server ended meanwhile signs out when it is back, and leaves no snapshot', async () => {
  const storage = memoryStorage();
  const remote = server();
  await aliceWithBobsChatOpen(storage, remote);
  remote.link.up = false;
  const reloaded = new Store({ api: remote.api, storage });
  await reloaded.boot();
  reloaded.useTransport(() => true);

  remote.link.up = true;
  remote.link.session = false;
  await reloaded.checkSession(); // the socket's upgrade refused: the probe says why

  assert.equal(reloaded.state.me, null);
  assert.equal(reloaded.state.auth.error, 'Your session ended. Please sign in again.');
  assert.equal(storage.getItem(SNAPSHOT_KEY), null);
});

test('a 401 at start removes the snapshot: no later outage shows those chats', async (t) => {
  const storage = memoryStorage();
  const remote = server();
  await aliceWithBobsChatOpen(storage, remote);

  remote.link.session = false;
  await new Store({ api: remote.api, storage }).boot();
  remote.link.up = false;
  t.mock.timers.enable({ apis: ['setTimeout'] }); // the sign-in screen asks again by itself: not in this test
  const later = new Store({ api: remote.api, storage });
  await later.boot();

  assert.equal(storage.getItem(SNAPSHOT_KEY), null);
  assert.equal(later.state.me, null);
});

test('signing out removes the snapshot, even while the server is down', async () => {
  const storage = memoryStorage();
  const remote = server();
  const store = await aliceWithBobsChatOpen(storage, remote);
  assert.notEqual(storage.getItem(SNAPSHOT_KEY), null);

  remote.link.up = false;
  await store.signOut();
  await new Promise((resolve) => setTimeout(resolve, 1_100)); // past any pending write

  assert.deepEqual(storage.keys(), []);
});

test('a chat opened offline without kept messages loads them once the connection is back', async () => {
  const storage = memoryStorage();
  const remote = server();
  await aliceWithBobsChatOpen(storage, remote);
  remote.link.up = false;
  const reloaded = new Store({ api: remote.api, storage });
  await reloaded.boot();
  reloaded.useTransport(() => true);

  reloaded.openRoom(CAROL_ROOM);
  await waitFor(() => !reloaded.state.history.has(CAROL_ROOM)); // not loaded: not an empty chat either
  remote.link.up = true;
  reloaded.connected();

  await waitFor(() => reloaded.state.history.get(CAROL_ROOM)?.messages.length === 1);
});

test('a chat whose messages the server refuses is not asked for again at every connection', async () => {
  const remote = server();
  const store = new Store({ api: { ...remote.api, messages: async () => {
    throw new ApiError(403, 'forbidden', 'Not a member.');
  } }, storage: memoryStorage() });
  await store.boot();
  store.useTransport(() => true);

  store.openRoom(CAROL_ROOM);
  await waitFor(() => store.state.history.get(CAROL_ROOM)?.loading === false);
  store.connected();

  assert.equal(store.state.history.get(CAROL_ROOM).loading, false);
});

test('the snapshot is bounded: the first chats of the list, the newest messages of the chats opened last', () => {
  const state = createState();
  state.me = { username: 'alice' };
  for (let i = 1; i <= SNAPSHOT_ROOMS + 20; i++) {
    const uuid = `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`;
    state.rooms.set(uuid, room(uuid, `user${i}`, 100, { at: i }));
    state.history.set(uuid, { messages: Array.from({ length: 100 }, (_, seq) => message(uuid, seq + 1, 'alice', 'hi')),
      loading: false, hasOlder: false });
  }
  const newest = [...state.rooms.keys()].reverse();
  const windowed = newest[0];
  state.history.get(windowed).windowEnd = 50; // opened around an older message: not the newest page

  const kept = readSnapshot(takeSnapshot(state, newest));

  assert.equal(kept.rooms.size, SNAPSHOT_ROOMS);
  assert.deepEqual([...kept.rooms.keys()], newest.slice(0, SNAPSHOT_ROOMS));
  assert.deepEqual([...kept.history.keys()], newest.slice(1, SNAPSHOT_CHATS + 1));
  for (const history of kept.history.values()) {
    assert.deepEqual(history.messages.map((m) => m.seq), Array.from({ length: SNAPSHOT_MESSAGES }, (_, i) => 71 + i));
    assert.equal(history.hasOlder, true);
  }
});

test('past its size the snapshot drops the messages first, then the chats at the end of the list', () => {
  const state = createState();
  state.me = { username: 'alice' };
  state.rooms.set(BOB_ROOM, room(BOB_ROOM, 'bob', 2, { at: 2 }));
  state.rooms.set(CAROL_ROOM, room(CAROL_ROOM, 'carol', 1, { at: 1 }));
  state.history.set(BOB_ROOM, { messages: [message(BOB_ROOM, 1, 'bob', 'x'.repeat(5_000))], loading: false });

  const chatsOnly = takeSnapshot(state, []).length; // both chats, no messages: under 5,000 characters
  const withoutMessages = readSnapshot(takeSnapshot(state, [BOB_ROOM], { maxChars: chatsOnly }));
  const oneChat = readSnapshot(takeSnapshot(state, [BOB_ROOM], { maxChars: chatsOnly - 1 }));

  assert.equal(withoutMessages.history.size, 0);
  assert.equal(withoutMessages.rooms.size, 2);
  assert.deepEqual([...oneChat.rooms.keys()], [BOB_ROOM]);
});

test('a corrupt or foreign snapshot is ignored', () => {
  assert.equal(readSnapshot(null), null);
  assert.equal(readSnapshot('{not json'), null);
  assert.equal(readSnapshot(JSON.stringify({ version: 99, me: { username: 'alice' }, rooms: [] })), null);
});
