// Drafts in the Store (js/store.js) outside a browser: kept per user and chat in storage, so a reload (a new Store
// over the same storage) finds them; sending clears one, signing out all. Run with `node --test web-client/src/test/js`.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Store } from '../../main/resources/web/js/store.js';

const ROOM = '00000000-0000-0000-0000-00000000000a';

/** localStorage's interface over a Map. */
function memoryStorage() {
  const items = new Map();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => items.set(key, String(value)),
    removeItem: (key) => items.delete(key),
    keys: () => [...items.keys()],
  };
}

/** A Store signed in as `username` over `storage`, against an API that has no rooms. */
async function signedIn(username, storage) {
  const api = { me: async () => ({ username }), rooms: async () => [], blockedUsers: async () => [], logout: async () => {} };
  const store = new Store({ api, storage });
  await store.boot();
  return store;
}

test('a draft survives a reload', async () => {
  const storage = memoryStorage();
  (await signedIn('alice', storage)).setDraft(ROOM, 'see you at');

  const reloaded = await signedIn('alice', storage);

  assert.equal(reloaded.draft(ROOM), 'see you at');
});

test("another user of the same browser does not get my drafts", async () => {
  const storage = memoryStorage();
  (await signedIn('alice', storage)).setDraft(ROOM, 'see you at');

  const bob = await signedIn('bob', storage);

  assert.equal(bob.draft(ROOM), '');
});

test('an emptied draft leaves nothing in storage', async () => {
  const storage = memoryStorage();
  const store = await signedIn('alice', storage);
  store.setDraft(ROOM, 'see you at');

  store.setDraft(ROOM, '  ');

  assert.deepEqual(storage.keys(), []);
});

test('signing out forgets the drafts', async () => {
  const storage = memoryStorage();
  const store = await signedIn('alice', storage);
  store.setDraft(ROOM, 'see you at');

  await store.signOut();

  assert.equal((await signedIn('alice', storage)).draft(ROOM), '');
});
