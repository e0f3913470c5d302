// Message actions (reply, edit, delete for everyone, reactions) in the reducer (js/state.js), the selectors and the
// Store (js/store.js), outside a browser: update frames against the protocol's golden examples, their order, the
// quotes and the chat list they refresh, the frames the client sends and its outbox. Run with
// `node --test web-client/src/test/js`.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import {
  canDelete, canEdit, canReact, canReply, lastEditable, lastPreview, myReaction, timeline, tombstoneText,
} from '../../main/resources/web/js/selectors.js';
import { applyFrame, createState, DEFAULT_LIMITS, mergePage } from '../../main/resources/web/js/state.js';
import { Store } from '../../main/resources/web/js/store.js';

const GOLDEN = new URL('../../../../protocol/src/test/resources/golden/', import.meta.url);
const golden = (path) => JSON.parse(readFileSync(new URL(`${path}.json`, GOLDEN), 'utf8'));

const NOW = Date.parse('2026-11-24T09:20:00Z');
const ROOM = golden('server/update').room_uuid;
const goldenRoom = () => golden('server/room').room;
/** The message the golden update changed, as it was sent: no edit, no reaction. */
const original = () => ({ ...golden('server/update').message, content: 'Sure, see you at the station',
  edited_at: null, reactions: [] });
/** bob's reply (seq 43) to the golden message 42, quoting it as it was. */
const reply = () => ({ ...golden('server/message').message, message_uuid: 'uuid-43', seq: 43, user: 'bob',
  content: 'great', client_id: 'c-bob', reply_to: { seq: 42, user: 'alice', content: 'Sure, see you at the station',
    deleted: false } });
const update = (seq, action, user, message) => ({ type: 'update', room_uuid: ROOM, seq, action, user, message });

/** `me` in the golden direct room with alice, everything up to seq 44 sent and read, messages 42 and 43 loaded. */
function stateOf(me, messages = [original(), reply()]) {
  const state = createState();
  state.me = { username: me };
  const room = { ...goldenRoom(), last_seq: 44, unread_count: 0, last_message: messages.at(-1) };
  room.members = room.members.map((m) => ({ ...m, delivered_seq: 44, read_seq: 44 }));
  applyFrame(state, { type: 'room', room }, NOW);
  state.history.set(ROOM, { messages, loading: false, hasOlder: false });
  return state;
}

const room = (state) => state.rooms.get(ROOM);
const history = (state) => state.history.get(ROOM).messages;
const bySeq = (state, seq) => history(state).find((m) => m.seq === seq);

