// The popover of one message: its actions (Reply, React, Edit, Delete, Message info) and the reaction bar (the
// common emoji, "+" for a small picker of more). One instance per conversation, laid over the messages next to the
// bubble it belongs to; keyboard: arrows move, Enter picks, Escape and Tab close it and give focus back.

import { h, replaceChildren, setAttr } from '../dom.js';
import { COMMON_EMOJI, MORE_EMOJI } from '../emoji.js';
import { icon } from './icons.js';

const ITEMS = [
  { id: 'reply', label: 'Reply', icon: 'reply' },
  { id: 'react', label: 'React', icon: 'smile' },
  { id: 'edit', label: 'Edit', icon: 'edit' },
  { id: 'delete', label: 'Delete', icon: 'trash', danger: true },
  { id: 'info', label: 'Message info', icon: 'info' },
];

/**
 * `onAction(id, key)` carries out a menu item ('reply', 'edit', 'delete', 'info') for the message with `key`,
 * `onReact(key, emoji)` sets my reaction (the store removes it when it is the one I have), `onClosed(key, refocus)`
 * follows every close (`refocus`: by the keyboard, so focus goes back to the message).
 */
export function createMessageMenu({ onAction, onReact, onClosed }) {
  const bar = h('div', { class: 'reaction-bar', role: 'group', 'aria-label': 'React', 'data-testid': 'reaction-bar' });
  const picker = h('div', {
    class: 'emoji-picker', role: 'group', 'aria-label': 'More reactions', 'data-testid': 'emoji-picker', hidden: true,
  }, MORE_EMOJI.map((emoji) => emojiButton(emoji, 'picker-emoji')));
  const items = h('div', { class: 'message-menu-items', role: 'menu', 'aria-label': 'Message options' });
  const el = h('div', {
    class: 'message-menu', 'data-testid': 'message-menu', hidden: true,
    on: { keydown: onKeydown, focusout: (event) => { if (!el.contains(event.relatedTarget) && event.relatedTarget) close(); } },
  }, bar, picker, items);

  let shown = null; // { key, anchor }
  // A press anywhere else closes it (its own message's buttons toggle it themselves).
  document.addEventListener('pointerdown', (event) => {
    if (shown && !el.contains(event.target) && !shown.anchor.closest('li')?.contains(event.target)) close(false);
  });

  function emojiButton(emoji, testId) {
    return h('button', {
      type: 'button', class: 'emoji-option', 'data-testid': testId, 'data-emoji': emoji, 'aria-label': `React ${emoji}`,
      title: emoji, on: { click: () => pick(emoji) },
    }, emoji);
  }

  function pick(emoji) {
    const key = shown?.key;
    close(true);
    if (key) onReact(key, emoji);
  }

  /**
   * Opens for the message `key` next to `anchor` (its bubble). `mode`: 'menu' (the chevron: the actions), 'react'
   * (the smiley: the emoji), 'both' (a long press or right click). `offer` says which actions the message has now;
   * `mine` is my current reaction (shown selected: picking it again removes it).
   */
  function open({ key, anchor, mode, offer, mine }) {
    shown = { key, anchor, mode };
    const showBar = offer.react && mode !== 'menu';
    bar.hidden = !showBar;
    picker.hidden = true;
    replaceChildren(bar, COMMON_EMOJI.map((emoji) => emojiButton(emoji, 'reaction-option')),
      h('button', {
        type: 'button', class: 'emoji-option more', 'data-testid': 'reaction-more', 'aria-label': 'More reactions',
        'aria-expanded': 'false', title: 'More reactions', on: { click: togglePicker },
      }, icon('plus')));
    for (const button of el.querySelectorAll('.emoji-option[data-emoji]')) {
      setAttr(button, 'aria-pressed', button.dataset.emoji === mine ? 'true' : 'false');
    }
    // React leads to the emoji: not offered when they show already (a long press or right click shows both).
    const offered = mode === 'react' ? []
      : ITEMS.filter((item) => offer[item.id] && !(item.id === 'react' && showBar));
    replaceChildren(items, offered.map((item) => h('button', {
      type: 'button', role: 'menuitem', class: `menu-item${item.danger ? '' : ' plain'}`,
      'data-testid': `menu-${item.id}`, on: { click: () => choose(item.id) },
    }, icon(item.icon), h('span', {}, item.label))));
    items.hidden = offered.length === 0;
    el.hidden = false;
    place();
    // The first thing shown: an emoji when the bar shows, else the first action.
    [...el.querySelectorAll('.emoji-option, [role=menuitem]')].find((b) => b.checkVisibility())
      ?.focus({ preventScroll: true });
  }

  function choose(id) {
    const key = shown?.key;
    if (id === 'react') {
      // From the list to the emoji, in the same place.
      items.hidden = true;
      bar.hidden = false;
      place();
      bar.querySelector('.emoji-option')?.focus({ preventScroll: true });
      return;
    }
    close(id !== 'reply' && id !== 'edit'); // those two move focus to the composer themselves
    onAction(id, key);
  }

  function togglePicker(event) {
    picker.hidden = !picker.hidden;
    setAttr(event.currentTarget, 'aria-expanded', picker.hidden ? 'false' : 'true');
    place();
    if (!picker.hidden) picker.querySelector('.emoji-option')?.focus({ preventScroll: true });
  }

  /** Beside the bubble, on its side of the chat; below it when there is room, else above; always inside the area. */
  function place() {
    if (!shown) return;
    const area = el.offsetParent?.getBoundingClientRect();
    const bubble = shown.anchor.getBoundingClientRect();
    if (!area) return;
    const mine = shown.anchor.closest('.message')?.classList.contains('mine');
    const width = el.offsetWidth;
    const height = el.offsetHeight;
    let left = mine ? bubble.right - area.left - width : bubble.left - area.left;
    left = Math.max(8, Math.min(left, area.width - width - 8));
    let top = bubble.bottom - area.top + 4;
    if (top + height > area.height - 8) top = bubble.top - area.top - height - 4;
    top = Math.max(8, Math.min(top, area.height - height - 8));
    el.style.left = `${Math.round(left)}px`; // CSSOM, not a style attribute: the CSP allows it
    el.style.top = `${Math.round(top)}px`;
  }

  /** Closes; `refocus` gives focus back to the message (the keyboard's way out). */
  function close(refocus = false) {
    if (!shown) return;
    const { key } = shown;
    shown = null;
    el.hidden = true;
    onClosed(key, refocus);
  }

  function onKeydown(event) {
    if (event.key === 'Escape') {
      event.preventDefault(); // closes the menu only, not the panel behind it
      event.stopPropagation();
      close(true);
      return;
    }
    if (event.key === 'Tab') {
      event.preventDefault();
      close(true);
      return;
    }
    const inItems = items.contains(document.activeElement);
    const group = inItems ? [...items.querySelectorAll('[role=menuitem]')]
      : [...el.querySelectorAll('.emoji-option')].filter((b) => b.checkVisibility());
    const at = group.indexOf(document.activeElement);
    const step = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 }[event.key];
    let target = null;
    if (step && !inItems && (event.key === 'ArrowDown' || event.key === 'ArrowUp') && !items.hidden
        && at >= 0 && bar.contains(document.activeElement)) {
      target = event.key === 'ArrowDown' ? items.querySelector('[role=menuitem]') : null; // from the bar down to the list
    } else if (step) {
      target = group[(at + step + group.length) % group.length];
    } else if (event.key === 'Home') {
      target = group[0];
    } else if (event.key === 'End') {
      target = group.at(-1);
    }
    if (target) {
      event.preventDefault();
      target.focus({ preventScroll: true });
    }
  }

  return {
    el,
    open,
    close,
    /** The message the menu is open for, or null. */
    get openFor() {
      return shown?.key ?? null;
    },
    /** How it was opened: 'menu', 'react' or 'both'. */
    get mode() {
      return shown?.mode ?? null;
    },
    /** Follows its bubble after a redraw (the anchor may have been rebuilt); closes when it is gone. */
    follow(anchor) {
      if (!shown) return;
      if (!anchor) close(false);
      else {
        shown.anchor = anchor;
        place();
      }
    },
  };
}
