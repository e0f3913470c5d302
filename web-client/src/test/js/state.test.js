// The frame reducer (js/state.js) outside a browser: every golden server frame of the protocol module is applied to a
// small state and the result compared with the golden values. Run with `node --test web-client/src/test/js`.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { applyFrame, createState, forgetLivePresence, mergeMessages } from '../../main/resources/web/js/state.js';

const GOLDEN = new URL('../../../../protocol/src/test/resources/golden/server/', import.meta.url);
const NOW = 1_795_000_000_000;

/** Every golden server frame by type; each read returns a fresh copy, since the reducer mutates what it is given. */
const goldenTypes = readdirSync(GOLDEN).filter((file) => file.endsWith('.json')).map((file) => file.slice(0, -5)).sort();
const golden = (type) => JSON.parse(readFileSync(new URL(`${type}.json`, GOLDEN), 'utf8'));

const goldenRoom = () => golden('room').room;
const goldenMessage = () => golden('message').message;
const ROOM_UUID = goldenRoom().room_uuid;

/**
 * The golden room one seq before the golden message (so that message is news and alice's watermarks are below it),
 * with bob online (so the golden presence frame, bob going offline, is a change), seen by `me`, its history loaded
 * (empty) and one pending send of mine with `pendingClientId`.
 */
function stateOf(me, { pendingClientId = 'c-unrelated', messages = [] } = {}) {
  const previous = goldenMessage().seq - 1;
  const room = { ...goldenRoom(), last_seq: previous, last_message: null, unread_count: 0 };
  room.members = room.members.map((m) => (m.username === 'alice'
    ? { ...m, delivered_seq: previous, read_seq: previous }
    : { ...m, online: true }));
  const state = createState();
  state.me = { username: me };
  applyFrame(state, { type: 'room', room }, NOW);
  state.rooms.get(ROOM_UUID).known_seq = previous; // synced: everything up to last_seq was sent
  state.history.set(ROOM_UUID, { messages, loading: false, hasOlder: false });
  state.outbox = [{ client_id: pendingClientId, room_uuid: ROOM_UUID, content: 'pending',
    created_at: new Date(NOW).toISOString(), failed: false, error: null }];
  return state;
}

/** A plain copy of what a frame may change, so whole values can be compared. */
function snapshot(state) {
  return structuredClone({
    rooms: [...state.rooms.values()],
    history: Object.fromEntries([...state.history].map(([uuid, h]) => [uuid, h.messages])),
    outbox: state.outbox,
    typing: Object.fromEntries(state.typing),
    search: state.search,
  });
}

const room = (state) => state.rooms.get(ROOM_UUID);
const member = (state, username) => room(state).members.find((m) => m.username === username);
const history = (state) => state.history.get(ROOM_UUID).messages;
const messageWith = (seq, extra = {}) => ({ ...goldenMessage(), message_uuid: `uuid-${seq}`, seq, ...extra });

describe('the golden server frames', () => {
  test('are exactly the frame types these tests know, so a new one needs its expectation here', () => {
    assert.deepEqual(goldenTypes,
      ['ack', 'batch', 'block', 'error', 'event', 'message', 'pong', 'presence', 'profile', 'receipt', 'room',
        'synced', 'ticks', 'typing', 'update']);
  });

  test('each applies without throwing and returns a list of effects', () => {
    // A batch never reaches the state: the socket hands on its frames one by one (socket.test.js).
    for (const type of goldenTypes.filter((name) => name !== 'batch')) {
      const effects = applyFrame(stateOf(type === 'message' ? 'bob' : 'alice'), golden(type), NOW);
      assert.ok(Array.isArray(effects), type);
    }
  });
});

describe('block', () => {
  test('marks the person blocked, and an unblock (from any of my devices) lifts it', () => {
    const state = createState();
    state.me = { username: 'alice' };

    assert.deepEqual(applyFrame(state, golden('block'), NOW), []);
    assert.deepEqual([...state.blocked], ['bob']);

    applyFrame(state, { ...golden('block'), blocked: false }, NOW);
    assert.deepEqual([...state.blocked], []);
  });
});

