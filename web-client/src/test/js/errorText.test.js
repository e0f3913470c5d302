// The sign-in error sentences (js/errorText.js) for each error code the server answers with.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ApiError } from '../../main/resources/web/js/api.js';
import { authErrorText, chatErrorText, sentence } from '../../main/resources/web/js/errorText.js';

describe('authErrorText', () => {
  const cases = [
    ['a taken name on sign-up', new ApiError(409, 'conflict', 'username is taken'), true,
      'That username is taken. Try another one.'],
    ['a wrong password on sign-in', new ApiError(401, 'unauthenticated', 'wrong username or password'), false,
      'Wrong username or password.'],
    ['too many failed sign-ins', new ApiError(429, 'rate_limited', 'too many failed logins, try again in a minute'),
      false, 'Too many attempts. Wait a minute and try again.'],
    ['a rule the server checks', new ApiError(400, 'validation', 'password must be at least 8 characters'), true,
      'Password must be at least 8 characters.'],
    ['an unreachable server', new ApiError(0, 'network', 'whatever the fetch wrapper said'), false,
      "Can't reach the server. Check your connection."],
    ['a server failure', new ApiError(500, 'internal', 'internal error'), false,
      'Something went wrong on the server. Try again in a moment.'],
  ];
  for (const [what, error, register, expected] of cases) {
    test(`words ${what} as "${expected}"`, () => {
      assert.equal(authErrorText(error, { register }), expected);
    });
  }
});

describe('chatErrorText', () => {
  const cases = [
    ['a send to someone who blocked me', { code: 'forbidden', message: "you can't message this person" },
      "You can't message this person."],
    ['a send to someone I blocked', { code: 'forbidden', message: 'you blocked bob: unblock them to send a message' },
      'You blocked bob: unblock them to send a message.'],
    ['an unreachable server', new ApiError(0, 'network', 'whatever the fetch wrapper said'),
      "Can't reach the server. Check your connection."],
    ['a server failure', new ApiError(500, 'internal', 'internal error'),
      'Something went wrong on the server. Try again in a moment.'],
    ['a change that may have been stored', new ApiError(503, 'outcome_unknown', 'the connection was lost'),
      'The server lost its database connection while saving this, so it may have been saved. Check before you try again.'],
  ];
  for (const [what, error, expected] of cases) {
    test(`words ${what} as "${expected}"`, () => {
      assert.equal(chatErrorText(error), expected);
    });
  }
});

describe('sentence', () => {
  test('capitalises and closes a lower-case server message', () => {
    assert.equal(sentence("username must be 3-32 characters of a-z, 0-9, '_', '.', '-'"),
      "Username must be 3-32 characters of a-z, 0-9, '_', '.', '-'.");
  });

  test('leaves a finished sentence as it is', () => {
    assert.equal(sentence('Already fine!'), 'Already fine!');
  });
});