describe('update frames', () => {
  test('the golden update replaces the message and refreshes the quote of the reply to it', () => {
    const state = stateOf('bob');
    const frame = golden('server/update');

    const effects = applyFrame(state, frame, NOW);

    assert.deepEqual(history(state), [frame.message, { ...reply(), reply_to: {
      seq: 42, user: 'alice', content: 'Sure, see you at the station <b>at 9</b>', deleted: false } }]);
    assert.deepEqual(effects, []);
  });

  test('moves the room position past the update but counts nothing unread and moves nothing to the top', () => {
    const state = stateOf('bob');
    const before = structuredClone(room(state));

    const effects = applyFrame(state, golden('server/update'), NOW);

    assert.deepEqual(room(state), { ...before, known_seq: 45, last_seq: 45 });
    assert.deepEqual(effects, []);
  });

  test('an edit of the last message shows its new text in the chat list', () => {
    const state = stateOf('bob', [original()]);
    const edited = { ...original(), content: 'Sure, see you at 9', edited_at: '2026-11-24T09:17:40Z' };

    applyFrame(state, update(45, 'edit', 'alice', edited), NOW);

    assert.deepEqual(lastPreview(state, room(state)), edited);
    assert.equal(room(state).unread_count, 0);
  });

  test('a delete makes a tombstone, worded for its sender and everyone else, in the list and in quotes', () => {
    const state = stateOf('bob');
    const deleted = { ...golden('rest/message-deleted'), room: original().room };
    room(state).last_message = original();

    applyFrame(state, update(45, 'delete', 'alice', deleted), NOW);

    assert.deepEqual(bySeq(state, 42), deleted);
    assert.deepEqual(bySeq(state, 43).reply_to, { seq: 42, user: 'alice', content: '', deleted: true });
    assert.deepEqual(lastPreview(state, room(state)), deleted);
    assert.equal(tombstoneText(deleted, 'bob'), 'This message was deleted');
    assert.equal(tombstoneText(deleted, 'alice'), 'You deleted this message');
  });

  test('a tombstone says "You deleted" only to who deleted it, and names a group admin who deleted someone else\'s', () => {
    const byAdmin = { ...golden('rest/message-deleted'), user: 'alice', deleted_by: 'carol' };

    assert.equal(tombstoneText(byAdmin, 'alice'), 'This message was deleted by carol');
    assert.equal(tombstoneText(byAdmin, 'bob'), 'This message was deleted by carol');
    assert.equal(tombstoneText(byAdmin, 'carol'), 'You deleted this message');
    // Its sender's own delete, and one whose deleter the view does not say (an older server): no name, no "You".
    assert.equal(tombstoneText({ ...byAdmin, deleted_by: 'alice' }, 'bob'), 'This message was deleted');
    assert.equal(tombstoneText({ ...byAdmin, deleted_by: null }, 'alice'), 'This message was deleted');
  });

  test('the chat list previews an admin\'s delete with the admin\'s name, also to the sender', () => {
    const state = stateOf('alice', [original()]);
    const byAdmin = { ...golden('rest/message-deleted'), room: original().room, deleted_by: 'carol' };

    applyFrame(state, update(45, 'delete', 'carol', byAdmin), NOW);

    assert.equal(tombstoneText(lastPreview(state, room(state)), 'alice'), 'This message was deleted by carol');
  });

  test('a quote of a message the reader cannot see stays without its text', () => {
    const hidden = { ...reply(), reply_to: { seq: 42, user: 'alice', content: null, deleted: false } };
    const state = stateOf('bob', [original(), hidden]);

    applyFrame(state, update(45, 'edit', 'alice', { ...original(), content: 'new text' }), NOW);

    assert.deepEqual(bySeq(state, 43).reply_to, { seq: 42, user: 'alice', content: null, deleted: false });
  });

  test('a quote carries at most the first 200 characters of the new text', () => {
    const state = stateOf('bob');
    const long = 'ä'.repeat(150) + '😀'.repeat(100);

    applyFrame(state, update(45, 'edit', 'alice', { ...original(), content: long }), NOW);

    assert.equal(bySeq(state, 43).reply_to.content, 'ä'.repeat(150) + '😀'.repeat(50));
  });

  test('an update older than one already applied to the message changes nothing, a repeated one nothing more', () => {
    const state = stateOf('bob');
    const first = { ...original(), reactions: [{ emoji: '👍', count: 1, users: ['bob'] }] };
    const second = { ...original(), reactions: [{ emoji: '❤️', count: 1, users: ['bob'] }] };

    applyFrame(state, update(46, 'react', 'bob', second), NOW);
    applyFrame(state, update(45, 'react', 'bob', first), NOW);
    applyFrame(state, update(46, 'react', 'bob', second), NOW);

    assert.deepEqual(bySeq(state, 42), second);
    assert.equal(room(state).known_seq, 46);
  });

  test('an edit or a delete is passed on for the search results on screen; a reaction, or an update already overtaken, is not', () => {
    const state = stateOf('bob');
    const edited = { ...original(), content: 'meet at 9', edited_at: '2026-11-24T09:17:40Z' };
    const deleted = { ...golden('rest/message-deleted'), room: original().room };
    const store = new Store({ api: {}, now: () => NOW });
    store.state = stateOf('bob');
    const passed = [];
    store.addEventListener('message-changed', (event) => passed.push(event.detail));

    assert.deepEqual(applyFrame(state, update(45, 'edit', 'alice', edited), NOW),
      [{ type: 'message-changed', action: 'edit', message: edited }]);
    assert.deepEqual(applyFrame(state, update(46, 'react', 'bob', edited), NOW), []);
    assert.deepEqual(applyFrame(state, update(47, 'delete', 'alice', deleted), NOW),
      [{ type: 'message-changed', action: 'delete', message: deleted }]);
    assert.deepEqual(applyFrame(state, update(45, 'edit', 'alice', edited), NOW), [], 'older than the delete');
    store.handleFrame(update(45, 'edit', 'alice', edited));
    assert.deepEqual(passed, [{ action: 'edit', message: edited }]);
  });

  test('an update past the next seq expected asks for the seqs between', () => {
    const state = stateOf('bob');

    const effects = applyFrame(state, update(47, 'react', 'bob', original()), NOW);

    assert.deepEqual(effects, [{ type: 'gap', roomUuid: ROOM, since: 44 }]);
  });

  test('an update for a room this client does not know makes it read the rooms again', () => {
    const state = stateOf('bob');

    const effects = applyFrame(state, { ...update(45, 'edit', 'alice', original()), room_uuid: 'other' }, NOW);

    assert.deepEqual(effects, [{ type: 'unknown-room', roomUuid: 'other' }]);
  });

  test('a history page read before an update arrived does not undo it', () => {
    const state = stateOf('bob');
    const edited = { ...original(), content: 'new', edited_at: '2026-11-24T09:17:40Z' };
    applyFrame(state, update(45, 'edit', 'alice', edited), NOW);

    mergePage(state.history.get(ROOM), [original(), reply()]);

    assert.deepEqual(history(state), [edited, { ...reply(), reply_to: { seq: 42, user: 'alice', content: 'new',
      deleted: false } }]);
  });
});

