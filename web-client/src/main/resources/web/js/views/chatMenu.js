// My own settings of a chat, as menu items (Pin, Mute for 8 hours / 1 week / always, Archive, Mark as unread, Clear
// chat): in the chat list's context menu (right click, the row's menu button, or the keyboard's menu key / Shift+F10)
// and in the conversation header's menu. The server stores them, so every device of mine shows the same.

import { arrowNavigation, h, replaceChildren, setAttr } from '../dom.js';
import { isMuted } from '../state.js';
import { icon } from './icons.js';

const HOUR_MS = 3_600_000;

/** The items for `room` as it is now: [{ id, label, icon }]. */
export function chatActions(room, now = Date.now()) {
  const items = [];
  items.push(room.pinned ? { id: 'unpin', label: 'Unpin chat', icon: 'pin' } : { id: 'pin', label: 'Pin chat', icon: 'pin' });
  if (isMuted(room, now)) {
    items.push({ id: 'unmute', label: 'Unmute notifications', icon: 'muted' });
  } else {
    items.push({ id: 'mute-8h', label: 'Mute for 8 hours', icon: 'muted' },
      { id: 'mute-week', label: 'Mute for 1 week', icon: 'muted' },
      { id: 'mute-always', label: 'Mute always', icon: 'muted' });
  }
  items.push(room.archived ? { id: 'unarchive', label: 'Unarchive chat', icon: 'archive' }
    : { id: 'archive', label: 'Archive chat', icon: 'archive' });
  items.push(room.unread_count > 0 || room.marked_unread ? { id: 'read', label: 'Mark as read', icon: 'unread' }
    : { id: 'unread', label: 'Mark as unread', icon: 'unread' });
  items.push({ id: 'clear', label: 'Clear chat', icon: 'trash', danger: true });
  return items;
}

/**
 * Carries out the item `id` for `room`: a change of my settings of it (Clear chat asks first, in `confirm`, the
 * app's dialog). Mark as read reads it as opening it would.
 */
export function runChatAction(store, confirm, room, id, now = Date.now()) {
  const uuid = room.room_uuid;
  const change = (changes) => store.changeChatSettings(uuid, changes);
  switch (id) {
    case 'pin': return change({ pinned: true });
    case 'unpin': return change({ pinned: false });
    case 'mute-8h': return change({ muted_until: new Date(now + 8 * HOUR_MS).toISOString() });
    case 'mute-week': return change({ muted_until: new Date(now + 7 * 24 * HOUR_MS).toISOString() });
    case 'mute-always': return change({ muted_until: 'forever' });
    case 'unmute': return change({ muted_until: null });
    case 'archive': return change({ archived: true });
    case 'unarchive': return change({ archived: false });
    case 'unread': return change({ marked_unread: true });
    case 'read':
      if (room.marked_unread) change({ marked_unread: false });
      return store.markRead(uuid);
    case 'clear':
      return confirm.ask({
        question: 'Clear this chat?',
        detail: 'Its messages disappear from this chat on all your devices. The others still have them.',
        label: 'Clear chat',
        confirm: () => change({ cleared_seq: room.last_seq }),
      });
    default: return undefined;
  }
}

/** The items as menu buttons (role menuitem), each calling `onPick(id)`. */
export function chatMenuButtons(room, onPick, now = Date.now()) {
  return chatActions(room, now).map((item) => h('button', {
    type: 'button', class: item.danger ? 'menu-item' : 'menu-item plain', role: 'menuitem',
    'data-testid': `chat-action-${item.id}`, 'data-action': item.id, on: { click: () => onPick(item.id) },
  }, icon(item.icon), h('span', {}, item.label)));
}

/**
 * The chat list's context menu: one for the whole list, opened over a row (`open(room, row, refocus)`); arrows move,
 * Enter picks, Escape (focus back to `refocus`), Tab or a click elsewhere close it.
 */
export function createChatContextMenu({ onPick }) {
  let shown = null; // { room, refocus }
  const el = h('div', {
    class: 'menu chat-context-menu', role: 'menu', 'aria-label': 'Chat options', 'data-testid': 'chat-context-menu',
    hidden: true,
    on: {
      keydown: (event) => {
        if (event.key === 'Escape' || event.key === 'Tab') {
          if (event.key === 'Escape') event.preventDefault();
          const back = shown?.refocus;
          close();
          if (event.key === 'Escape') back?.focus();
        }
      },
      focusout: (event) => { if (event.relatedTarget && !el.contains(event.relatedTarget)) close(); },
    },
  });
  arrowNavigation(el, '[role="menuitem"]');
  document.addEventListener('pointerdown', (event) => { if (shown && !el.contains(event.target)) close(); });

  function close() {
    el.hidden = true;
    shown = null;
  }

  return {
    el,
    /** Opens the menu of `room` beside `row` (an element of the list), or at the pointer ({ x, y }). */
    open(room, row, refocus, at = null) {
      shown = { room, refocus };
      replaceChildren(el, chatMenuButtons(room, (id) => {
        const { room: picked, refocus: back } = shown ?? {};
        close();
        back?.focus();
        if (picked) onPick(picked, id);
      }));
      el.hidden = false;
      // Fixed to the viewport, at the pointer or beside the row, kept inside the window.
      const box = row.getBoundingClientRect();
      const x = at?.x ?? box.right - el.offsetWidth - 8;
      const y = at?.y ?? box.top + box.height / 2;
      // CSSOM, not a style attribute: the CSP allows it
      el.style.left = `${Math.round(Math.max(4, Math.min(x, window.innerWidth - el.offsetWidth - 4)))}px`;
      el.style.top = `${Math.round(Math.max(4, Math.min(y, window.innerHeight - el.offsetHeight - 4)))}px`;
      el.querySelector('[role="menuitem"]')?.focus();
    },
    close,
  };
}

/** Menu items for a header menu (appended to it): `update(room)` rebuilds them for the open chat. */
export function createChatMenuItems({ onPick }) {
  let room = null;
  let shownKey = null;
  const el = h('div', { role: 'none', class: 'chat-menu-items', 'data-testid': 'chat-menu-items' });
  return {
    el,
    /** Rebuilt only when the items change, so a menu open over them keeps its focus. */
    update(next, now = Date.now()) {
      room = next;
      const key = next ? chatActions(next, now).map((item) => item.id).join() : '';
      if (key === shownKey) return;
      shownKey = key;
      replaceChildren(el, next ? chatMenuButtons(next, (id) => onPick(room, id), now) : []);
      setAttr(el, 'hidden', !next);
    },
  };
}
