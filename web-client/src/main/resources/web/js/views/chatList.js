// The left pane: my profile bar, the search box and the chats, most recent first. Typing in the search box filters
// the chats (by name and members) and finds people to start a chat with; Enter searches the messages of every chat,
// whose results then take the list's place until Escape (or the back arrow, or typing again).

import { attachmentPreview } from '../attachments.js';
import { arrowNavigation, h, reconcile, replaceChildren, rovingTabStop, setAttr, setText } from '../dom.js';
import { listTime } from '../format.js';
import {
  archivedCount, describeEvent, isGroup, lastPreview, memberName, messageStatus, otherMember, roomTitle, rowTime,
  shownName, sortedRooms, tombstoneText, typingText, typingUser, typingUsers,
} from '../selectors.js';
import { MessageSearch } from '../search.js';
import { isEvent, isMuted } from '../state.js';
import { createChatContextMenu, runChatAction } from './chatMenu.js';
import { avatar, groupAvatar } from './avatar.js';
import { icon, statusIcon } from './icons.js';
import { eventText } from './messageRows.js';
import { updatePersonRow } from './newChat.js';
import { createSearchResults } from './searchResults.js';

const SUGGEST_DELAY_MS = 250;
const MAX_NAME = 32;

/**
 * `onOpen(roomUuid)` navigates to a chat, `onNewChat()` opens the new-chat panel, `onOpenResult(hit)` opens a
 * message found by the search, and `requestRender()` redraws after the filter, the people it found or the message
 * search (view-only state, not worth a store field) changed.
 */
