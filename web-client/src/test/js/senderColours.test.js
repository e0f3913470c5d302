// The web client's sender-name colours in groups (css/app.css, --name-0 … --name-11, light and dark): each readable on
// an incoming bubble (WCAG AA, 4.5:1) and clearly apart from every other (OKLab distance ≥ 0.10), so that two people
// in one group are not told apart by a shade. The same twelve as the desktop client's (SenderColoursTest there).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const css = readFileSync(fileURLToPath(new URL('../../main/resources/web/css/app.css', import.meta.url)), 'utf8');
const darkStart = css.indexOf('@media (prefers-color-scheme: dark)');
const light = css.slice(0, darkStart);
const dark = css.slice(darkStart);

function variables(block, prefix) {
  const found = new Map();
  for (const m of block.matchAll(new RegExp(`--${prefix}(\\d+)?:\\s*(#[0-9a-fA-F]{6})`, 'g'))) {
    if (!found.has(m[1] ?? '')) found.set(m[1] ?? '', m[2].toLowerCase());
  }
  return found;
}

function channels(hex) {
  return [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
}

function contrast(a, b) {
  const lum = (hex) => { const [r, g, bl] = channels(hex); return 0.2126 * r + 0.7152 * g + 0.0722 * bl; };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

function oklab(hex) {
  const [r, g, b] = channels(hex);
  const l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
  const m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
  const s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
  return [0.2104542553 * l + 0.7936177850 * m - 0.0040720468 * s,
    1.9779984951 * l - 2.4285922050 * m + 0.4505937099 * s,
    0.0259040371 * l + 0.7827717662 * m - 0.8086757660 * s];
}

for (const [theme, block] of [['light', light], ['dark', dark]]) {
  test(`twelve ${theme} sender colours, each readable on an incoming bubble and clearly apart from the others`, () => {
    const names = [...variables(block, 'name-').values()];
    const bubble = variables(block, 'bubble-in').get('');
    assert.equal(names.length, 12);
    assert.ok(bubble, 'the theme sets --bubble-in');
    for (const colour of names) {
      assert.ok(contrast(colour, bubble) >= 4.5, `${colour} on ${bubble}: ${contrast(colour, bubble).toFixed(2)}:1`);
    }
    for (let i = 0; i < names.length; i++) {
      for (let j = i + 1; j < names.length; j++) {
        const [p, q] = [oklab(names[i]), oklab(names[j])];
        const distance = Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
        assert.ok(distance >= 0.10, `${names[i]} and ${names[j]} are too close (${distance.toFixed(3)})`);
      }
    }
  });
}