describe('room', () => {
  test('adds the room as the server describes it, known up to my delivered seq', () => {
    const state = createState();
    state.me = { username: 'bob' };

    const effects = applyFrame(state, golden('room'), NOW);

    assert.deepEqual([...state.rooms.values()], [{ ...goldenRoom(), known_seq: 40 }]);
    assert.deepEqual(effects, []);
  });

  test('refreshing a room never lowers how far this client has been sent', () => {
    const state = stateOf('bob');
    applyFrame(state, golden('message'), NOW);

    applyFrame(state, golden('room'), NOW);

    assert.equal(room(state).known_seq, 42);
    assert.equal(room(state).unread_count, goldenRoom().unread_count);
  });
});

describe('message', () => {
  test('appends the message, makes it the last one, counts it unread and announces it', () => {
    const state = stateOf('bob');
    const message = goldenMessage();

    const effects = applyFrame(state, golden('message'), NOW);

    assert.deepEqual(history(state), [message]);
    assert.deepEqual(room(state).last_message, message);
    assert.equal(room(state).last_seq, 42);
    assert.equal(room(state).known_seq, 42);
    assert.equal(room(state).unread_count, 1);
    assert.deepEqual(effects, [{ type: 'incoming', message }]);
  });

  test('received twice is shown once, counted once and announced once', () => {
    const state = stateOf('bob');
    applyFrame(state, golden('message'), NOW);

    const effects = applyFrame(state, golden('message'), NOW);

    assert.deepEqual(history(state), [goldenMessage()]);
    assert.equal(room(state).unread_count, 1);
    assert.deepEqual(effects, []);
  });

  test('arriving out of order lands in seq order', () => {
    const state = stateOf('bob', { messages: [messageWith(40), messageWith(43)] });

    applyFrame(state, golden('message'), NOW);

    assert.deepEqual(history(state).map((m) => m.seq), [40, 42, 43]);
  });

  test('replayed at or below last_seq is history, not news', () => {
    const state = stateOf('bob');
    room(state).last_seq = 42;

    const effects = applyFrame(state, golden('message'), NOW);

    assert.deepEqual(history(state), [goldenMessage()]);
    assert.equal(room(state).unread_count, 0);
    assert.equal(room(state).last_message, null);
    assert.deepEqual(effects, []);
  });

  test('from the person typing ends their typing indicator', () => {
    const state = stateOf('bob');
    applyFrame(state, golden('typing'), NOW);

    applyFrame(state, golden('message'), NOW);

    assert.deepEqual(Object.fromEntries(state.typing), {});
  });

  test('for a room this client does not know asks for the room list instead', () => {
    const state = createState();
    state.me = { username: 'bob' };

    const effects = applyFrame(state, golden('message'), NOW);

    assert.deepEqual(effects, [{ type: 'unknown-room', roomUuid: ROOM_UUID }]);
    assert.deepEqual(state.history, new Map());
  });

  test('of mine replayed by sync settles my pending copy, as an ack would', () => {
    const state = stateOf('alice', { pendingClientId: goldenMessage().client_id });

    applyFrame(state, golden('message'), NOW);

    assert.deepEqual(state.outbox, []);
    assert.deepEqual(history(state), [goldenMessage()]);
    assert.equal(room(state).unread_count, 0);
  });
});

describe('ack', () => {
  test('replaces my pending send with the stored message and moves my own watermarks', () => {
    const state = stateOf('alice', { pendingClientId: golden('ack').client_id });

    const effects = applyFrame(state, golden('ack'), NOW);

    assert.deepEqual(state.outbox, []);
    assert.deepEqual(history(state), [golden('ack').message]);
    assert.equal(room(state).last_seq, 42);
    assert.equal(room(state).unread_count, 0);
    assert.deepEqual(member(state, 'alice'), { ...member(stateOf('alice'), 'alice'), delivered_seq: 42, read_seq: 42 });
    assert.deepEqual(effects, []);
  });

  test('leaves my other pending sends alone', () => {
    const state = stateOf('alice', { pendingClientId: 'c-other' });

    applyFrame(state, golden('ack'), NOW);

    assert.deepEqual(state.outbox.map((item) => item.client_id), ['c-other']);
  });
});

