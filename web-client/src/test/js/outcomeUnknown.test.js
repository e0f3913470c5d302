// A write the server may have stored without saying so (`outcome_unknown`: its database connection failed after the
// change was sent): after a sign-up the store signs in with the same name and password to find out; after a change
// to the chat list it reloads the list, which shows what was stored. A fake API: no network.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';

globalThis.window ??= new EventTarget();
globalThis.WebSocket ??= class extends EventTarget {};
const { Store } = await import('../../main/resources/web/js/store.js');
const { ApiError } = await import('../../main/resources/web/js/api.js');

describe('Store.signIn when a sign-up was cut off', () => {
  const signingUp = (register, login) => {
    const calls = [];
    const store = new Store({ api: {
      register: async (...args) => { calls.push(['register', ...args]); return register(); },
      login: async (...args) => { calls.push(['login', ...args]); return login(); },
      me: async () => ({ username: 'zoe' }), rooms: async () => [], blockedUsers: async () => [] } });
    return { store, calls };
  };
  const cutOff = () => { throw new ApiError(503, 'outcome_unknown', 'the connection to the database was lost'); };

  test('an account stored although the answer was lost is signed in to', async () => {
    const { store, calls } = signingUp(cutOff, async () => ({ user: { username: 'zoe' } }));
    await store.signIn('zoe', 'secret-pass', { register: true });
    assert.deepEqual(calls, [['register', 'zoe', 'secret-pass'], ['login', 'zoe', 'secret-pass']]);
    assert.equal(store.state.me?.username, 'zoe');
    assert.equal(store.state.auth.error, null);
  });

  test('an account that was not stored leaves the sign-up error, to try again', async () => {
    const { store } = signingUp(cutOff, () => { throw new ApiError(401, 'unauthenticated', 'invalid credentials'); });
    await store.signIn('zoe', 'secret-pass', { register: true });
    assert.equal(store.state.me, null);
    assert.equal(store.state.auth.error, 'Something went wrong on the server. Try again in a moment.');
  });

  test('a sign-up refused for another reason is not followed by a sign-in', async () => {
    const { store, calls } = signingUp(() => { throw new ApiError(409, 'conflict', 'username taken'); },
      async () => ({ user: { username: 'zoe' } }));
    await store.signIn('zoe', 'secret-pass', { register: true });
    assert.deepEqual(calls.map(([name]) => name), ['register']);
    assert.equal(store.state.auth.error, 'That username is taken. Try another one.');
  });
});

describe('a chat change the server may have stored', () => {
  test('says so and reloads the chat list, which shows the group if it was made', async () => {
    let listed = 0;
    const group = { room_uuid: 'r-1', kind: 'group', room_name: 'Trip', users: ['zoe', 'bob'], members: [] };
    const store = new Store({ api: {
      createGroup: async () => { throw new ApiError(503, 'outcome_unknown', 'the connection was lost'); },
      rooms: async () => { listed += 1; return [group]; } } });

    assert.equal(await store.createGroup('Trip', ['bob']), null);
    for (let turn = 0; turn < 20 && !store.state.rooms.has('r-1'); turn += 1) {
      await new Promise((resolve) => setImmediate(resolve)); // the reload the failure started, not awaited by it
    }

    assert.equal(listed, 1);
    assert.equal(store.state.rooms.get('r-1')?.room_name, 'Trip');
    assert.match(store.state.notice, /may have been saved/);
  });

  test('a refusal that stored nothing does not reload the list', async () => {
    let listed = 0;
    const store = new Store({ api: {
      createGroup: async () => { throw new ApiError(400, 'validation', 'a group needs a name'); },
      rooms: async () => { listed += 1; return []; } } });

    assert.equal(await store.createGroup('', ['bob']), null);

    assert.equal(listed, 0);
    assert.equal(store.state.notice, 'A group needs a name.');
  });
});
