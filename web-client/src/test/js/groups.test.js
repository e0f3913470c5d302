// Groups in the frame reducer (js/state.js) and the selectors the views read (js/selectors.js), outside a browser:
// the golden group room and event of the protocol module applied to a small state, membership events changing the
// room, unread counting only messages, several people typing, and group ticks from the members' watermarks.
// Run with `node --test web-client/src/test/js`.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import {
  describeEvent, messageReceipts, messageStatus, roomTitle, sortedRooms, typingText, typingUsers,
} from '../../main/resources/web/js/selectors.js';
import { applyFrame, createState, upsertRoom } from '../../main/resources/web/js/state.js';
import { groupInitials } from '../../main/resources/web/js/views/avatar.js';

const GOLDEN = new URL('../../../../protocol/src/test/resources/golden/', import.meta.url);
const NOW = 1_795_000_000_000;

const golden = (path) => JSON.parse(readFileSync(new URL(`${path}.json`, GOLDEN), 'utf8'));
const goldenGroup = () => golden('rest/room-group');
const goldenEvent = () => golden('server/event').message;
const ROOM_UUID = goldenGroup().room_uuid;

/** The golden group (alice owner, bob admin, carol member since seq 4; last seq 7) as `me` sees it, history loaded. */
function groupOf(me, { messages = [] } = {}) {
  const state = createState();
  state.me = { username: me };
  applyFrame(state, { type: 'room', room: goldenGroup() }, NOW);
  state.rooms.get(ROOM_UUID).known_seq = goldenGroup().last_seq; // synced: everything up to last_seq was sent
  state.history.set(ROOM_UUID, { messages, loading: false, hasOlder: false });
  return state;
}

const room = (state) => state.rooms.get(ROOM_UUID);
const member = (state, username) => room(state).members.find((m) => m.username === username);
const usernames = (state) => room(state).members.map((m) => m.username);

/** A room event of the golden group at `seq`, by `actor`. */
function eventFrame(seq, action, actor, users = [], extra = {}) {
  return { type: 'message', message: { ...goldenEvent(), message_uuid: `event-${seq}`, seq, user: actor,
    content: `${actor} ${action}`, event: { action, actor, users, ...extra } } };
}

/** A message of the golden group at `seq`, from `user`. */
function messageFrame(seq, user, content = `message ${seq}`) {
  return { type: 'message', message: { message_uuid: `message-${seq}`, content, room: 'Trip 2027',
    room_uuid: ROOM_UUID, user, created_at: '2026-11-24T09:30:00Z', seq, kind: 'message' } };
}

describe('a room frame for a new group', () => {
  test('adds the group as the server describes it, known up to my delivered seq', () => {
    const state = createState();
    state.me = { username: 'carol' };

    const effects = applyFrame(state, { type: 'room', room: goldenGroup() }, NOW);

    assert.deepEqual([...state.rooms.values()], [{ ...goldenGroup(), known_seq: 6 }]);
    assert.deepEqual(effects, []);
  });

  test('of a group I am no longer in is known up to its last seq: nothing newer will come', () => {
    const state = createState();
    state.me = { username: 'dave' };

    upsertRoom(state, { ...goldenGroup(), member: false });

    assert.equal(room(state).known_seq, 7);
  });
});

