// Avatars: initials on a colour that depends only on the username, so a person looks the same everywhere.

import { h } from '../dom.js';

const PALETTE_SIZE = 12;

/** Up to two initials: from the parts of "jane.doe" / "jane_doe", else the first two letters. */
export function initials(name) {
  const parts = name.split(/[._\-\s]+/).filter(Boolean);
  const letters = parts.length > 1 ? parts[0][0] + parts[1][0] : name.slice(0, 2);
  return letters.toUpperCase();
}

/** A stable palette slot (FNV-1a hash of the name); the colours themselves live in app.css for both themes. */
export function colourIndex(name) {
  let hash = 0x811c9dc5;
  for (const ch of name) {
    hash ^= ch.codePointAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % PALETTE_SIZE;
}

export function avatar(name, { size = 'md', online = false } = {}) {
  return h('span', { class: `avatar avatar-${size} avatar-c${colourIndex(name)}`, 'aria-hidden': 'true' },
    initials(name),
    online ? h('span', { class: 'online-dot', 'data-testid': 'online-dot' }) : null);
}
