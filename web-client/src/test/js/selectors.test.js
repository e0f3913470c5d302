// The conversation and the chat list as shown: where my failed and waiting sends stand among the stored messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lastPreview, rowTime, timeline } from '../../main/resources/web/js/selectors.js';

const ROOM = 'r-1';
const stored = (seq, at) => ({ message_uuid: `m${seq}`, seq, user: 'bob', content: `m${seq}`, created_at: at });
const mine = (clientId, at, failed) => ({ client_id: clientId, room_uuid: ROOM, content: clientId, created_at: at,
  failed, error: failed ? 'no' : null });

function stateWith(messages, outbox) {
  return { me: { username: 'alice' }, history: new Map([[ROOM, { messages }]]), outbox };
}

test('a failed send stays where it was written; newer messages come below it, waiting sends last', () => {
  const state = stateWith(
    [stored(1, '2026-11-29T10:00:00Z'), stored(2, '2026-11-29T10:05:00Z')],
    [mine('failed', '2026-11-29T10:01:00Z', true), mine('waiting', '2026-11-29T10:02:00Z', false)]);

  assert.deepEqual(timeline(state, ROOM).map((m) => m.client_id ?? m.message_uuid),
    ['m1', 'failed', 'm2', 'waiting']);
});

test('the chat list previews a failed send only until something newer arrives', () => {
  const room = { room_uuid: ROOM, last_message: stored(2, '2026-11-29T10:05:00Z') };

  assert.equal(lastPreview(stateWith([], [mine('failed', '2026-11-29T10:01:00Z', true)]), room).message_uuid, 'm2');
  assert.equal(lastPreview(stateWith([], [mine('failed', '2026-11-29T10:06:00Z', true)]), room).client_id, 'failed');
  assert.equal(lastPreview(stateWith([], [mine('waiting', '2026-11-29T10:01:00Z', false)]), room).client_id, 'waiting');
});

test('a chat list row shows its last message time, and a chat I cleared the time of its last activity', () => {
  const last = stored(7, '2026-11-29T10:05:00Z');
  const cleared = { room_uuid: ROOM, cleared_seq: 7, last_message: null, created_at: '2026-11-01T08:00:00Z',
    last_activity_at: '2026-11-29T10:05:00Z' };

  assert.equal(rowTime({ ...cleared, cleared_seq: 0 }, last), '2026-11-29T10:05:00Z');
  assert.equal(rowTime(cleared, null), '2026-11-29T10:05:00Z');
  assert.equal(rowTime({ ...cleared, cleared_seq: 0 }, null), null); // nothing in it yet: no time, as before
});