describe('membership events', () => {
  test('added (the golden event) makes the named members, with joined_seq at the event and watermarks below it', () => {
    const state = groupOf('bob');
    const event = goldenEvent();

    const effects = applyFrame(state, golden('server/event'), NOW);

    assert.deepEqual(room(state).users, ['alice', 'bob', 'carol', 'dave', 'erin']);
    assert.deepEqual(room(state).members.slice(3), [
      { username: 'dave', online: false, last_seen: null, delivered_seq: 7, read_seq: 7, role: 'member', joined_seq: 8 },
      { username: 'erin', online: false, last_seen: null, delivered_seq: 7, read_seq: 7, role: 'member', joined_seq: 8 },
    ]);
    assert.deepEqual(room(state).last_message, event);
    assert.equal(room(state).last_seq, 8);
    assert.deepEqual(state.history.get(ROOM_UUID).messages, [event]);
    assert.deepEqual(effects, []);
  });

  test('are never unread', () => {
    const state = groupOf('bob');

    applyFrame(state, golden('server/event'), NOW);

    assert.equal(room(state).unread_count, goldenGroup().unread_count);
  });

  test('removed drops the member from users and members', () => {
    const state = groupOf('alice');

    applyFrame(state, eventFrame(8, 'removed', 'alice', ['carol']), NOW);

    assert.deepEqual(room(state).users, ['alice', 'bob']);
    assert.deepEqual(usernames(state), ['alice', 'bob']);
    assert.equal(room(state).member, true);
  });

  test('removed naming me makes me no longer a member', () => {
    const state = groupOf('carol');

    applyFrame(state, eventFrame(8, 'removed', 'alice', ['carol']), NOW);

    assert.equal(room(state).member, false);
    assert.deepEqual(usernames(state), ['alice', 'bob']);
  });

  test('left naming me makes me no longer a member', () => {
    const state = groupOf('carol');

    applyFrame(state, eventFrame(8, 'left', 'carol', ['carol']), NOW);

    assert.equal(room(state).member, false);
    assert.deepEqual(room(state).users, ['alice', 'bob']);
  });

  test('left by someone else ends their typing too', () => {
    const state = groupOf('alice');
    applyFrame(state, { type: 'typing', room_uuid: ROOM_UUID, user: 'carol' }, NOW);

    applyFrame(state, eventFrame(8, 'left', 'carol', ['carol']), NOW);

    assert.deepEqual(typingUsers(state, ROOM_UUID, NOW), []);
  });

  test('added naming me after I left makes me a member again', () => {
    const state = groupOf('alice');
    applyFrame(state, eventFrame(8, 'left', 'alice', ['alice']), NOW);

    applyFrame(state, eventFrame(9, 'added', 'bob', ['alice']), NOW);

    assert.equal(room(state).member, true);
    assert.deepEqual(member(state, 'alice').joined_seq, 9);
  });

  test('renamed renames the group', () => {
    const state = groupOf('bob');

    applyFrame(state, eventFrame(8, 'renamed', 'alice', [], { name: 'Trip 2028' }), NOW);

    assert.equal(room(state).room_name, 'Trip 2028');
  });

  test('role_changed gives the named member the new role', () => {
    const state = groupOf('bob');

    applyFrame(state, eventFrame(8, 'role_changed', 'alice', ['carol'], { role: 'admin' }), NOW);

    assert.deepEqual(member(state, 'carol'), { ...goldenGroup().members[2], role: 'admin' });
  });

  test('replayed at or below last_seq change nothing: the room already shows them', () => {
    const state = groupOf('bob');

    applyFrame(state, eventFrame(7, 'renamed', 'alice', [], { name: 'An older name' }), NOW);
    applyFrame(state, eventFrame(6, 'removed', 'alice', ['carol']), NOW);

    assert.equal(room(state).room_name, 'Trip 2027');
    assert.deepEqual(usernames(state), ['alice', 'bob', 'carol']);
  });

  test('for a group this client does not know ask for the room list', () => {
    const state = createState();
    state.me = { username: 'dave' };

    assert.deepEqual(applyFrame(state, golden('server/event'), NOW), [{ type: 'unknown-room', roomUuid: ROOM_UUID }]);
  });
});

describe('messages in a group', () => {
  test('from others count as unread and are announced', () => {
    const state = groupOf('carol');

    const effects = applyFrame(state, messageFrame(8, 'bob'), NOW);

    assert.equal(room(state).unread_count, goldenGroup().unread_count + 1);
    assert.deepEqual(effects, [{ type: 'incoming', message: messageFrame(8, 'bob').message }]);
  });

  test('my read on another device leaves unread only the later messages, never the events', () => {
    const state = groupOf('carol', { messages: [messageFrame(7, 'bob').message] });
    room(state).unread_count = 0;
    applyFrame(state, messageFrame(8, 'bob'), NOW);
    applyFrame(state, eventFrame(9, 'renamed', 'alice', [], { name: 'Trip 2028' }), NOW);
    applyFrame(state, messageFrame(10, 'alice'), NOW);

    applyFrame(state, { type: 'receipt', room_uuid: ROOM_UUID, user: 'carol', kind: 'read', seq: 8 }, NOW);

    assert.equal(room(state).unread_count, 1);
  });
});