describe('receipt', () => {
  test('read moves the reader\'s read and delivered watermarks', () => {
    const state = stateOf('alice');
    const before = member(state, 'bob');

    const effects = applyFrame(state, golden('receipt'), NOW);

    assert.deepEqual(member(state, 'bob'), { ...before, delivered_seq: 42, read_seq: 42 });
    assert.deepEqual(effects, []);
  });

  test('delivered moves only the delivered watermark', () => {
    const state = stateOf('alice');
    const before = member(state, 'bob');

    applyFrame(state, { ...golden('receipt'), kind: 'delivered' }, NOW);

    assert.deepEqual(member(state, 'bob'), { ...before, delivered_seq: 42 });
  });

  test('never moves a watermark backwards', () => {
    const state = stateOf('alice');
    applyFrame(state, golden('receipt'), NOW);

    applyFrame(state, { ...golden('receipt'), seq: 30 }, NOW);

    assert.equal(member(state, 'bob').read_seq, 42);
    assert.equal(member(state, 'bob').delivered_seq, 42);
  });

  test('of my own read on another device clears what I read there', () => {
    const state = stateOf('bob');
    applyFrame(state, golden('message'), NOW);

    applyFrame(state, golden('receipt'), NOW);

    assert.equal(room(state).unread_count, 0);
  });
});

describe('typing', () => {
  test('shows who types in the room for five seconds', () => {
    const state = stateOf('bob');

    const effects = applyFrame(state, golden('typing'), NOW);

    assert.deepEqual(Object.fromEntries(state.typing), { [ROOM_UUID]: [{ user: 'alice', until: NOW + 5_000 }] });
    assert.deepEqual(effects, []);
  });

  test('of my own (another device of mine) shows nothing', () => {
    const state = stateOf('alice');

    applyFrame(state, golden('typing'), NOW);

    assert.deepEqual(Object.fromEntries(state.typing), {});
  });
});

describe('presence', () => {
  test('updates the person in every room and in the people search results', () => {
    const state = stateOf('alice');
    state.search.results = [{ username: 'bob', online: true, last_seen: null }];
    const frame = golden('presence');

    applyFrame(state, frame, NOW);

    assert.deepEqual(member(state, 'bob'), { ...member(stateOf('alice'), 'bob'), online: false, last_seen: frame.last_seen });
    assert.deepEqual(state.search.results, [{ username: 'bob', online: false, last_seen: frame.last_seen }]);
  });
});

describe('a lost connection', () => {
  test('shows nobody online until the rooms are refreshed, and keeps a last seen already known', () => {
    const state = stateOf('alice');
    applyFrame(state, { type: 'presence', user: 'bob', online: true, last_seen: null }, NOW);
    state.search.results = [{ username: 'bob', online: true, last_seen: null },
      { username: 'carol', online: false, last_seen: '2026-11-29T10:00:00Z' }];
    const aliceBefore = structuredClone(member(state, 'alice'));

    forgetLivePresence(state);

    assert.equal(member(state, 'bob').online, false);
    assert.equal(member(state, 'bob').last_seen, null);
    assert.deepEqual(member(state, 'alice'), { ...aliceBefore, online: false, last_seen: null });
    assert.deepEqual(state.search.results, [{ username: 'bob', online: false, last_seen: null },
      { username: 'carol', online: false, last_seen: '2026-11-29T10:00:00Z' }]);
  });
});

describe('profile', () => {
  test("sets the person's display name and About in every room, in the people found and in me when it is me", () => {
    const state = stateOf('alice');
    state.me = { username: 'alice', display_name: null, about: null, online: true, last_seen: null };
    member(state, 'alice').display_name = null;
    member(state, 'alice').about = null;
    state.search.results = [{ username: 'alice', display_name: null, about: null, online: false, last_seen: null }];

    applyFrame(state, golden('profile'), NOW);

    const profile = { display_name: 'Alice Liddell', about: 'At the tea party' };
    assert.deepEqual(member(state, 'alice'), { ...member(stateOf('alice'), 'alice'), ...profile });
    assert.deepEqual(state.search.results, [{ username: 'alice', ...profile, online: false, last_seen: null }]);
    assert.deepEqual(state.me, { username: 'alice', ...profile, online: true, last_seen: null });
  });

  test('clears what the frame says is no longer set, and leaves everyone else as they were', () => {
    const state = stateOf('bob');
    const bobBefore = structuredClone(member(state, 'bob'));

    applyFrame(state, { type: 'profile', user: 'alice', display_name: null, about: null }, NOW);

    assert.deepEqual(member(state, 'alice'), { ...member(stateOf('bob'), 'alice'), display_name: null, about: null });
    assert.deepEqual(member(state, 'bob'), bobBefore);
    assert.deepEqual(state.me, { username: 'bob' });
  });
});

