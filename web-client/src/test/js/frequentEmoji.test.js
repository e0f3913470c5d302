// The composer picker's "Frequently used" row (js/frequentEmoji.js and the Store): the emoji this user sent or
// reacted with most on this device, kept per user in storage, the quick reactions until there are any. Run with
// `node --test web-client/src/test/js`.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { COMMON_EMOJI } from '../../main/resources/web/js/emoji.js';
import { counted, emojiIn, frequentEmoji, parseCounts } from '../../main/resources/web/js/frequentEmoji.js';
import { Store } from '../../main/resources/web/js/store.js';

const GOLDEN = new URL('../../../../protocol/src/test/resources/golden/', import.meta.url);
const goldenRoom = () => JSON.parse(readFileSync(new URL('server/room.json', GOLDEN), 'utf8')).room;

/** localStorage's interface over a Map. */
function memoryStorage() {
  const items = new Map();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => items.set(key, String(value)),
    removeItem: (key) => items.delete(key),
  };
}

/** A Store signed in as `username` over `storage`, with the golden room (alice and bob's chat). */
async function signedIn(username, storage) {
  const api = {
    me: async () => ({ username }), rooms: async () => [goldenRoom()], blockedUsers: async () => [],
    logout: async () => {},
  };
  const store = new Store({ api, storage });
  await store.boot();
  return store;
}

describe('frequently used emoji', () => {
  test('finds whole emoji in a message, each once: a skin tone, a flag and a keycap are one emoji each', () => {
    assert.deepEqual(emojiIn('so 🎉🎉 👍🏽 in 🇫🇷 at 1️⃣ or 2'), ['🎉', '👍🏽', '🇫🇷', '1️⃣']);
    assert.deepEqual(emojiIn('no emoji here: 42 :)'), []);
  });

  test('the most used lead, the latest used first among equals, and the quick reactions fill a short row', () => {
    let counts = counted({}, ['🎉', '🚀'], 1);
    counts = counted(counts, ['🚀'], 2);
    counts = counted(counts, ['🐙'], 3);

    assert.deepEqual(frequentEmoji(counts), ['🚀', '🐙', '🎉', '👍', '❤️', '😂']);
    assert.deepEqual(frequentEmoji({}), COMMON_EMOJI);
  });

  test('a full row is the eight most used, quick reactions left out', () => {
    const many = ['🐙', '🦀', '🐳', '🦑', '🐠', '🐡', '🦐', '🐚', '🪸'];
    const counts = Object.fromEntries(many.map((e, i) => [e, [i + 1, i]]));

    assert.deepEqual(frequentEmoji(counts), [...many].reverse().slice(0, 8));
  });

  test('what storage holds is read back only when it is well formed', () => {
    assert.deepEqual(parseCounts('{"🎉":[2,5],"x":[1,1],"🚀":["a",1],"👍":[0,1]}'), { '🎉': [2, 5] });
    assert.deepEqual(parseCounts('not json'), {});
    assert.deepEqual(parseCounts('[1,2]'), {});
    assert.deepEqual(parseCounts(null), {});
  });
});

describe('the Store counts what I send and react with', () => {
  test('with no history the row is the quick reactions', async () => {
    const store = await signedIn('alice', memoryStorage());

    assert.deepEqual(store.frequentEmoji(), COMMON_EMOJI);
  });

  test('the emoji I send and react with most lead the row, after a reload too', async () => {
    const storage = memoryStorage();
    const store = await signedIn('alice', storage);
    const room = goldenRoom();
    store.send(room.room_uuid, 'party 🎉🎉 tonight');
    store.send(room.room_uuid, '🎉');
    store.react(room.room_uuid, room.last_message, '🚀');

    const reloaded = await signedIn('alice', storage);

    assert.deepEqual(store.frequentEmoji(), ['🎉', '🚀', '👍', '❤️', '😂', '😮']);
    assert.deepEqual(reloaded.frequentEmoji(), ['🎉', '🚀', '👍', '❤️', '😂', '😮']);
  });

  test("another user of the same browser does not get my row, and signing out forgets it", async () => {
    const storage = memoryStorage();
    const alice = await signedIn('alice', storage);
    alice.send(goldenRoom().room_uuid, '🐙');

    const bob = await signedIn('bob', storage);
    await alice.signOut();

    assert.deepEqual(bob.frequentEmoji(), COMMON_EMOJI);
    assert.deepEqual((await signedIn('alice', storage)).frequentEmoji(), COMMON_EMOJI);
  });
});