describe('typing in a group', () => {
  test('shows everyone typing, in the order they started, and a message ends only its sender\'s', () => {
    const state = groupOf('alice');
    applyFrame(state, { type: 'typing', room_uuid: ROOM_UUID, user: 'bob' }, NOW);
    applyFrame(state, { type: 'typing', room_uuid: ROOM_UUID, user: 'carol' }, NOW + 1_000);
    applyFrame(state, { type: 'typing', room_uuid: ROOM_UUID, user: 'bob' }, NOW + 2_000);

    assert.deepEqual(typingUsers(state, ROOM_UUID, NOW + 2_000), ['bob', 'carol']);

    applyFrame(state, messageFrame(8, 'bob'), NOW + 3_000);

    assert.deepEqual(typingUsers(state, ROOM_UUID, NOW + 3_000), ['carol']);
    assert.deepEqual(typingUsers(state, ROOM_UUID, NOW + 6_000), []);
  });

  test('is worded with the names', () => {
    assert.equal(typingText(['bob']), 'bob is typing…');
    assert.equal(typingText(['bob', 'carol']), 'bob and carol are typing…');
    assert.equal(typingText(['bob', 'carol', 'dave']), 'bob, carol and dave are typing…');
    assert.equal(typingText([]), '');
  });
});

describe('group ticks', () => {
  /** alice's message at seq 8 in the golden group, with bob's and carol's watermarks as given. */
  function sent({ bob, carol, dave = null }) {
    const group = goldenGroup();
    const at = (username, [delivered, read]) => ({ ...group.members.find((m) => m.username === username),
      delivered_seq: delivered, read_seq: read });
    group.members = [group.members[0], at('bob', bob), at('carol', carol)];
    if (dave) group.members.push({ username: 'dave', online: true, last_seen: null, delivered_seq: dave[0],
      read_seq: dave[1], role: 'member', joined_seq: 9 });
    return { room: group, message: messageFrame(8, 'alice').message };
  }
  const status = ({ room, message }) => messageStatus(message, room, 'alice');

  test('one tick while any member has not received it', () => {
    assert.equal(status(sent({ bob: [8, 8], carol: [7, 6] })), 'sent');
  });

  test('two grey ticks once every other member has received it', () => {
    assert.equal(status(sent({ bob: [8, 8], carol: [8, 6] })), 'delivered');
  });

  test('blue ticks only once every other member has read it', () => {
    assert.equal(status(sent({ bob: [8, 8], carol: [8, 8] })), 'read');
  });

  test('someone added after the message does not hold its ticks back', () => {
    assert.equal(status(sent({ bob: [9, 9], carol: [9, 9], dave: [8, 8] })), 'read');
  });

  test('a group with nobody else in it shows one tick', () => {
    const group = { ...goldenGroup(), members: [goldenGroup().members[0]] };

    assert.equal(messageStatus(messageFrame(8, 'alice').message, group, 'alice'), 'sent');
  });

  test('message info lists who read it, who has it and who does not yet, among those who were in', () => {
    const { room: group, message } = sent({ bob: [8, 8], carol: [8, 7], dave: [10, 10] });
    group.members.push({ username: 'erin', online: false, last_seen: null, delivered_seq: 5, read_seq: 5,
      role: 'member', joined_seq: 2 });

    const receipts = messageReceipts(group, message, 'alice');

    assert.deepEqual(Object.fromEntries(Object.entries(receipts).map(([k, list]) => [k, list.map((m) => m.username)])),
      { readBy: ['bob'], deliveredTo: ['carol'], waiting: ['erin'] });
  });

  test('a ticks frame (the golden one) turns my message grey-double when everyone has it and blue when everyone read it', () => {
    const state = createState();
    state.me = { username: 'alice' };
    const group = goldenGroup();
    group.members = group.members.map((m) => (m.username === 'alice' ? m : { ...m, delivered_seq: 5, read_seq: 5 }));
    applyFrame(state, { type: 'room', room: group }, NOW);
    const mine = (seq) => messageStatus(messageFrame(seq, 'alice').message, state.rooms.get(ROOM_UUID), 'alice');
    assert.equal(mine(7), 'sent');

    applyFrame(state, golden('server/ticks'), NOW); // delivered to everyone up to 8, read up to 6

    assert.equal(mine(6), 'read');
    assert.equal(mine(7), 'delivered');
    assert.equal(mine(9), 'sent');
  });

  test('a message keeps the ticks the group gave it when those who read it leave', () => {
    const state = createState();
    state.me = { username: 'alice' };
    applyFrame(state, { type: 'room', room: goldenGroup() }, NOW);
    applyFrame(state, { type: 'ticks', room_uuid: ROOM_UUID, delivered_seq: 8, read_seq: 8 }, NOW);
    applyFrame(state, eventFrame(9, 'left', 'bob', ['bob']), NOW);
    applyFrame(state, eventFrame(10, 'removed', 'alice', ['carol']), NOW);
    assert.deepEqual(state.rooms.get(ROOM_UUID).users, ['alice']);

    assert.equal(messageStatus(messageFrame(8, 'alice').message, state.rooms.get(ROOM_UUID), 'alice'), 'read');
    assert.equal(messageStatus(messageFrame(11, 'alice').message, state.rooms.get(ROOM_UUID), 'alice'), 'sent');
  });

  test('events and messages of others have no ticks', () => {
    const group = goldenGroup();

    assert.equal(messageStatus(goldenEvent(), group, 'alice'), null);
    assert.equal(messageStatus(messageFrame(8, 'bob').message, group, 'alice'), null);
  });
});

