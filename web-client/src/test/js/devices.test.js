// The signed-in devices list's words: a device's name from its User-Agent, and when it was last used.
// Run with `node --test web-client/src/test/js`.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deviceName, lastActive, sortDevices } from '../../main/resources/web/js/devices.js';

describe('device names', () => {
  const cases = [
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      'Chrome on Linux'],
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36',
      'Chrome on Linux'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 '
      + 'Safari/537.36 Edg/131.0.2903.86', 'Edge on Windows'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 '
      + 'Safari/605.1.15', 'Safari on macOS'],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 '
      + 'Mobile/15E148 Safari/604.1', 'Safari on iOS'],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) '
      + 'CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1', 'Chrome on iOS'],
    ['Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile '
      + 'Safari/537.36', 'Chrome on Android'],
    ['Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 '
      + 'Chrome/122.0.0.0 Mobile Safari/537.36', 'Samsung Internet on Android'],
    ['Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0', 'Firefox on Linux'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 '
      + 'Safari/537.36 OPR/115.0.0.0', 'Opera on Windows'],
    ['Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      'Chrome on ChromeOS'],
    ['Parley-Desktop/0.1.0-SNAPSHOT (Linux; Java 25)', 'Parley desktop'],
    ['Firefox/133.0', 'Firefox'],
  ];
  for (const [userAgent, name] of cases) {
    test(`${name}: ${userAgent.slice(0, 60)}`, () => assert.equal(deviceName(userAgent), name));
  }

  test('a device that said nothing, or nothing recognisable, is an unknown device', () => {
    for (const userAgent of [null, undefined, '', 'curl/8.5.0', 'Java-http-client/25', '<img src=x onerror=alert(1)>']) {
      assert.equal(deviceName(userAgent), 'Unknown device');
    }
  });

  test('a name is one of the known words, never text taken from the User-Agent', () => {
    assert.equal(deviceName('<b>Chrome/1</b> Windows'), 'Chrome on Windows');
  });
});

describe('last active', () => {
  const now = new Date(2026, 10, 30, 15, 0).getTime();
  const at = (d) => new Date(d).toISOString();
  const clock = (d) => new Intl.DateTimeFormat(undefined, { timeStyle: 'short' }).format(d);

  test('this device is active now, whenever it was last used', () => {
    assert.equal(lastActive({ current: true, last_used_at: at(new Date(2026, 10, 1)) }, now), 'Active now');
  });

  test('another device says when it was last used: today, yesterday, else the date', () => {
    const today = new Date(2026, 10, 30, 9, 5);
    const yesterday = new Date(2026, 10, 29, 23, 50);
    const earlier = new Date(2026, 10, 3, 8, 0);
    assert.equal(lastActive({ current: false, last_used_at: at(today) }, now), `Last active today at ${clock(today)}`);
    assert.equal(lastActive({ current: false, last_used_at: at(yesterday) }, now),
      `Last active yesterday at ${clock(yesterday)}`);
    const day = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' }).format(earlier);
    assert.equal(lastActive({ current: false, last_used_at: at(earlier) }, now),
      `Last active on ${day} at ${clock(earlier)}`);
  });
});

test('this device comes first, the others keep the server order (most recently used first)', () => {
  const sessions = [{ id: 'a', current: false }, { id: 'b', current: false }, { id: 'c', current: true }];
  assert.deepEqual(sortDevices(sessions).map((s) => s.id), ['c', 'a', 'b']);
});
