// A sign-up the server may have stored without saying so (`outcome_unknown`: its database connection failed after
// the account was sent): the store signs in with the same name and password to find out. A fake API: no network.
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