describe('acks and errors of my actions', () => {
  const action = (fields) => ({ client_id: 'c-act', room_uuid: ROOM, action: 'react', seq: 42, emoji: '👍',
    created_at: '2026-11-24T09:19:00Z', sent_rev: 0, ...fields });

  test('an ack settles the action and shows the message as it left it', () => {
    const state = stateOf('bob');
    state.outbox = [action()];
    const reacted = { ...original(), reactions: [{ emoji: '👍', count: 1, users: ['bob'] }] };

    const effects = applyFrame(state, { type: 'ack', client_id: 'c-act', message: reacted }, NOW);

    assert.deepEqual(state.outbox, []);
    assert.deepEqual(bySeq(state, 42), reacted);
    assert.equal(room(state).last_seq, 44);
    assert.deepEqual(effects, []);
  });

  test('an ack older than an update that arrived after the action went out does not roll it back', () => {
    const state = stateOf('bob');
    state.outbox = [action()];
    const both = { ...original(), reactions: [{ emoji: '👍', count: 2, users: ['bob', 'carol'] }] };
    applyFrame(state, update(46, 'react', 'carol', both), NOW);

    applyFrame(state, { type: 'ack', client_id: 'c-act', message: { ...original(), reactions: [
      { emoji: '👍', count: 1, users: ['bob'] }] } }, NOW);

    assert.deepEqual(bySeq(state, 42), both);
  });

  test('a refused action leaves the outbox and says why; the message shows as it was', () => {
    const state = stateOf('bob');
    state.outbox = [action()];

    const effects = applyFrame(state, { type: 'error', code: 'conflict',
      message: 'the message was deleted', client_id: 'c-act' }, NOW);

    assert.deepEqual(state.outbox, []);
    assert.deepEqual(timeline(state, ROOM), [original(), reply()]);
    assert.deepEqual(effects, [{ type: 'notice', text: 'The message was deleted.', code: 'conflict' }]);
  });

  test('a refused edit says why and hands back its text, for the composer to keep', () => {
    const state = stateOf('alice');
    state.outbox = [action({ action: 'edit', content: 'late fix', emoji: undefined })];

    const effects = applyFrame(state, { type: 'error', code: 'forbidden',
      message: 'a message can be edited only within 15 minutes of sending it', client_id: 'c-act' }, NOW);

    assert.deepEqual(state.outbox, []);
    assert.deepEqual(timeline(state, ROOM), [original(), reply()]);
    assert.deepEqual(effects, [{ type: 'edit-refused', roomUuid: ROOM, content: 'late fix',
      text: 'A message can be edited only within 15 minutes of sending it.', code: 'forbidden' }]);
  });

  test('an action the database did not take or confirm goes again later with the same id', () => {
    for (const code of ['unavailable', 'outcome_unknown']) {
      const state = stateOf('bob');
      state.outbox = [action()];

      const effects = applyFrame(state, { type: 'error', code, message: 'database down', client_id: 'c-act' }, NOW);

      assert.deepEqual(state.outbox, [{ ...action(), waiting: true }], code);
      assert.deepEqual(effects, [{ type: 'resend-later', afterMs: 3000 }], code);
    }
  });

  test('a send the database did not take or confirm waits and goes again later with the same id', () => {
    for (const code of ['unavailable', 'outcome_unknown']) {
      const state = stateOf('bob');
      const send = { client_id: 'c-send', room_uuid: ROOM, content: 'hello', created_at: 'x', failed: false,
        error: null };
      state.outbox = [send];

      const effects = applyFrame(state, { type: 'error', code, message: 'database down', client_id: 'c-send' }, NOW);

      assert.deepEqual(state.outbox, [{ ...send, waiting: true }], code);
      assert.deepEqual(effects, [{ type: 'resend-later', afterMs: 3000 }], code);
    }
  });

  test('a rate-limited action waits, with everything after it, for the hint', () => {
    const state = stateOf('bob');
    state.outbox = [action(), { client_id: 'c-send', room_uuid: ROOM, content: 'after', created_at: 'x',
      failed: false, error: null }];

    const effects = applyFrame(state, { type: 'error', code: 'rate_limited', message: 'slow down',
      client_id: 'c-act', retry_after_ms: 700 }, NOW);

    assert.deepEqual(state.outbox.map((item) => item.waiting), [true, true]);
    assert.deepEqual(effects, [{ type: 'resend-later', afterMs: 700 }]);
  });
});

