// Profiles in the web client: the names shown wherever a person appears (their display name where set), and the rules
// the profile panel checks before saving. Run with `node --test web-client/src/test/js`.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { charactersLeft, checkProfile } from '../../main/resources/web/js/profile.js';
import {
  chatMatches, describeEvent, foldText, memberName, roomTitle, shownName,
} from '../../main/resources/web/js/selectors.js';

const member = (username, display_name = null, about = null) => ({ username, display_name, about, online: false,
  last_seen: null, delivered_seq: 0, read_seq: 0 });
const direct = { room_uuid: 'r-1', kind: 'direct', room_name: 'alice & bob', users: ['alice', 'bob'],
  members: [member('alice', 'Alice Liddell', 'At the tea party'), member('bob')] };
const group = { room_uuid: 'r-2', kind: 'group', room_name: 'Tea', users: ['alice', 'bob', 'carol'],
  members: [member('alice', 'Alice Liddell'), member('bob'), member('carol', 'Carol C')],
  former_members: [{ username: 'dave', display_name: 'Dave D', about: null }] };

describe('names shown', () => {
  test('a person shows as their display name where set, else as their username', () => {
    assert.equal(shownName(member('alice', 'Alice Liddell')), 'Alice Liddell');
    assert.equal(shownName(member('bob')), 'bob');
  });

  test("a direct chat is called by the other person's display name", () => {
    assert.equal(roomTitle(direct, 'bob'), 'Alice Liddell');
    assert.equal(roomTitle(direct, 'alice'), 'bob');
  });

  test('a name in a room comes from its members, then those who left, else the username itself', () => {
    assert.deepEqual(['alice', 'bob', 'dave', 'erin'].map((u) => memberName(group, u)),
      ['Alice Liddell', 'bob', 'Dave D', 'erin']);
  });

  test('group event lines use display names, and "You" for me', () => {
    const event = (action, actor, users) => ({ event: { action, actor, users }, content: 'server words' });

    assert.equal(describeEvent(event('added', 'alice', ['carol', 'dave']), 'bob', group),
      'Alice Liddell added Carol C and Dave D');
    assert.equal(describeEvent(event('removed', 'bob', ['alice']), 'bob', group), 'You removed Alice Liddell');
  });

  test('the chat filter finds a chat by a display name as well as by a username', () => {
    assert.ok(chatMatches(direct, foldText('liddell'), 'bob'));
    assert.ok(chatMatches(direct, foldText('ali'), 'bob'));
    assert.ok(chatMatches(group, foldText('carol c'), 'alice'));
    assert.ok(!chatMatches(group, foldText('liddell'), 'alice')); // my own name finds nothing
  });
});

describe('the profile panel', () => {
  test('trims both fields and sends an empty one as null (cleared)', () => {
    assert.deepEqual(checkProfile('  Alice Liddell ', ' At the tea party '),
      { fields: { display_name: 'Alice Liddell', about: 'At the tea party' }, errors: { name: null, about: null } });
    assert.deepEqual(checkProfile('   ', ''),
      { fields: { display_name: null, about: null }, errors: { name: null, about: null } });
  });

  test('says a name longer than 64 characters or an About longer than 140 is too long, counting emoji as one', () => {
    assert.equal(checkProfile('🫖'.repeat(64), '').errors.name, null);
    assert.equal(checkProfile('🫖'.repeat(65), '').errors.name, 'Your name is too long: at most 64 characters.');
    assert.equal(checkProfile('', 'x'.repeat(141)).errors.about, 'About is too long: at most 140 characters.');
    assert.equal(charactersLeft('🫖🫖', 64), 62);
  });

  test('refuses control characters and line breaks', () => {
    assert.equal(checkProfile('Alice\tLiddell', '').errors.name,
      "Your name can't contain line breaks or control characters.");
    assert.equal(checkProfile('', 'line\u2028break').errors.about,
      "About can't contain line breaks or control characters.");
  });
});
