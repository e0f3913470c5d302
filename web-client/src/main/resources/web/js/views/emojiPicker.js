// The composer's emoji picker: the app's built-in set (emoji.js) in categories, laid over the conversation above the
// composer. Keyboard: it opens on its first emoji, arrows move (Up and Down to the emoji above or below), Enter or
// Space inserts the emoji at the composer's caret and stays for another, Escape or Tab closes it and gives focus back
// to the composer; typing a letter goes on in the composer. A click inserts and leaves the cursor in the composer,
// the picker open for another one (as WhatsApp Web's).

import { h, replaceChildren } from '../dom.js';
import { COMPOSER_EMOJI_GROUPS } from '../emoji.js';

/**
 * `onPick(emoji, byKeyboard)` inserts it (a click, not the keyboard, also puts focus in the composer); `onClose(refocus)`
 * follows every close (`refocus`: by the keyboard, back to the composer). `frequent()` gives the "Frequently used"
 * row, asked again at each open (the emoji I use most: the store counts them).
 */
export function createEmojiPicker({ onPick, onClose, frequent = () => COMPOSER_EMOJI_GROUPS[0].emoji }) {
  const option = (emoji) => h('button', {
    type: 'button', class: 'emoji-option', 'data-testid': 'composer-emoji', 'data-emoji': emoji, title: emoji,
    // A click from the keyboard (Enter, Space) has no detail: the keyboard stays in the picker.
    on: { mousedown: (event) => event.preventDefault(), click: (event) => onPick(emoji, event.detail === 0) },
  }, emoji);
  const grids = COMPOSER_EMOJI_GROUPS.map((group) => h('div', {
    class: 'emoji-group-grid', role: 'group', 'aria-labelledby': `emoji-group-${group.id}`,
    'data-testid': `emoji-group-${group.id}`,
  }, group.emoji.map(option)));
  const el = h('div', {
    class: 'composer-emoji-picker', id: 'composer-emoji-picker', 'data-testid': 'composer-emoji-picker',
    role: 'dialog', 'aria-label': 'Emoji', hidden: true, on: { keydown: onKeydown },
  }, COMPOSER_EMOJI_GROUPS.map((group, i) => h('section', { class: 'emoji-group' },
    h('h3', { class: 'emoji-group-label', id: `emoji-group-${group.id}` }, group.label), grids[i])));

  const buttons = () => [...el.querySelectorAll('.emoji-option')];

  function open() {
    replaceChildren(grids[0], frequent().map(option)); // what I used since it was last open counts now
    el.hidden = false;
    el.scrollTop = 0;
    buttons()[0].focus({ preventScroll: true });
  }

  function close(refocus) {
    if (el.hidden) return;
    el.hidden = true;
    onClose(refocus);
  }

  /** The emoji in the row above or below `from` nearest to it across, or null at the top or bottom. */
  function vertical(from, direction) {
    const at = from.getBoundingClientRect();
    const rows = buttons().map((b) => ({ b, r: b.getBoundingClientRect() }))
      .filter(({ r }) => (direction > 0 ? r.top > at.top + at.height / 2 : r.top < at.top - at.height / 2));
    if (rows.length === 0) return null;
    const rowTop = direction > 0 ? Math.min(...rows.map(({ r }) => r.top)) : Math.max(...rows.map(({ r }) => r.top));
    const row = rows.filter(({ r }) => Math.abs(r.top - rowTop) < 1);
    const centre = at.left + at.width / 2;
    const distance = ({ r }) => Math.abs(r.left + r.width / 2 - centre);
    return row.reduce((best, candidate) => (distance(candidate) < distance(best) ? candidate : best)).b;
  }

  function onKeydown(event) {
    if (event.key === 'Escape' || event.key === 'Tab') {
      event.preventDefault(); // closes the picker only, not a panel or an edit behind it
      event.stopPropagation();
      close(true);
      return;
    }
    if (event.key.length === 1 && event.key !== ' ' && !event.ctrlKey && !event.metaKey && !event.altKey) {
      close(true); // the letter lands in the composer, which has focus again before it is typed
      return;
    }
    const all = buttons();
    const at = all.indexOf(document.activeElement);
    if (at < 0) return;
    const target = {
      ArrowRight: () => all[at + 1], ArrowLeft: () => all[at - 1],
      ArrowDown: () => vertical(all[at], 1), ArrowUp: () => vertical(all[at], -1),
      Home: () => all[0], End: () => all.at(-1),
    }[event.key]?.();
    if (event.key.startsWith('Arrow') || event.key === 'Home' || event.key === 'End') event.preventDefault();
    target?.focus();
  }

  // A press anywhere else closes it (the composer's emoji button toggles it itself).
  document.addEventListener('pointerdown', (event) => {
    if (!el.hidden && !el.contains(event.target) && !event.target.closest?.('[data-testid="emoji-button"]')) {
      close(false);
    }
  });

  return {
    el,
    open,
    close,
    get isOpen() {
      return !el.hidden;
    },
  };
}