describe('actions on their way', () => {
  const pending = (action, fields) => ({ client_id: `c-${action}`, room_uuid: ROOM, action, seq: 42,
    created_at: '2026-11-24T09:19:00Z', ...fields });

  test('show at once in the conversation: the new text, the tombstone, my reaction replacing my earlier one', () => {
    const state = stateOf('alice', [{ ...original(), reactions: [{ emoji: '😂', count: 2, users: ['alice', 'bob'] }] }]);
    state.outbox = [pending('edit', { content: 'fixed' }), pending('react', { emoji: '👍' })];

    assert.deepEqual(timeline(state, ROOM), [{ ...original(), content: 'fixed', edited_at: '2026-11-24T09:19:00Z',
      reactions: [{ emoji: '😂', count: 1, users: ['bob'] }, { emoji: '👍', count: 1, users: ['alice'] }],
      pending_action: true }]);

    state.outbox.push(pending('delete', {}));
    assert.deepEqual(timeline(state, ROOM)[0].deleted, true);
    assert.equal(tombstoneText(timeline(state, ROOM)[0], 'alice'), 'You deleted this message');
    assert.deepEqual(timeline(state, ROOM)[0].content, '');
    assert.deepEqual(timeline(state, ROOM)[0].reactions, []);
  });

  test('an edit of the last message on its way shows in the chat list too', () => {
    const state = stateOf('alice', [original()]);
    state.outbox = [pending('edit', { content: 'fixed' })];

    assert.equal(lastPreview(state, room(state)).content, 'fixed');
  });

  test('are no pending messages of their own', () => {
    const state = stateOf('alice', [original()]);
    state.outbox = [pending('delete', {})];

    assert.equal(timeline(state, ROOM).length, 1);
    assert.equal(lastPreview(state, room(state)).deleted, true);
  });
});

