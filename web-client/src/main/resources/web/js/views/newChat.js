// The "New chat" drawer: find people by the start of their name and open the 1:1 chat with one of them, or go on
// to "New group".

import { arrowNavigation, h, reconcile, replaceChildren, setAttr, setText } from '../dom.js';
import { lastSeen } from '../format.js';
import { shownName } from '../selectors.js';
import { avatar } from './avatar.js';
import { icon } from './icons.js';

const SEARCH_DELAY_MS = 200;

/** `onStart(username)` opens or creates the room; `onNewGroup()` opens New group; `onClose()` returns to the list. */
export function createNewChat(store, { onStart, onNewGroup, onClose }) {
  let timer = 0;
  const input = h('input', {
    type: 'search', class: 'search-input', id: 'user-search', 'data-testid': 'user-search',
    placeholder: 'Search name', 'aria-label': 'Search people by name', autocomplete: 'off',
    autocapitalize: 'none', spellcheck: 'false', maxlength: '32', 'aria-controls': 'user-results',
    on: {
      input: () => {
        clearTimeout(timer);
        timer = setTimeout(() => store.searchUsers(input.value.trim().toLowerCase()), SEARCH_DELAY_MS);
      },
      keydown: (event) => {
        if (event.key === 'Enter') results.querySelector('.user-result')?.click();
        if (event.key === 'ArrowDown') {
          event.preventDefault();
          results.querySelector('.user-result')?.focus();
        }
      },
    },
  });
  const status = h('p', { class: 'user-search-status', role: 'status' });
  const results = h('ul', { class: 'chat-list', id: 'user-results', 'aria-label': 'People' });
  arrowNavigation(results, '.user-result');

  const el = h('section', { class: 'new-chat-panel', 'data-testid': 'new-chat-panel', 'aria-label': 'New chat' },
  h('header', { class: 'drawer-header' },
    h('button', {
      type: 'button', class: 'icon-btn', 'data-testid': 'new-chat-back', 'aria-label': 'Back to chats',
      on: { click: onClose },
    }, icon('back')),
    h('h2', {}, 'New chat')),
  h('div', { class: 'search-bar' }, h('span', { class: 'search-icon' }, icon('search')), input),
  h('button', {
    type: 'button', class: 'chat-item new-group-item', 'data-testid': 'new-group', on: { click: onNewGroup },
  }, h('span', { class: 'avatar avatar-md avatar-action', 'aria-hidden': 'true' }, icon('group')),
  h('span', { class: 'chat-main' }, h('span', { class: 'chat-line' }, h('span', { class: 'chat-name' }, 'New group')))),
  status,
  results);

  function createResult(user) {
    return h('li', { class: 'chat-row' }, h('button', {
      type: 'button', class: 'chat-item user-result', 'data-testid': 'user-result', 'data-user': user.username,
      on: { click: () => onStart(user.username) },
    }));
  }

  return {
    el,
    update(state) {
      const { query, results: users, loading, error } = state.search;
      reconcile(results, users, (user) => user.username, createResult, updatePersonRow);
      const text = error ?? (loading ? 'Searching…'
        : !query ? 'Type the start of a name.' : users.length === 0 ? 'Nobody found by that name.' : '');
      setText(status, text);
      setAttr(status, 'hidden', !text);
    },
    /** Starts from an empty search each time the panel opens. */
    reset() {
      clearTimeout(timer);
      input.value = '';
      store.searchUsers('');
    },
    /** Puts the cursor in the search field; only works once the panel is shown. */
    focus() {
      input.focus();
    },
  };
}

/**
 * Fills a row's button with a person found by name (see personParts; the chat list reuses it).
 */
export function updatePersonRow(li, user) {
  const signature = JSON.stringify([user.online, user.last_seen, user.display_name ?? null, user.about ?? null]);
  if (li.dataset.signature === signature) return;
  li.dataset.signature = signature;
  replaceChildren(li.firstElementChild, ...personParts(user));
}

/**
 * A person found by name as a row shows them: avatar, display name (with the username beside it where the two
 * differ), and their About where they wrote one, else online or last seen. New chat, the chat filter's people and the
 * group member pickers all show people this way.
 */
export function personParts(user) {
  const name = shownName(user);
  return [
    avatar(user.username, { online: user.online, label: name }),
    h('span', { class: 'chat-main' },
      h('span', { class: 'chat-line' }, h('span', { class: 'chat-name', 'data-testid': 'person-name' }, name),
        name !== user.username ? h('span', { class: 'chat-username', 'data-testid': 'person-username' },
          `@${user.username}`) : null),
      h('span', { class: 'chat-line' },
        user.about ? h('span', { class: 'chat-preview', 'data-testid': 'person-about' }, user.about)
          : h('span', { class: 'chat-preview', 'data-testid': 'person-presence' },
            user.online ? 'online' : lastSeen(user.last_seen)))),
  ];
}
