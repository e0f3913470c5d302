import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { characterCount, groupNameError } from '../../main/resources/web/js/limits.js';

describe('length limits counted as the server counts them', () => {
  test('counts code points: an emoji is one, a thumbs-up with a skin tone two', () => {
    assert.equal(characterCount('🫖 tea'), 5);
    assert.equal(characterCount('👍🏽'), 2);
    assert.equal(characterCount(null), 0);
  });

  test('takes a group name of up to 100 characters, emoji counted as one each', () => {
    assert.equal(groupNameError('🫖'.repeat(100)), null);
    assert.equal(groupNameError(` ${'x'.repeat(100)} `), null);
    assert.equal(groupNameError('🫖'.repeat(101)), 'The name is too long: at most 100 characters.');
    assert.equal(groupNameError('   '), 'Give the group a name.');
  });
});