export function createChatList(store, { onOpen, onNewChat, onOpenResult, onProfile, requestRender, confirm }) {
  // Whether the list shows the archived chats (opened from the "Archived (N)" entry) instead of the others.
  let showArchived = false;
  const contextMenu = createChatContextMenu({ onPick: (room, id) => runChatAction(store, confirm, room, id) });
  // People whose name starts with `query`, looked up for the filter; `loading` while a lookup is due or running.
  let people = { query: '', users: [], loading: false };
  let suggestTimer = 0;
  const messageSearch = new MessageSearch((params) => store.searchMessages(params));
  messageSearch.addEventListener('change', requestRender);
  store.addEventListener('message-changed', (event) => messageSearch.messageChanged(event.detail));
  const searching = () => messageSearch.state.status !== 'idle';

  const meAvatar = h('span', { class: 'me-avatar' });
  const meName = h('span', { class: 'me-name', 'data-testid': 'me' });
  // My avatar and name open my profile, as in WhatsApp.
  const meButton = h('button', {
    type: 'button', class: 'me-button', 'data-testid': 'profile-open', 'aria-label': 'Profile', title: 'Profile',
    on: { click: () => onProfile() },
  }, meAvatar, meName);
  const filter = h('input', {
    type: 'search', class: 'search-input', id: 'chat-filter', 'data-testid': 'chat-filter',
    placeholder: 'Search or start new chat', 'aria-label': 'Search chats, people or messages', autocomplete: 'off',
    autocapitalize: 'none', spellcheck: 'false', 'aria-controls': 'chat-list-area', enterkeyhint: 'search',
    'aria-describedby': 'chat-filter-hint',
    on: {
      input: () => {
        messageSearch.clear(); // typing changes the query: the messages found for the old one go
        findPeople();
        requestRender();
      },
      keydown: (event) => {
        if (event.altKey || event.ctrlKey || event.metaKey) return; // Alt+ArrowDown is "next chat"
        if (event.key === 'Enter') {
          // Enter searches the messages (the chats are filtered already, as the text was typed).
          event.preventDefault();
          searchMessages();
        } else if (event.key === 'ArrowDown') {
          // ArrowDown walks into what shows: the messages found, else the chats and people.
          event.preventDefault();
          if (searching()) results.focusFirst();
          else visibleItems()[0]?.focus();
        } else if (event.key === 'Escape' && (filter.value || searching())) {
          event.preventDefault(); // clears the search, and closes nothing else
          clearSearch();
        }
      },
    },
  });
  const filterHint = h('span', { class: 'visually-hidden', id: 'chat-filter-hint' },
    'Type to filter chats, press Enter to search messages.');
  const closeSearchButton = h('button', {
    type: 'button', class: 'icon-btn search-back', 'data-testid': 'search-close', 'aria-label': 'Close search',
    title: 'Close search', hidden: true, on: { click: () => { clearSearch(); filter.focus(); } },
  }, icon('back'));
  const searchIcon = h('span', { class: 'search-icon' }, icon('search'));
  const newChatButton = h('button', {
    type: 'button', class: 'icon-btn', id: 'new-chat', 'data-testid': 'new-chat',
    'aria-label': 'New chat', title: 'New chat', on: { click: onNewChat },
  }, icon('newChat'));
  const list = h('ul', { class: 'chat-list', id: 'chat-list', 'data-testid': 'chat-list', 'aria-label': 'Chats' });
  const peopleList = h('ul', { class: 'chat-list', 'aria-labelledby': 'new-people-heading' });
  const peopleSection = h('section', { class: 'new-people', 'data-testid': 'new-people', hidden: true },
    h('h3', { class: 'list-heading', id: 'new-people-heading', 'data-testid': 'new-people-heading' }, 'Start a new chat'),
    peopleList);
  const empty = h('p', { class: 'chat-list-empty', 'data-testid': 'chat-list-empty' });
  const hintQuery = h('bdi', {});
  const searchHint = h('button', {
    type: 'button', class: 'chat-item search-hint', 'data-testid': 'search-messages', hidden: true,
    on: { click: () => searchMessages() },
  }, h('span', { class: 'search-hint-icon' }, icon('search')),
  h('span', { class: 'search-hint-text' }, 'Search messages for “', hintQuery, '”'),
  h('kbd', { class: 'search-hint-key', 'aria-hidden': 'true' }, 'Enter'));
  const results = createSearchResults(messageSearch, {
    onOpen: (hit) => onOpenResult(hit), onLeave: () => filter.focus(), testId: 'search-results',
  });
  // "Archived (N)" on top of the chats opens the archived ones; their list has a header with a way back.
  const archivedNumber = h('span', { class: 'archived-count', 'data-testid': 'archived-count' });
  const archivedEntry = h('button', {
    type: 'button', class: 'chat-item archived-entry', 'data-testid': 'archived-entry', hidden: true,
    on: { click: () => { showArchived = true; requestRender(); queueMicrotask(() => archivedBack.focus()); } },
  }, h('span', { class: 'archived-icon' }, icon('archive')), h('span', { class: 'archived-label' }, 'Archived'),
  archivedNumber);
  const archivedBack = h('button', {
    type: 'button', class: 'icon-btn', 'data-testid': 'archived-back', 'aria-label': 'Back to chats', title: 'Back',
    on: { click: () => leaveArchived() },
  }, icon('back'));
  const archivedHeader = h('div', { class: 'archived-header', 'data-testid': 'archived-header', hidden: true },
    archivedBack, h('h3', { class: 'archived-title' }, 'Archived'));
  const area = h('div', { class: 'chat-list-area', id: 'chat-list-area' }, archivedHeader, archivedEntry, list,
    peopleSection, searchHint, empty, results.el);
  area.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && showArchived && !event.defaultPrevented) {
      event.preventDefault();
      leaveArchived();
    }
  });
  arrowNavigation(area, '.chat-item:not([hidden]):not(.search-result)'); // the results move on their own
  // The chats (and people and the search hint under them) are one Tab stop, as WhatsApp's list is.
  const refreshTabStop = rovingTabStop(area, '.chat-item:not(.search-result)');
  // Escape on a message found goes back to the chats, the cursor back in the search field.
  results.el.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    event.preventDefault();
    clearSearch();
    filter.focus();
  });

  const el = h('section', { class: 'sidebar-main', 'aria-label': 'Chats' },
    h('header', { class: 'pane-header' },
      meButton,
      h('div', { class: 'header-actions' },
        newChatButton,
        h('button', {
          type: 'button', class: 'icon-btn', id: 'sign-out', 'data-testid': 'sign-out',
          'aria-label': 'Sign out', title: 'Sign out', on: { click: () => signOutDialog.showModal() },
        }, icon('signOut')))),
    h('div', { class: 'search-bar' }, searchIcon, closeSearchButton, filter, filterHint),
    area);

  // Signing out drops this device's outbox and drafts, so it is confirmed first; Escape cancels (a modal dialog).
  const signOutDialog = h('dialog', {
    class: 'confirm-dialog', 'data-testid': 'sign-out-dialog', 'aria-labelledby': 'sign-out-dialog-title',
  }, h('h2', { class: 'dialog-title', id: 'sign-out-dialog-title' }, 'Sign out of Parley on this device?'),
  h('div', { class: 'dialog-actions' },
    h('button', {
      type: 'button', class: 'dialog-btn', 'data-testid': 'sign-out-cancel', on: { click: () => signOutDialog.close() },
    }, 'Cancel'),
    h('button', {
      type: 'button', class: 'dialog-btn primary', 'data-testid': 'sign-out-confirm',
      on: { click: () => { signOutDialog.close(); store.signOut(); } },
    }, 'Sign out')));
  el.append(signOutDialog, contextMenu.el);

  function leaveArchived() {
    showArchived = false;
    requestRender();
    queueMicrotask(() => archivedEntry.focus());
  }

  /** Opens the chat's menu over its row (a right click at the pointer, the keyboard or its button beside the row). */
  function openRowMenu(li, at = null) {
    const room = store.state.rooms.get(li.firstElementChild.dataset.room);
    if (room) contextMenu.open(room, li, li.firstElementChild, at);
  }

  let shownMe = null;
  let shownMeName = null;

  /** The chats, people and the hint that show (the list's keyboard order), not those filtered out. */
  function visibleItems() {
    return [...area.querySelectorAll('.chat-item:not(.search-result)')].filter((item) => item.checkVisibility());
  }

  function searchMessages() {
    if (filter.value.trim()) messageSearch.search(filter.value);
  }

  /** Empties the search box: all chats again, no people, no messages found. */
  function clearSearch() {
    clearTimeout(suggestTimer);
    filter.value = '';
    people = { query: '', users: [], loading: false };
    messageSearch.clear();
    requestRender();
  }

  /** Debounced lookup of registered people for the filter; an answer for an older filter is dropped. */
  function findPeople() {
    clearTimeout(suggestTimer);
    const query = filter.value.trim().toLowerCase();
    if (!query || query.length > MAX_NAME) {
      people = { query, users: [], loading: false };
      return;
    }
    people = { ...people, loading: true };
    suggestTimer = setTimeout(async () => {
      const users = await store.findPeople(query);
      if (filter.value.trim().toLowerCase() !== query) return;
      people = { query, users, loading: false };
      requestRender();
    }, SUGGEST_DELAY_MS);
  }

  async function startChat(username) {
    const roomUuid = await store.startChat(username);
    if (!roomUuid) return;
    clearTimeout(suggestTimer);
    filter.value = '';
    people = { query: '', users: [], loading: false };
    onOpen(roomUuid);
  }

  function createPerson(user) {
    return h('li', { class: 'chat-row' }, h('button', {
      type: 'button', class: 'chat-item person-suggestion', 'data-testid': 'person-suggestion',
      'data-user': user.username, on: { click: () => startChat(user.username) },
    }));
  }

  /** People found for the filter I have no chat with yet; the last answer keeps serving longer prefixes of it. */
  function suggestedPeople(state, needle) {
    if (!needle || !needle.startsWith(people.query) || !people.query) return [];
    const me = state.me.username;
    const chatting = new Set([...state.rooms.values()].filter((room) => !isGroup(room))
      .map((room) => otherMember(room, me).username));
    return people.users.filter((user) => user.username.startsWith(needle) && !chatting.has(user.username));
  }

  function createItem({ room }) {
    const button = h('button', {
      type: 'button', class: 'chat-item', 'data-testid': 'chat-item', 'data-room': room.room_uuid,
      on: {
        click: () => onOpen(room.room_uuid),
        // The keyboard's menu key or Shift+F10 opens the chat's menu, as a right click does.
        keydown: (event) => {
          if (event.key === 'ContextMenu' || (event.shiftKey && event.key === 'F10')) {
            event.preventDefault();
            openRowMenu(li);
          }
        },
      },
    });
    const menuButton = h('button', {
      type: 'button', class: 'row-menu-btn', 'data-testid': 'chat-row-menu', 'aria-haspopup': 'menu',
      tabindex: '-1', title: 'Chat options', on: { click: () => openRowMenu(li) },
    }, icon('down'));
    const li = h('li', {
      class: 'chat-row',
      on: { contextmenu: (event) => {
        event.preventDefault();
        openRowMenu(li, event.detail === 0 && event.button !== 2 ? null : { x: event.clientX, y: event.clientY });
      } },
    }, button, menuButton);
    return li;
  }

  function updateItem(li, { room, state, now }) {
    const me = state.me.username;
    const group = isGroup(room);
    const other = group ? null : otherMember(room, me);
    const name = roomTitle(room, me);
    const online = !group && other.online;
    const typing = group ? typingText(typingUsers(state, room.room_uuid, now).map((u) => memberName(room, u)))
      : typingUser(state, room.room_uuid, now) ? 'typing…' : '';
    const preview = lastPreview(state, room);
    const status = preview && preview.user === me && !preview.deleted ? messageStatus(preview, room, me) : null;
    const unread = room.unread_count;
    const muted = isMuted(room, now);
    const pinned = Boolean(room.pinned);
    const marked = Boolean(room.marked_unread) && unread === 0;
    const active = state.activeRoom === room.room_uuid;
    // As in WhatsApp, a chat I left something typed in shows it instead of its last message (not the open one).
    const draft = active ? null : state.drafts.get(room.room_uuid) ?? null;
    // In a group, others' messages are previewed with their sender ("alice: hi"), events as their line.
    const event = isEvent(preview);
    const deleted = !event && Boolean(preview?.deleted);
    // ...but not "bob: You deleted this message" (a group admin's delete): that line says whose doing it was.
    const sender = group && preview && !event && preview.user !== me && !(deleted && preview.deleted_by === me)
      ? memberName(room, preview.user) : null;
    const text = event ? describeEvent(preview, me, room) : deleted ? tombstoneText(preview, me, room)
      : attachmentPreview(preview) ?? preview?.content;
    const time = rowTime(room, preview);
    // Rebuilding a row is cheap, but only done when something it shows changed, so focus and hover stay put.
    const signature = JSON.stringify([name, group && room.room_uuid, online, typing, preview?.client_id,
      preview?.message_uuid, text, sender, status, unread, active, draft, muted, pinned, marked,
      time ? listTime(time, now) : null]);
    const button = li.firstElementChild;
    setAttr(button, 'aria-current', active ? 'true' : null);
    if (li.dataset.signature === signature) return;
    li.dataset.signature = signature;
    button.classList.toggle('active', active);
    button.classList.toggle('has-unread', (unread > 0 || marked) && !muted);
    setAttr(li.lastElementChild, 'aria-label', `Chat options for ${name}`);
    setAttr(button, 'aria-label', `${name}${group ? ', group' : ''}${online ? ', online' : ''}`
      + `${unread ? `, ${unread} unread` : marked ? ', marked unread' : ''}${muted ? ', muted' : ''}`
      + `${pinned ? ', pinned' : ''}`);
    replaceChildren(button,
      group ? groupAvatar(room) : avatar(other.username, { online, label: name }),
      h('span', { class: 'chat-main' },
        h('span', { class: 'chat-line' },
          h('span', { class: 'chat-name', 'data-testid': 'chat-name' }, name),
          h('time', { class: 'chat-time', 'data-testid': 'chat-time', datetime: time ?? room.created_at },
            time ? listTime(time, now) : '')),
        h('span', { class: 'chat-line' },
          typing
            ? h('span', { class: 'chat-preview typing', 'data-testid': 'chat-preview' }, typing)
            : draft ? h('span', { class: 'chat-preview', 'data-testid': 'chat-preview' },
              h('span', { class: 'draft-label' }, 'Draft: '), h('span', { class: 'preview-text', dir: 'auto' }, draft))
            : h('span', { class: 'chat-preview', 'data-testid': 'chat-preview' },
              status ? statusIcon(status) : null,
              sender ? h('span', { class: 'preview-sender' }, sender) : null,
              sender ? ': ' : null,
              preview ? h('span', {
                class: event ? 'preview-text preview-event' : deleted ? 'preview-text preview-deleted' : 'preview-text',
                dir: event ? null : 'auto',
              }, event ? eventText(preview, me, room) : text) : ''),
          muted ? h('span', { class: 'chat-flag', 'data-testid': 'muted-icon', title: 'Muted' }, icon('muted')) : null,
          pinned ? h('span', { class: 'chat-flag', 'data-testid': 'pinned-icon', title: 'Pinned' }, icon('pin')) : null,
          unread > 0 || marked ? h('span', {
            class: `unread-badge${muted ? ' muted' : ''}${marked ? ' marked' : ''}`, 'data-testid': 'unread-badge',
            'aria-hidden': 'true',
          }, marked ? '' : String(unread)) : null)));
  }

  return {
    el,
    update(state, now = Date.now()) {
      if (shownMe !== state.me.username) {
        shownMe = state.me.username;
        shownMeName = null;
        filter.value = ''; // A filter typed by whoever signed in before is not this user's.
        clearTimeout(suggestTimer);
        people = { query: '', users: [], loading: false };
        messageSearch.clear(); // nor what they found
      }
      if (shownMeName !== shownName(state.me)) {
        shownMeName = shownName(state.me);
        meAvatar.replaceChildren(avatar(shownMe, { label: shownMeName }));
        setText(meName, shownMeName);
      }
      const inResults = searching();
      list.hidden = inResults;
      searchIcon.hidden = inResults;
      closeSearchButton.hidden = !inResults;
      results.update(state, now);
      const archived = archivedCount(state);
      if (archived === 0) showArchived = false;
      const filtering = Boolean(filter.value.trim());
      if (filtering) showArchived = false; // a filter looks through every chat, the archived ones too
      const rooms = sortedRooms(state, filter.value, { archived: showArchived });
      archivedHeader.hidden = inResults || !showArchived;
      archivedEntry.hidden = inResults || showArchived || filtering || archived === 0;
      setText(archivedNumber, String(archived));
      setAttr(archivedEntry, 'aria-label', `Archived, ${archived} ${archived === 1 ? 'chat' : 'chats'}`);
      reconcile(list, rooms.map((room) => ({ room, state, now })), (item) => item.room.room_uuid, createItem, updateItem);
      const needle = filter.value.trim().toLowerCase();
      const users = suggestedPeople(state, needle);
      reconcile(peopleList, users, (user) => user.username, createPerson, updatePersonRow);
      peopleSection.hidden = inResults || users.length === 0;
      setText(hintQuery, filter.value.trim());
      searchHint.hidden = inResults || !needle;
      // While people are still being looked up, "nothing matches" would be a claim not yet known to be true.
      const emptyText = inResults || rooms.length > 0 || users.length > 0 || (!needle && archived > 0) ? ''
        : !needle ? 'No chats yet. Press the new chat button to start one.'
          : people.loading ? '' : 'No chats or people match your search.';
      setText(empty, emptyText);
      setAttr(empty, 'hidden', !emptyText);
      refreshTabStop();
    },
    /** Puts the cursor in the chat filter (after sign-in, and for the search shortcut). */
    focusFilter() {
      filter.focus();
      filter.select();
    },
    /** The chat `step` places after (or, negative, before) `roomUuid` in the list as shown; null past either end. */
    adjacentRoom(roomUuid, step) {
      const shown = [...list.querySelectorAll('.chat-item')].map((item) => item.dataset.room);
      if (shown.length === 0) return null;
      const at = shown.indexOf(roomUuid);
      if (at < 0) return step > 0 ? shown[0] : shown.at(-1);
      return shown[at + step] ?? null;
    },
    /** Puts focus on the chat's row; false when the list does not show it (filtered out, a drawer or phone over it). */
    focusRoom(roomUuid) {
      const item = [...list.querySelectorAll('.chat-item')].find((button) => button.dataset.room === roomUuid);
      item?.focus();
      return Boolean(item) && document.activeElement === item;
    },
    /**
     * After the open chat closed (Back on a phone): focus where the keyboard left this list, on the message found
     * that was opened (else the first one, else the search field) or on the chat's row (else the search field).
     */
    focusReturn(roomUuid) {
      if (searching() ? results.focusOpened() || results.focusFirst() : this.focusRoom(roomUuid)) return;
      filter.focus();
    },
    /** Gives focus back to my profile button (when the profile drawer closes). */
    focusProfile() {
      meButton.focus();
    },
    /** Gives focus back to the New chat button (when the panel it opened closes). */
    focusNewChat() {
      newChatButton.focus();
    },
  };
}
