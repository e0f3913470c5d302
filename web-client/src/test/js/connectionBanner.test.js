// What the connection banner says: why the connection is down and when it tries again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectionBanner } from '../../main/resources/web/js/selectors.js';

const NOW = 1_000_000;
const state = (fields) => ({
  me: { username: 'alice' }, connection: 'reconnecting', retryAt: 0, networkOnline: true, connectionFailed: true,
  ...fields,
});

test('an open connection, or none wanted (signed out), shows no banner', () => {
  assert.equal(connectionBanner(state({ connection: 'open' }), NOW), null);
  assert.equal(connectionBanner(state({ connection: 'closed' }), NOW), null);
  assert.equal(connectionBanner(state({ me: null }), NOW), null);
});

test('a first attempt says only that it connects', () => {
  assert.deepEqual(connectionBanner(state({ connection: 'connecting', connectionFailed: false }), NOW),
    { reason: null, progress: 'Connecting…', retry: false });
});

test('a server out of reach says so and counts down to the next attempt in whole seconds', () => {
  assert.deepEqual(connectionBanner(state({ retryAt: NOW + 4_200 }), NOW),
    { reason: "Can't reach the server", progress: 'Retrying in 5s…', retry: true });
  assert.equal(connectionBanner(state({ retryAt: NOW + 4_000 }), NOW).progress, 'Retrying in 4s…');
  assert.equal(connectionBanner(state({ retryAt: NOW + 1 }), NOW).progress, 'Retrying in 1s…');
});

test('no network at all says so, also before any attempt failed', () => {
  assert.deepEqual(connectionBanner(state({ networkOnline: false, connectionFailed: false, retryAt: NOW + 900 }), NOW),
    { reason: 'No internet connection', progress: 'Retrying in 1s…', retry: true });
});

test('while the next attempt is under way the reason and Retry now stay', () => {
  assert.deepEqual(connectionBanner(state({ retryAt: 0 }), NOW),
    { reason: "Can't reach the server", progress: 'Reconnecting…', retry: true });
});