describe('message info and those who left', () => {
  /** The golden group read on its own (GET /api/rooms/{uuid}/): dave was in from 1, got up to 5, read up to 4, left at 6. */
  function infoOf(me) {
    const state = createState();
    state.me = { username: me };
    applyFrame(state, { type: 'room', room: golden('rest/room-group-info') }, NOW);
    return state;
  }
  const names = (receipts) => Object.fromEntries(Object.entries(receipts).map(([k, list]) => [k, list.map((m) => m.username)]));
  const mine = (seq) => messageFrame(seq, 'alice').message;

  test('keep listing someone who left among those who read or received a message while they were in', () => {
    const state = infoOf('alice');

    assert.deepEqual(names(messageReceipts(room(state), mine(3), 'alice')),
      { readBy: ['bob', 'dave'], deliveredTo: [], waiting: [] });
    assert.deepEqual(names(messageReceipts(room(state), mine(5), 'alice')),
      { readBy: ['bob', 'carol'], deliveredTo: ['dave'], waiting: [] });
  });

  test('never list someone who left for a message sent after they went, nor wait for them', () => {
    const state = infoOf('alice');
    room(state).former_members.push({ username: 'erin', delivered_seq: 2, read_seq: 2, joined_seq: 1, left_seq: 3 },
      { username: 'fred', delivered_seq: 1, read_seq: 1, joined_seq: 1, left_seq: 6 });

    assert.deepEqual(names(messageReceipts(room(state), mine(5), 'alice')),
      { readBy: ['bob', 'carol'], deliveredTo: ['dave'], waiting: [] });
    assert.deepEqual(names(messageReceipts(room(state), mine(2), 'alice')),
      { readBy: ['bob', 'dave', 'erin'], deliveredTo: [], waiting: [] });
  });

  test('do not change the ticks, which follow those in the group now', () => {
    const state = infoOf('alice');
    const group = room(state);
    group.ticks_read_seq = 0;
    group.members = group.members.map((m) => ({ ...m, delivered_seq: 6, read_seq: 6 }));

    assert.equal(messageStatus(mine(6), group, 'alice'), 'read'); // dave got only up to 5, but he is gone
  });

  test('someone leaving becomes a former member with the watermarks they had, at once', () => {
    const state = groupOf('alice');

    applyFrame(state, eventFrame(8, 'left', 'bob', ['bob']), NOW);

    assert.deepEqual(room(state).former_members,
      [{ username: 'bob', delivered_seq: 6, read_seq: 5, joined_seq: 1, left_seq: 8 }]);
    assert.deepEqual(names(messageReceipts(room(state), mine(5), 'alice')),
      { readBy: ['bob', 'carol'], deliveredTo: [], waiting: [] });
  });

  test('someone added again is no longer a former member', () => {
    const state = infoOf('alice');

    applyFrame(state, eventFrame(8, 'added', 'alice', ['dave']), NOW);

    assert.deepEqual(room(state).former_members, []);
  });

  test('the room list, which does not carry them, keeps those the group\'s own read listed', () => {
    const state = infoOf('alice');

    upsertRoom(state, goldenGroup());

    assert.deepEqual(room(state).former_members, golden('rest/room-group-info').former_members);
  });
});

