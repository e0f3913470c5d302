// Picking people for a group (New group, Add member): a name search over the user search the chat filter uses,
// the people found as toggles, and the chosen ones as chips above them. The picker keeps its own search (no store
// state), so New group and a group's Add member can both be open without answering each other's searches.

import { arrowNavigation, h, reconcile, replaceChildren, setAttr, setText } from '../dom.js';
import { shownName } from '../selectors.js';
import { avatar } from './avatar.js';
import { icon } from './icons.js';
import { personParts } from './newChat.js';

const SEARCH_DELAY_MS = 200;
const MAX_NAME = 32;

/**
 * `id` prefixes the element ids and test ids; `excluded()` the usernames not to offer (already in the group);
 * `onChange()` runs when the chosen people change.
 */
export function createMemberPicker(store, { id, label, excluded = () => new Set(), onChange = () => {} }) {
  let search = { query: '', users: [], loading: false };
  let timer = 0;
  const chosen = new Map(); // username → the person as found, in the order they were picked

  const input = h('input', {
    type: 'search', class: 'search-input', id: `${id}-search`, 'data-testid': `${id}-search`,
    placeholder: 'Search name', 'aria-label': label, autocomplete: 'off', autocapitalize: 'none',
    spellcheck: 'false', maxlength: String(MAX_NAME), 'aria-controls': `${id}-results`,
    on: {
      input: find,
      keydown: (event) => {
        if (event.key === 'Enter') {
          event.preventDefault(); // inside a form, Enter picks the first person found rather than submitting
          results.querySelector('.picker-result')?.click();
        }
        if (event.key === 'ArrowDown') {
          event.preventDefault();
          results.querySelector('.picker-result')?.focus();
        }
        if (event.key === 'Backspace' && !input.value && chosen.size > 0) {
          chosen.delete([...chosen.keys()].at(-1)); // as in WhatsApp: Backspace in an empty search drops the last chip
          changed();
        }
      },
    },
  });
  const chips = h('ul', { class: 'chips', 'data-testid': `${id}-chosen`, 'aria-label': 'Chosen' });
  const status = h('p', { class: 'user-search-status', role: 'status' });
  const results = h('ul', { class: 'chat-list', id: `${id}-results`, 'aria-label': 'People found' });
  arrowNavigation(results, '.picker-result');

  const el = h('div', { class: 'member-picker' },
    chips,
    h('div', { class: 'search-bar' }, h('span', { class: 'search-icon' }, icon('search')), input),
    status,
    results);

  function find() {
    clearTimeout(timer);
    const query = input.value.trim().toLowerCase();
    if (!query || query.length > MAX_NAME) {
      search = { query, users: [], loading: false };
      render();
      return;
    }
    search = { ...search, query, loading: true };
    timer = setTimeout(async () => {
      const users = await store.findPeople(query);
      if (input.value.trim().toLowerCase() !== query) return; // an answer to an older keystroke
      search = { query, users, loading: false };
      render();
    }, SEARCH_DELAY_MS);
    render();
  }

  function toggle(user) {
    if (chosen.has(user.username)) {
      chosen.delete(user.username);
    } else {
      chosen.set(user.username, user);
      // As in WhatsApp: once someone is picked the search starts over, ready for the next name.
      clearTimeout(timer);
      input.value = '';
      search = { query: '', users: [], loading: false };
      input.focus();
    }
    changed();
  }

  function changed() {
    render();
    onChange();
  }

  function createResult(user) {
    return h('li', { class: 'chat-row' }, h('button', {
      type: 'button', class: 'chat-item picker-result', 'data-testid': `${id}-result`, 'data-user': user.username,
      on: { click: () => toggle(user) },
    }));
  }

  function updateResult(li, user) {
    const picked = chosen.has(user.username);
    const button = li.firstElementChild;
    setAttr(button, 'aria-pressed', String(picked));
    const signature = JSON.stringify([picked, user.online, user.last_seen, user.display_name ?? null,
      user.about ?? null]);
    if (li.dataset.signature === signature) return;
    li.dataset.signature = signature;
    replaceChildren(button, ...personParts(user),
      h('span', { class: picked ? 'pick-mark picked' : 'pick-mark', 'aria-hidden': 'true' }, picked ? icon('check') : null));
  }

  function createChip(username) {
    const name = shownName(chosen.get(username)); // their display name where set
    return h('li', { class: 'chip', 'data-testid': 'chip', 'data-user': username },
      avatar(username, { size: 'xs', label: name }),
      h('span', { class: 'chip-name' }, name),
      h('button', {
        type: 'button', class: 'chip-remove', 'aria-label': `Remove ${name}`,
        on: { click: () => { chosen.delete(username); changed(); input.focus(); } },
      }, icon('close')));
  }

  function render() {
    const skip = excluded();
    const me = store.state.me?.username;
    const users = search.users.filter((user) => user.username !== me && !skip.has(user.username));
    reconcile(results, users, (user) => user.username, createResult, updateResult);
    reconcile(chips, [...chosen.keys()], (username) => username, createChip, () => {});
    chips.hidden = chosen.size === 0;
    const text = search.loading ? 'Searching…'
      : !search.query ? (chosen.size === 0 ? 'Type the start of a name.' : '')
        : users.length === 0 ? 'Nobody found by that name.' : '';
    setText(status, text);
    setAttr(status, 'hidden', !text);
  }

  return {
    el,
    input,
    /** The usernames chosen, in the order they were picked. */
    chosen: () => [...chosen.keys()],
    /** Empty search, nobody chosen. */
    reset() {
      clearTimeout(timer);
      input.value = '';
      chosen.clear();
      search = { query: '', users: [], loading: false };
      render();
    },
    render,
    focus() {
      input.focus();
    },
  };
}