describe('what a message offers', () => {
  const limits = DEFAULT_LIMITS;
  const at = (minutes) => Date.parse(original().created_at) + minutes * 60_000;
  const group = (role) => ({ ...golden('rest/room-group'), members: golden('rest/room-group').members
    .map((m) => (m.username === 'bob' ? { ...m, role } : m)) });
  const direct = goldenRoom();

  test('edit: my own text message, within the edit window, not deleted', () => {
    assert.equal(canEdit(original(), direct, 'alice', limits, at(14)), true);
    assert.equal(canEdit(original(), direct, 'alice', limits, at(15)), false);
    assert.equal(canEdit(original(), direct, 'bob', limits, at(1)), false);
    assert.equal(canEdit({ ...original(), deleted: true }, direct, 'alice', limits, at(1)), false);
    assert.equal(canEdit(original(), direct, 'alice', { ...limits, edit_window_seconds: 3600 }, at(59)), true);
  });

  test('delete: mine within the delete window; in a group, any message for its admins and owner', () => {
    assert.equal(canDelete(original(), direct, 'alice', limits, at(47 * 60)), true);
    assert.equal(canDelete(original(), direct, 'alice', limits, at(48 * 60)), false);
    assert.equal(canDelete(original(), direct, 'bob', limits, at(1)), false);
    assert.equal(canDelete(original(), group('admin'), 'bob', limits, at(10_000)), true);
    assert.equal(canDelete(original(), group('member'), 'bob', limits, at(1)), false);
    assert.equal(canDelete(original(), group('member'), 'alice', limits, at(1)), true);
  });

  test('reply and react: any message, not a deleted one, not a membership event, not one still on its way', () => {
    const event = golden('server/event').message;
    for (const can of [canReply, canReact]) {
      assert.equal(can(original(), direct), true);
      assert.equal(can({ ...original(), deleted: true }, direct), false);
      assert.equal(can(event, direct), false);
      assert.equal(can({ ...original(), pending: true }, direct), false);
      assert.equal(can(original(), { ...direct, member: false }), false);
    }
  });

  test('Up arrow finds my newest message still editable', () => {
    const mine = (seq, minutesAgo, extra = {}) => ({ ...original(), seq, created_at: new Date(at(20) - minutesAgo
      * 60_000).toISOString(), ...extra });
    const messages = [mine(1, 10), mine(2, 5), mine(3, 1, { deleted: true }), { ...reply(), seq: 4 }];

    assert.equal(lastEditable(messages, direct, 'alice', limits, at(20)).seq, 2);
    assert.equal(lastEditable(messages.slice(0, 1), direct, 'alice', limits, at(30)), null);
  });

  test('my reaction is the one my name is among', () => {
    const message = { ...original(), reactions: [{ emoji: '👍', count: 1, users: ['bob'] },
      { emoji: '❤️', count: 1, users: ['alice'] }] };

    assert.equal(myReaction(message, 'alice'), '❤️');
    assert.equal(myReaction(message, 'carol'), null);
  });
});