describe('event lines', () => {
  const line = (action, actor, users, extra = {}, me = 'zoe') =>
    describeEvent({ event: { action, actor, users, ...extra }, content: 'the server\'s words' }, me);

  test('say who did what to whom', () => {
    assert.equal(line('created', 'alice', ['bob'], { name: 'Trip 2027' }), 'alice created the group "Trip 2027"');
    assert.equal(line('added', 'alice', ['bob', 'carol']), 'alice added bob and carol');
    assert.equal(line('added', 'alice', ['bob', 'carol', 'dave']), 'alice added bob, carol and dave');
    assert.equal(line('removed', 'alice', ['bob']), 'alice removed bob');
    assert.equal(line('left', 'bob', ['bob']), 'bob left');
    assert.equal(line('renamed', 'alice', [], { name: 'Trip 2027' }), 'alice renamed the group to "Trip 2027"');
    assert.equal(line('role_changed', 'alice', ['bob'], { role: 'admin' }), 'alice made bob an admin');
    assert.equal(line('role_changed', 'alice', ['bob'], { role: 'member' }), 'alice dismissed bob as admin');
    assert.equal(line('role_changed', 'alice', ['bob'], { role: 'owner' }), 'bob is now the group owner');
  });

  test('call me You', () => {
    assert.equal(line('added', 'alice', ['zoe', 'bob'], {}, 'zoe'), 'alice added you and bob');
    assert.equal(line('removed', 'zoe', ['bob'], {}, 'zoe'), 'You removed bob');
    assert.equal(line('left', 'zoe', ['zoe'], {}, 'zoe'), 'You left');
    assert.equal(line('role_changed', 'alice', ['zoe'], { role: 'admin' }, 'zoe'), 'alice made you an admin');
    assert.equal(line('role_changed', 'alice', ['zoe'], { role: 'owner' }, 'zoe'), 'You are now the group owner');
  });

  test('of a newer server\'s action show its own words', () => {
    assert.equal(line('pinned', 'alice', []), 'the server\'s words');
  });
});

describe('the chat list', () => {
  test('names a group by its name and finds it by that name and by its other members', () => {
    const state = groupOf('bob');

    assert.equal(roomTitle(room(state), 'bob'), 'Trip 2027');
    assert.deepEqual(sortedRooms(state, 'trip').map((r) => r.room_uuid), [ROOM_UUID]);
    assert.deepEqual(sortedRooms(state, 'carol').map((r) => r.room_uuid), [ROOM_UUID]);
    assert.deepEqual(sortedRooms(state, 'bob'), []); // me: every group would match
    assert.deepEqual(sortedRooms(state, 'dave'), []);
  });
});

describe('a group\'s avatar', () => {
  test('shows the first letter, digit or emoji of its first two words, never punctuation', () => {
    assert.equal(groupInitials('Trip 2027'), 'T2');
    assert.equal(groupInitials('🎉 Party'), '🎉P');
    assert.equal(groupInitials('<img src=x onerror=alert(1)>'), 'IS');
    assert.equal(groupInitials('élan'), 'É');
  });
});
