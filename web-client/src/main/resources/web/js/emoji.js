// The app's one small built-in set of emoji, shared by the reaction picker and the composer's picker. Each entry is
// one emoji the server accepts as a reaction (a single emoji, with its variation selector where it needs one).

/** WhatsApp's six quick reactions, also the composer picker's first row. */
export const COMMON_EMOJI = ['👍', '❤️', '😂', '😮', '😢', '🙏'];

/** Everyday emoji in a few categories, in the order the pickers show them. */
export const EMOJI_GROUPS = [
  {
    id: 'smileys', label: 'Smileys',
    emoji: ['😀', '😃', '😄', '😁', '😆', '😅', '🤣', '😊', '😇', '🙂', '😉', '😍', '🥰', '😘', '😋', '😜',
      '🤪', '🤔', '🤗', '🤩', '😎', '🥳', '😏', '🙄', '😬', '😴', '🤯', '😱', '😡', '🥺', '😭', '😤'],
  },
  { id: 'gestures', label: 'Gestures', emoji: ['👏', '🙌', '👌', '✌️', '🤞', '💪', '👋', '🤝', '👀'] },
  {
    id: 'symbols', label: 'Symbols',
    emoji: ['🔥', '✨', '🎉', '💯', '✅', '❌', '💔', '💙', '💚', '💜', '⭐'],
  },
  { id: 'things', label: 'Food and things', emoji: ['☕', '🍕', '🎂', '🚀'] },
];

/** The reaction picker's set behind "+": every category, the quick reactions aside. */
export const MORE_EMOJI = EMOJI_GROUPS.flatMap((group) => group.emoji);

/**
 * The composer's picker: "Frequently used" first (the quick reactions here; the emoji the user uses most once there
 * are any, see frequentEmoji.js), then every category.
 */
export const COMPOSER_EMOJI_GROUPS = [{ id: 'frequent', label: 'Frequently used', emoji: COMMON_EMOJI }, ...EMOJI_GROUPS];
