import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { formatTime } from '../../main/resources/web/js/format.js';

describe('times', () => {
  test("a time is the locale's short time, as the desktop's (9:05 AM in en-US, never 09:05 AM)", () => {
    const morning = new Date(2026, 10, 30, 9, 5);
    assert.equal(formatTime(morning.toISOString()),
      new Intl.DateTimeFormat(undefined, { timeStyle: 'short' }).format(morning));
    if (Intl.DateTimeFormat().resolvedOptions().locale === 'en-US') {
      assert.equal(formatTime(morning.toISOString()).replace(/\s/g, ' '), '9:05 AM');
    }
  });
});