describe('the frames the Store sends', () => {
  /** A Store signed in as `me` over a fake API with the golden room and its history; `sent` collects frames. */
  async function signedIn(me, { open = true, limits = async () => golden('rest/limits') } = {}) {
    const room = { ...goldenRoom(), last_seq: 44 };
    room.members = room.members.map((m) => ({ ...m, delivered_seq: 44, read_seq: 44 }));
    const store = new Store({ api: { me: async () => ({ username: me }), rooms: async () => [room],
      blockedUsers: async () => [], messages: async () => [{ ...original(), seq: 41, message_uuid: 'u41',
        user: 'bob', content: 'Where do we meet?' }, original()], limits }, now: () => NOW });
    const sent = [];
    let online = open;
    store.useTransport((frame) => online && sent.push(frame) > 0);
    await store.boot();
    store.setConnection(open ? 'open' : 'reconnecting');
    store.openRoom(ROOM);
    await new Promise((resolve) => setImmediate(resolve));
    return { store, sent, goOnline: () => { online = true; store.setConnection('open'); store.connected(); } };
  }
  const withoutId = (frame) => ({ ...frame, client_id: undefined });
  const message = (store, seq) => timeline(store.state, ROOM).find((m) => m.seq === seq);

  test('edit, delete and react are the golden frames, a reply is the golden send with reply_to', async () => {
    const { store, sent } = await signedIn('alice');

    store.edit(ROOM, message(store, 42), 'Hi Bob! (fixed)');
    store.deleteMessage(ROOM, message(store, 42));
    store.react(ROOM, message(store, 42), '👍');
    store.send(ROOM, 'Hi Bob!', { replyTo: message(store, 41) });

    assert.deepEqual(sent.map(withoutId), ['client/edit', 'client/delete', 'client/react', 'client/send']
      .map((path) => withoutId(golden(path))));
    assert.equal(new Set(sent.map((frame) => frame.client_id)).size, 4);
  });

  test('a reply on its way shows the quote of what it answers', async () => {
    const { store } = await signedIn('alice');

    store.send(ROOM, 'Hi Bob!', { replyTo: message(store, 41) });

    assert.deepEqual(timeline(store.state, ROOM).at(-1).quote,
      { seq: 41, user: 'bob', content: 'Where do we meet?', deleted: false });
  });

  test('reacting with the emoji I already reacted with removes it; an edit to the same text sends nothing', async () => {
    const { store, sent } = await signedIn('alice');
    store.react(ROOM, message(store, 42), '👍');

    store.react(ROOM, message(store, 42), '👍');
    store.edit(ROOM, message(store, 42), `  ${original().content} `);

    assert.deepEqual(sent.map((frame) => [frame.type, frame.emoji]), [['react', '👍'], ['react', null]]);
    assert.deepEqual(message(store, 42).reactions, []);
  });

  test('actions done offline wait in the outbox and go, in order and with the same ids, after the sync', async () => {
    const { store, sent, goOnline } = await signedIn('alice', { open: false });
    store.edit(ROOM, message(store, 42), 'fixed offline');
    store.react(ROOM, message(store, 41), '❤️');
    store.send(ROOM, 'and a new one');
    const ids = store.state.outbox.map((item) => item.client_id);
    assert.deepEqual(sent, []);

    goOnline();

    assert.deepEqual(sent.map((frame) => frame.type), ['sync', 'edit', 'react', 'send']);
    assert.deepEqual(sent.slice(1).map((frame) => frame.client_id), ids);
    assert.deepEqual(sent[0].since, { [ROOM]: 44 });
  });

  test('a refused edit puts its text back in the chat\'s draft (after what was typed since) and says so', async () => {
    const { store, sent } = await signedIn('alice');
    const refused = [];
    store.addEventListener('edit-refused', (event) => refused.push(event.detail));
    store.edit(ROOM, message(store, 42), 'Sure, see you at the station at 9');
    store.setDraft(ROOM, 'and');

    store.handleFrame({ type: 'error', code: 'forbidden', client_id: sent[0].client_id,
      message: 'a message can be edited only within 15 minutes of sending it' });

    assert.equal(store.draft(ROOM), 'and\nSure, see you at the station at 9');
    assert.deepEqual(refused.map((detail) => [detail.roomUuid, detail.text]),
      [[ROOM, 'A message can be edited only within 15 minutes of sending it.']]);
    assert.equal(store.state.notice, null);
    assert.equal(message(store, 42).content, original().content);
  });

  test('the limits come from the server, and its defaults when it cannot say', async () => {
    const custom = { ...golden('rest/limits'), edit_window_seconds: 60 };
    assert.deepEqual((await signedIn('alice', { limits: async () => custom })).store.state.limits, custom);
    assert.deepEqual((await signedIn('alice', { limits: async () => { throw new Error('404'); } })).store.state.limits,
      DEFAULT_LIMITS);
  });

  test('a click on a quote loads older pages until the quoted message is there, and no further', async () => {
    // Pages of 50 (a full page says there may be more): 101-150 first, then 51-100, then 1-50.
    const page = (last) => Array.from({ length: 50 }, (_, i) => ({ ...original(), seq: last - 49 + i,
      message_uuid: `u${last - 49 + i}` }));
    const asked = [];
    // Nothing unread: the first page is an ordinary one (a chat with unread messages reaches back to the first).
    const store = new Store({ api: { me: async () => ({ username: 'bob' }),
      rooms: async () => [{ ...goldenRoom(), unread_count: 0 }],
      blockedUsers: async () => [], limits: async () => DEFAULT_LIMITS,
      messages: async (uuid, { before }) => {
        asked.push(before ?? null);
        return page((before ?? 151) - 1);
      } } });
    await store.boot();
    store.openRoom(ROOM);

    assert.equal(await store.loadUntil(ROOM, 60), true);
    assert.deepEqual(asked, [null, 101]);
    assert.equal(await store.loadUntil(ROOM, 130), true);
    assert.deepEqual(asked, [null, 101]);
  });
});
