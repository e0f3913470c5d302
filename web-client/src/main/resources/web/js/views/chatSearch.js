// "Search in this chat": a panel beside the conversation (over it on narrow screens) with a search field whose
// Enter searches this chat's messages only; a result shows that message in the conversation.

import { h } from '../dom.js';
import { MessageSearch } from '../search.js';
import { icon } from './icons.js';
import { createSearchResults } from './searchResults.js';

/** `onOpen(hit)` shows a result in the conversation; `onClose()` closes the panel; `requestRender()` redraws. */
export function createChatSearch(store, { onOpen, onClose, requestRender }) {
  const search = new MessageSearch((params) => store.searchMessages(params));
  let roomUuid = null;
  search.addEventListener('change', requestRender);
  store.addEventListener('message-changed', (event) => search.messageChanged(event.detail));

  const close = h('button', {
    type: 'button', class: 'icon-btn', 'data-testid': 'chat-search-close', 'aria-label': 'Close search',
    title: 'Close', on: { click: () => onClose() },
  }, icon('close'));
  const input = h('input', {
    type: 'search', class: 'search-input', 'data-testid': 'chat-search-input', placeholder: 'Search in this chat',
    'aria-label': 'Search messages in this chat', autocomplete: 'off', spellcheck: 'false', enterkeyhint: 'search',
    on: {
      input: () => search.clear(),
      keydown: (event) => {
        if (event.altKey || event.ctrlKey || event.metaKey) return;
        if (event.key === 'Enter') {
          event.preventDefault();
          search.search(input.value, roomUuid);
        } else if (event.key === 'ArrowDown') {
          event.preventDefault();
          results.focusFirst();
        }
      },
    },
  });
  const results = createSearchResults(search, {
    onOpen: (hit) => onOpen(hit), onLeave: () => input.focus(), inRoom: true, testId: 'chat-search-results',
  });
  const hint = h('p', { class: 'info-note chat-search-hint', 'data-testid': 'chat-search-hint' },
    'Press Enter to search the messages of this chat.');

  const el = h('aside', { class: 'side-panel chat-search', 'data-testid': 'chat-search', 'aria-labelledby': 'chat-search-title' },
    h('header', { class: 'pane-header side-panel-header' }, close, h('h2', { id: 'chat-search-title' }, 'Search messages')),
    h('div', { class: 'search-bar' }, h('span', { class: 'search-icon' }, icon('search')), input),
    h('div', { class: 'side-panel-body chat-search-body' }, hint, results.el));

  return {
    el,
    /** Draws the panel for the open chat `room`; another chat than last time starts an empty search. */
    update(state, room, now = Date.now()) {
      if (room !== roomUuid) {
        roomUuid = room;
        input.value = '';
        search.clear();
      }
      hint.hidden = search.state.status !== 'idle';
      results.update(state, now);
    },
    /** Closed: the next opening starts empty, and nothing is still on its way. */
    reset() {
      roomUuid = null;
      input.value = '';
      search.clear();
    },
    focus() {
      input.focus();
    },
    /** Whether the panel lies over the conversation (narrow screens): then a result closes it to show the message. */
    covers() {
      return getComputedStyle(el).position === 'absolute';
    },
  };
}
