// The composer picker's "Frequently used" row: the emoji this user sent or reacted with most on this device (kept in
// localStorage per user, as drafts are), until there are any WhatsApp's quick reactions. Pure: the store keeps the
// counts and saves them.

import { COMMON_EMOJI } from './emoji.js';

/** The row holds at most one line of the picker's grid; with fewer used, the quick reactions fill it to six. */
export const FREQUENT_MAX = 8;
/** How many different emoji are remembered (the least used go first). */
const REMEMBERED = 40;

// One whole emoji as Unicode's RGI list defines it (a skin tone, a flag, a keycap, a ZWJ family each one).
const EMOJI = /\p{RGI_Emoji}/gv;

/** The different emoji in `text`, in the order they first appear. */
export function emojiIn(text) {
  return [...new Set(String(text ?? '').match(EMOJI) ?? [])];
}

/**
 * `counts` (`{ emoji: [uses, lastUsedMs] }`, not changed) after `emoji` were used once each at `now`; only the
 * REMEMBERED most used stay.
 */
export function counted(counts, emoji, now) {
  const next = { ...counts };
  for (const e of emoji) next[e] = [(next[e]?.[0] ?? 0) + 1, now];
  const kept = ranked(next).slice(0, REMEMBERED);
  return Object.fromEntries(kept.map((e) => [e, next[e]]));
}

/** The row to show: the most used first (the latest used first among equals), then the quick reactions. */
export function frequentEmoji(counts) {
  const used = ranked(counts ?? {}).slice(0, FREQUENT_MAX);
  const fill = COMMON_EMOJI.filter((e) => !used.includes(e)).slice(0, Math.max(0, COMMON_EMOJI.length - used.length));
  return [...used, ...fill];
}

/** Counts read back from storage: anything malformed is dropped, not trusted. */
export function parseCounts(json) {
  try {
    const parsed = JSON.parse(json ?? '{}');
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter(([e, v]) => emojiIn(e).length === 1 && emojiIn(e)[0] === e
      && Array.isArray(v) && Number.isInteger(v[0]) && v[0] > 0 && Number.isFinite(v[1])));
  } catch {
    return {};
  }
}

function ranked(counts) {
  return Object.keys(counts).sort((a, b) => counts[b][0] - counts[a][0] || counts[b][1] - counts[a][1]);
}
