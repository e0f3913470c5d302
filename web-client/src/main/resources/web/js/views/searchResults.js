// The messages a search found, newest first: each a button with its chat's name (unless the search is within one
// chat), its date, who wrote it and the snippet with what matched highlighted; then "Load more", which also loads by
// itself when it scrolls into view. Used by the chat list's search and by "Search in this chat".

import { attachmentPreview } from '../attachments.js';
import { h, reconcile, replaceChildren, setAttr, setText } from '../dom.js';
import { listTime } from '../format.js';
import { resultChatName, resultSender, searchView, snippetParts } from '../search.js';

/**
 * `search` is the box's MessageSearch; `onOpen(hit, button)` opens a result; `onLeave()` runs when ArrowUp leaves the
 * first result (back to the search field); `inRoom`: the results are all of one chat, so they do not name it.
 */
export function createSearchResults(search, { onOpen, onLeave, inRoom = false, testId = 'search-results' }) {
  let opened = null; // the message of the result opened last: focus goes back to it (focusOpened)
  const heading = h('h3', { class: 'list-heading search-heading', id: `${testId}-heading` }, 'Messages');
  const status = h('p', { class: 'search-status', 'data-testid': 'search-status', role: 'status' });
  const list = h('ul', { class: 'chat-list search-list', 'aria-labelledby': `${testId}-heading` });
  const moreButton = h('button', {
    type: 'button', class: 'search-more', 'data-testid': 'search-more', on: { click: () => search.more() },
  }, 'Load more');
  const retryButton = h('button', {
    type: 'button', class: 'search-more', 'data-testid': 'search-retry', on: { click: () => search.retry() },
  }, 'Try again');
  const footer = h('div', { class: 'search-footer' }, moreButton, retryButton);
  const el = h('section', { class: 'search-results', 'data-testid': testId, hidden: true },
    heading, list, status, footer);

  // Infinite scroll: "Load more" loads by itself once it comes into view below results (it stays a button for the
  // keyboard). Under no results ("Search older messages", after a run of empty pages) it waits for a click: the
  // pages that followed one another by themselves already stopped there on purpose.
  new IntersectionObserver((entries) => {
    if (entries.some((entry) => entry.isIntersecting) && !moreButton.hidden && search.state.results.length > 0) {
      search.more();
    }
  }).observe(moreButton);

  const items = () => [...list.querySelectorAll('[data-testid=search-result]')];
  list.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const shown = items();
    const at = shown.indexOf(document.activeElement);
    if (at < 0) return;
    const target = { ArrowDown: shown[at + 1], ArrowUp: shown[at - 1], Home: shown[0], End: shown.at(-1) }[event.key];
    if (['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(event.key)) event.stopPropagation(); // no list around moves too
    if (target) {
      event.preventDefault();
      target.focus();
    } else if (event.key === 'ArrowUp' && at === 0) {
      event.preventDefault();
      onLeave?.();
    } else if (event.key === 'ArrowDown' && !moreButton.hidden) {
      event.preventDefault();
      moreButton.focus();
    }
  });

  function createItem(item) {
    return h('li', { class: 'chat-row' }, h('button', {
      type: 'button', class: 'chat-item search-result', 'data-testid': 'search-result',
      on: {
        click: (event) => {
          opened = item.hit.message.message_uuid;
          onOpen(item.hit, event.currentTarget);
        },
      },
    }));
  }

  function updateItem(li, { hit, state, now }) {
    const me = state.me.username;
    const button = li.firstElementChild;
    button.dataset.room = hit.room.room_uuid;
    button.dataset.seq = hit.message.seq;
    const name = inRoom ? null : resultChatName(hit, state.rooms, me);
    const sender = resultSender(hit, me, state.rooms);
    const parts = snippetParts(hit.snippet, attachmentPreview(hit.message) ?? hit.message.content);
    const when = listTime(hit.message.created_at, now);
    const signature = JSON.stringify([name, sender, parts, when]);
    if (li.dataset.signature === signature) return;
    li.dataset.signature = signature;
    replaceChildren(button, h('span', { class: 'chat-main' },
      h('span', { class: 'chat-line' },
        inRoom
          ? h('span', { class: 'search-sender', 'data-testid': 'search-result-sender' }, sender ?? hit.message.user)
          : h('span', { class: 'chat-name', 'data-testid': 'search-result-chat' }, name),
        h('time', { class: 'chat-time', datetime: hit.message.created_at, 'data-testid': 'search-result-date' },
          when)),
      h('span', { class: 'search-snippet', 'data-testid': 'search-snippet' },
        !inRoom && sender ? [h('span', { class: 'preview-sender' }, sender), ': '] : null,
        snippet(parts))));
  }

  return {
    el,
    /** Draws the search's state; hidden while nothing is searched. */
    update(state, now = Date.now()) {
      const view = searchView(search.state);
      el.hidden = view.kind === 'idle';
      if (view.kind === 'idle') {
        list.replaceChildren();
        return;
      }
      const { query, results } = search.state;
      const shown = view.kind === 'results' ? results : [];
      const focusedAt = items().indexOf(document.activeElement);
      reconcile(list, shown.map((hit) => ({ hit, state, now })), (item) => item.hit.message.message_uuid,
        createItem, updateItem);
      // Found results speak for themselves on screen; screen readers are told how many the list holds so far.
      const counted = view.kind === 'results' && view.more !== 'loading' && !view.text;
      const text = {
        searching: 'Searching messages…',
        empty: view.more === 'button' ? `No messages found for “${query}” yet.` : `No messages found for “${query}”.`,
        error: view.text,
        results: view.more === 'loading' ? 'Loading more…' : view.text
          ?? `${shown.length} ${shown.length === 1 ? 'message' : 'messages'} found${search.state.next ? ' so far' : ''}`,
      }[view.kind];
      setText(status, text);
      setAttr(status, 'data-state', view.kind);
      status.classList.toggle('visually-hidden', counted);
      status.classList.toggle('error', view.kind === 'error' || Boolean(view.text));
      moreButton.hidden = view.more !== 'button';
      setText(moreButton, view.kind === 'empty' ? 'Search older messages' : 'Load more');
      // Only where asking again can help: not after a refusal of the search itself (too many words, say).
      retryButton.hidden = !view.retry;
      if (focusedAt >= 0 && !list.contains(document.activeElement)) {
        // The result with focus went (deleted, or no longer matching after an edit): the keyboard carries on from
        // the one now in its place, else from the end of the list or the search field.
        const next = items();
        const target = next[Math.min(focusedAt, next.length - 1)] ?? (moreButton.hidden ? null : moreButton);
        if (target) target.focus();
        else onLeave?.();
      }
    },
    /** Focus on the result opened last, if it still shows; false when it does not. */
    focusOpened() {
      const item = items().find((button) => button.parentElement.dataset.key === opened);
      item?.focus();
      return Boolean(item);
    },
    /** Focus on the first result (ArrowDown from the search field); false when there is none. */
    focusFirst() {
      const first = list.querySelector('[data-testid=search-result]') ?? (moreButton.hidden ? null : moreButton);
      first?.focus();
      return Boolean(first);
    },
  };
}

/** A snippet's runs as text nodes, the matches in <mark>: the server's text never becomes markup. */
export function snippet(parts) {
  return parts.map((part) => (part.match ? h('mark', {}, part.text) : part.text));
}
