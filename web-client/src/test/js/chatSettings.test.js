// Chat management in the frame reducer (js/state.js) and the selectors of the chat list (js/selectors.js): the
// golden room frame carries my settings of the chat; pinned chats come first, archived ones leave the list, a message
// from someone else brings an archived chat back unless it is muted, and a cleared chat drops what it showed.
// Run with `node --test web-client/src/test/js`.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { archivedCount, sortedRooms } from '../../main/resources/web/js/selectors.js';
import { applyFrame, createState, isMuted } from '../../main/resources/web/js/state.js';
import { chatActions } from '../../main/resources/web/js/views/chatMenu.js';

const GOLDEN = new URL('../../../../protocol/src/test/resources/golden/', import.meta.url);
const NOW = Date.parse('2026-11-24T12:00:00Z');
const goldenRoom = () => JSON.parse(readFileSync(new URL('server/room.json', GOLDEN), 'utf8')).room;
const goldenMessage = () => JSON.parse(readFileSync(new URL('server/message.json', GOLDEN), 'utf8')).message;

/** bob's state with the golden room (as `changes` say) and two more chats, newest activity first: c, b, golden. */
function bobWith(changes = {}) {
  const state = createState();
  state.me = { username: 'bob' };
  applyFrame(state, { type: 'room', room: { ...goldenRoom(), ...changes } }, NOW);
  for (const [uuid, time] of [['b', '2026-11-24T10:00:00Z'], ['c', '2026-11-24T11:00:00Z']]) {
    applyFrame(state, { type: 'room', room: { ...goldenRoom(), room_uuid: uuid, pinned: false, muted_until: null,
      last_message: { ...goldenRoom().last_message, room_uuid: uuid, created_at: time } } }, NOW);
  }
  return state;
}

/** A message from `user` in the golden room after everything it holds. */
function messageFrom(user, seq = 43) {
  return { type: 'message', message: { ...goldenMessage(), user, seq, message_uuid: `m-${seq}`,
    created_at: '2026-11-24T12:00:00Z', client_id: `c-${seq}` } };
}

describe('chat settings', () => {
  test('the golden room frame carries my settings of the chat', () => {
    const room = bobWith().rooms.get(goldenRoom().room_uuid);

    assert.deepEqual([room.pinned, room.muted_until, room.archived, room.marked_unread, room.cleared_seq],
      [true, '2026-11-24T17:15:00Z', false, false, 12]);
  });

  test('a pinned chat is listed first, the others by activity', () => {
    assert.deepEqual(sortedRooms(bobWith()).map((r) => r.room_uuid), [goldenRoom().room_uuid, 'c', 'b']);
    assert.deepEqual(sortedRooms(bobWith({ pinned: false })).map((r) => r.room_uuid), ['c', 'b', goldenRoom().room_uuid]);
  });

  test('chats active in the same millisecond keep one order, whichever reached the list first', () => {
    const tied = (uuid) => ({ ...goldenRoom(), room_uuid: uuid, pinned: false, last_message: null,
      last_activity_at: '2026-11-24T11:30:00Z' });
    const orders = [['01a', '01c', '01b'], ['01c', '01b', '01a']].map((arrival) => {
      const state = createState();
      state.me = { username: 'bob' };
      for (const uuid of arrival) applyFrame(state, { type: 'room', room: tied(uuid) }, NOW);
      return sortedRooms(state).map((r) => r.room_uuid);
    });

    assert.deepEqual(orders, [['01c', '01b', '01a'], ['01c', '01b', '01a']]);
  });

  test('a chat I cleared keeps its place: it is ordered by its last activity, not by a last message it no longer has', () => {
    const state = bobWith({ pinned: false, last_message: null, last_activity_at: '2026-11-24T11:30:00Z' });

    assert.deepEqual(sortedRooms(state).map((r) => r.room_uuid), [goldenRoom().room_uuid, 'c', 'b']);
  });

  test('a message that came since moves a cleared chat up past its last activity', () => {
    const state = bobWith({ pinned: false, last_message: null, last_activity_at: '2026-11-24T09:30:00Z' });
    assert.deepEqual(sortedRooms(state).map((r) => r.room_uuid), ['c', 'b', goldenRoom().room_uuid]);

    applyFrame(state, messageFrom('alice'), NOW);

    assert.deepEqual(sortedRooms(state).map((r) => r.room_uuid), [goldenRoom().room_uuid, 'c', 'b']);
  });

  test('an archived chat leaves the list for the archived one, and a filter still finds it', () => {
    const state = bobWith({ archived: true, pinned: false });

    assert.deepEqual(sortedRooms(state).map((r) => r.room_uuid), ['c', 'b']);
    assert.deepEqual(sortedRooms(state, '', { archived: true }).map((r) => r.room_uuid), [goldenRoom().room_uuid]);
    assert.equal(archivedCount(state), 1);
    assert.equal(sortedRooms(state, 'ali').length, 3);
  });

  test('a message from someone else brings an archived chat back', () => {
    const state = bobWith({ archived: true, pinned: false, muted_until: null });

    applyFrame(state, messageFrom('alice'), NOW);

    assert.equal(state.rooms.get(goldenRoom().room_uuid).archived, false);
  });

  test('my own message, or one in a muted chat, leaves it archived', () => {
    const mine = bobWith({ archived: true, pinned: false, muted_until: null });
    const muted = bobWith({ archived: true, pinned: false, muted_until: 'forever' });

    applyFrame(mine, messageFrom('bob'), NOW);
    applyFrame(muted, messageFrom('alice'), NOW);

    assert.equal(mine.rooms.get(goldenRoom().room_uuid).archived, true);
    assert.equal(muted.rooms.get(goldenRoom().room_uuid).archived, true);
  });

  test('a mute holds until its time, forever always', () => {
    assert.equal(isMuted({ muted_until: '2026-11-24T17:15:00Z' }, NOW), true);
    assert.equal(isMuted({ muted_until: '2026-11-24T11:00:00Z' }, NOW), false);
    assert.equal(isMuted({ muted_until: 'forever' }, NOW), true);
    assert.equal(isMuted({ muted_until: null }, NOW), false);
  });

  test('a room frame that clears the chat drops the messages it showed up to cleared_seq', () => {
    const state = bobWith({ cleared_seq: 0 });
    const uuid = goldenRoom().room_uuid;
    state.history.set(uuid, { messages: [41, 42].map((seq) => ({ ...goldenMessage(), seq })), loading: false });

    applyFrame(state, { type: 'room', room: { ...goldenRoom(), cleared_seq: 41 } }, NOW);

    assert.deepEqual(state.history.get(uuid).messages.map((m) => m.seq), [42]);
  });

  test('the menu offers what the chat is not yet: unpin, unmute, archive, mark as read', () => {
    const ids = chatActions({ ...goldenRoom(), unread_count: 3 }, NOW).map((item) => item.id);

    assert.deepEqual(ids, ['unpin', 'unmute', 'archive', 'read', 'clear']);
    assert.deepEqual(chatActions({ ...goldenRoom(), pinned: false, muted_until: null, unread_count: 0 }, NOW)
      .map((item) => item.id), ['pin', 'mute-8h', 'mute-week', 'mute-always', 'archive', 'unread', 'clear']);
  });
});