describe('synced', () => {
  test('hands the rooms with more history than the replay to the store', () => {
    const state = stateOf('bob');
    const before = snapshot(state);

    const effects = applyFrame(state, golden('synced'), NOW);

    assert.deepEqual(effects, [{ type: 'synced', hasMore: [ROOM_UUID] }]);
    assert.deepEqual(snapshot(state), before);
  });

  test('without has_more hands over an empty list', () => {
    const { has_more: _ignored, ...frame } = golden('synced');

    assert.deepEqual(applyFrame(stateOf('bob'), frame, NOW), [{ type: 'synced', hasMore: [] }]);
  });
});

describe('error', () => {
  test('rate_limited for my pending send keeps it (and every later one) waiting and asks to resend after the hint', () => {
    const frame = golden('error');
    const state = stateOf('alice', { pendingClientId: frame.client_id });
    state.outbox.push({ ...state.outbox[0], client_id: 'c-later' });

    const effects = applyFrame(state, frame, NOW);

    assert.equal(frame.code, 'rate_limited');
    assert.deepEqual(state.outbox.map((item) => [item.client_id, item.failed, item.waiting]),
      [[frame.client_id, false, true], ['c-later', false, true]]);
    assert.deepEqual(effects, [{ type: 'resend-later', afterMs: frame.retry_after_ms }]);
  });

  test('any other refusal of my pending send marks it failed with the server\'s reason', () => {
    const frame = { ...golden('error'), code: 'validation', message: 'content must not be empty' };
    delete frame.retry_after_ms;
    const state = stateOf('alice', { pendingClientId: frame.client_id });

    const effects = applyFrame(state, frame, NOW);

    assert.deepEqual(state.outbox, [{ ...stateOf('alice', { pendingClientId: frame.client_id }).outbox[0],
      failed: true, error: 'Content must not be empty.' }]);
    assert.deepEqual(effects, []);
  });

  test('for nothing pending becomes a notice', () => {
    const frame = golden('error');
    const state = stateOf('alice', { pendingClientId: 'c-other' });
    const before = snapshot(state);

    const effects = applyFrame(state, frame, NOW);

    assert.deepEqual(effects, [{ type: 'notice', text: 'Sending too fast: at most 10 messages per second.', code: frame.code }]);
    assert.deepEqual(snapshot(state), before);
  });
});

describe('pong and unknown frames', () => {
  for (const frame of [golden('pong'), { type: 'from-a-newer-server', x: 1 }, null]) {
    test(`${JSON.stringify(frame)} changes nothing`, () => {
      const state = stateOf('alice');
      const before = snapshot(state);

      assert.deepEqual(applyFrame(state, frame, NOW), []);
      assert.deepEqual(snapshot(state), before);
    });
  }
});

describe('mergeMessages', () => {
  test('keeps every seq once, the newer copy winning, in ascending order', () => {
    const merged = mergeMessages([messageWith(3), messageWith(1)], [messageWith(2), messageWith(3, { content: 'new' })]);

    assert.deepEqual(merged, [messageWith(1), messageWith(2), messageWith(3, { content: 'new' })]);
  });
});

test('a live message past the next expected seq asks for a sync of what lies between', () => {
  const state = stateOf('bob');
  const known = room(state).known_seq;
  const ahead = { ...goldenMessage(), seq: known + 3 };

  const effects = applyFrame(state, { type: 'message', message: ahead }, NOW);

  assert.deepEqual(effects.filter((e) => e.type === 'gap'), [{ type: 'gap', roomUuid: ROOM_UUID, since: known }]);
  assert.equal(room(state).known_seq, known + 3);
});

test('the next message in line, or one already held, asks for no sync', () => {
  const state = stateOf('bob');
  const known = room(state).known_seq;

  const next = applyFrame(state, { type: 'message', message: { ...goldenMessage(), seq: known + 1 } }, NOW);
  const again = applyFrame(state, { type: 'message', message: { ...goldenMessage(), seq: known } }, NOW);

  assert.deepEqual([...next, ...again].filter((e) => e.type === 'gap'), []);
});
