// Avatars: initials on a colour that depends only on the username, so a person looks the same everywhere.

import { h } from '../dom.js';

const PALETTE_SIZE = 12;

/**
 * Up to two initials: from the parts of "jane.doe" / "jane_doe" / "Trip 2027", else the first two letters. Counted
 * in code points, since a group's name may start with an emoji (two UTF-16 units) that must not be cut in half.
 */
export function initials(name) {
  const parts = name.split(/[._\-\s]+/).filter(Boolean);
  const first = (text) => [...text][0] ?? '';
  const letters = parts.length > 1 ? first(parts[0]) + first(parts[1]) : [...name].slice(0, 2).join('');
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

/** `name` (the username) picks the colour; `label` (the display name, where set) gives the initials. */
export function avatar(name, { size = 'md', online = false, label = name } = {}) {
  return h('span', { class: `avatar avatar-${size} avatar-c${colourIndex(name)}`, 'aria-hidden': 'true' },
    initials(label),
    online ? h('span', { class: 'online-dot', 'data-testid': 'online-dot' }) : null);
}

/**
 * Up to two initials of a group's name (any text people write): the first letter, digit or emoji of each of its first
 * words that has one, so "Trip 2027" is "T2", "🎉 Party" "🎉P" and "<b>x</b> club" "BC", never punctuation.
 */
export function groupInitials(name) {
  const firsts = name.split(/\s+/)
    .map((word) => word.match(/[\p{L}\p{N}]|\p{Extended_Pictographic}/u)?.[0])
    .filter(Boolean);
  return (firsts.length > 0 ? firsts.slice(0, 2).join('') : [...name.trim()].slice(0, 1).join('')).toUpperCase();
}

/** A group's avatar: the initials of its name on a colour of its own (from its uuid, so a rename keeps it). */
export function groupAvatar(room, { size = 'md' } = {}) {
  return h('span', {
    class: `avatar avatar-${size} avatar-group avatar-c${colourIndex(room.room_uuid)}`, 'aria-hidden': 'true',
  }, groupInitials(room.room_name));
}
