// The right pane: who I am talking to (a person, or a group with its members and who is typing), the messages
// (paged backwards on scroll, and forwards when opened around an older message) and the composer.

import { roomPhotos } from '../attachments.js';
import { h, reconcile, setAttr, setText } from '../dom.js';
import { lastSeen } from '../format.js';
import {
  canDelete, canEdit, canReact, canReply, isGroup, lastEditable, memberName, myReaction, otherMember, roomTitle, shownName,
  timeline,
  typingText, typingUser, typingUsers,
} from '../selectors.js';
import { avatar, groupAvatar } from './avatar.js';
import { createBlockControls } from './blockControls.js';
import { createChatMenuItems, runChatAction } from './chatMenu.js';
import { createComposer } from './composer.js';
import { createGroupMenu } from './groupMenu.js';
import { icon } from './icons.js';
import { createMessageMenu } from './messageMenu.js';
import { createRow, timelineItems, updateRow } from './messageRows.js';
import { createPhotoViewer } from './photoViewer.js';

// Within this many pixels of an edge counts as "at" it: sub-pixel layouts never land exactly on the edge.
const BOTTOM_SLACK_PX = 48;
const LOAD_OLDER_PX = 400;
// How long a message reached through a quote or a search result stays highlighted.
const HIGHLIGHT_MS = 1_800;

/**
 * `onBack()` leaves the chat (the phone layout's back button); `onSent()` runs after each send; in a group
 * `onGroupInfo()` opens its info, `onMessageInfo(uuid)` a message's, `onExitGroup()` asks whether to leave;
 * `onSearch()` opens "Search in this chat"; `confirm` is the app's confirmation dialog (deleting for everyone is final);
 * `requestRender()` redraws; `panelOpen()` says whether a panel shows beside the chat.
 */
export function createConversation(store, {
  onBack, onSent, onGroupInfo, onMessageInfo, onExitGroup, onSearch, confirm, requestRender, panelOpen,
}) {
  const composer = createComposer(store, { onSent, onEditLast: () => editableLast(), panelOpen });
  // The messages as last drawn, by row key: what a click on a row acts on (its newest state, not the one it was
  // drawn with).
  let shownMessages = new Map();
  let shownList = [];
  let highlightTimer = 0;
  // A message to show once it is drawn (a search result): { roomUuid, seq, settled } (settled: its history loaded).
  let reveal = null;
  // Whether the history drawn last was a window around an older message: rows then added below are a page of newer
  // history, not news, and the reader stays where they are.
  let shownWindowed = false;
  let stickToBottom = false; // "Latest messages" was asked for: the bottom, once the newest page is drawn
  let writable = true; // false while the chat is blocked or a group I am no longer in: nothing to answer or change
  const menu = createMessageMenu({
    onAction: (id, key) => act(id, shownMessages.get(key)),
    onReact: (key, emoji) => react(shownMessages.get(key), emoji),
    onClosed: (key, refocus) => { if (refocus) focusMenuButton(key); },
  });
  const actions = {
    menu: (li, mode) => openMenu(li, mode),
    react: (li, emoji) => react(shownMessages.get(li.dataset.key), emoji),
    jump: (seq) => jumpTo(seq),
    view: (uuid, from) => viewer.open(photosOf(roomUuid), uuid, from),
  };
  const viewer = createPhotoViewer();
  // My settings of the chat (pin, mute, archive, unread, clear) in the header's menu, below its own items.
  const pickChatAction = (room, id) => runChatAction(store, confirm, room, id);
  const directItems = createChatMenuItems({ onPick: pickChatAction });
  const groupItems = createChatMenuItems({ onPick: pickChatAction });
  const blocking = createBlockControls(store, directItems.el);
  const groupMenu = createGroupMenu({ onInfo: onGroupInfo, onExit: onExitGroup, extra: groupItems.el });
  const headerAvatar = h('span', { class: 'header-avatar' });
  const title = h('h2', { class: 'conversation-title', id: 'conversation-title', 'data-testid': 'conversation-title' });
  const presence = h('span', { class: 'presence', 'data-testid': 'presence' });
  const typing = h('span', { class: 'presence typing', 'data-testid': 'typing-indicator', hidden: true }, 'typing…');
  // The other person's About, beside their presence (a direct chat only).
  const about = h('span', { class: 'header-about', 'data-testid': 'header-about', hidden: true });
  const subtitle = h('div', { class: 'subtitle' }, presence, typing, about);
  // A group's header opens its info, as in WhatsApp: one button laid over the avatar and the names, so the heading
  // stays a heading for screen readers.
  const infoButton = h('button', {
    type: 'button', class: 'header-hit', 'data-testid': 'group-info-button', 'aria-label': 'Group info',
    hidden: true, on: { click: () => onGroupInfo() },
  });
  const searchButton = h('button', {
    type: 'button', class: 'icon-btn', 'data-testid': 'search-in-chat', 'aria-label': 'Search in this chat',
    title: 'Search in this chat (Ctrl+Shift+F)', on: { click: () => onSearch() },
  }, icon('search'));
  const notMember = h('div', { class: 'blocked-notice', 'data-testid': 'not-member-notice', role: 'status', hidden: true },
    'You are no longer a member of this group');
  const historyStatus = h('p', { class: 'history-status', 'data-testid': 'history-status', role: 'status' });
  const list = h('ol', { class: 'messages', 'data-testid': 'messages', 'aria-labelledby': 'conversation-title' });
  const newerStatus = h('p', { class: 'history-status', 'data-testid': 'newer-status', role: 'status', hidden: true });
  const scroller = h('div', {
    class: 'messages-scroll', 'data-testid': 'messages-scroll', tabindex: '0', 'aria-label': 'Messages',
    on: { scroll: onScroll },
  }, historyStatus, list, newerStatus);
  const pillText = h('span', {}, 'New messages');
  const pill = h('button', {
    type: 'button', class: 'new-messages-pill', 'data-testid': 'new-messages-pill', hidden: true,
    on: { click: () => goToLatest() },
  }, pillText, icon('down'));
  let unseen = 0; // messages from the other person that arrived below while the reader was scrolled up

  const el = h('section', { class: 'conversation', 'data-testid': 'conversation', 'aria-labelledby': 'conversation-title' },
    h('header', { class: 'pane-header conversation-header' },
      h('button', {
        type: 'button', class: 'icon-btn back-btn', 'data-testid': 'back', 'aria-label': 'Back to chats',
        on: { click: onBack },
      }, icon('back')),
      h('div', { class: 'header-main' }, headerAvatar, h('div', { class: 'conversation-heading' }, title, subtitle),
        infoButton),
      searchButton,
      blocking.menu,
      groupMenu.el),
    h('div', { class: 'messages-area' }, scroller, pill, menu.el),
    blocking.notice,
    notMember,
    composer.el,
    blocking.dialog,
    viewer.el,
    h('div', { class: 'drop-overlay', 'data-testid': 'drop-overlay', 'aria-hidden': 'true' },
      h('span', {}, icon('attach'), 'Drop files to send them')));

  // Files dragged from the desktop onto the conversation join the next message, as the attach button's would.
  let dragDepth = 0;
  const carriesFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes('Files');
  const canDrop = () => writable && roomUuid && !composer.editing;
  el.addEventListener('dragenter', (event) => {
    if (!carriesFiles(event) || !canDrop()) return;
    event.preventDefault();
    dragDepth++;
    el.classList.add('dragging-files');
  });
  el.addEventListener('dragover', (event) => {
    if (!carriesFiles(event) || !canDrop()) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  });
  el.addEventListener('dragleave', () => {
    if (dragDepth > 0 && --dragDepth === 0) el.classList.remove('dragging-files');
  });
  el.addEventListener('drop', (event) => {
    dragDepth = 0;
    el.classList.remove('dragging-files');
    if (!carriesFiles(event)) return;
    event.preventDefault();
    if (canDrop()) composer.addFiles([...event.dataTransfer.files]);
  });

  let roomUuid = null;
  let shownHeader = null;
  // The area shrinks when a notice or the keyboard takes room (a block notice, a phone's keyboard): a reader who was
  // at the bottom stays there.
  let atBottom = true;
  new ResizeObserver(() => {
    if (atBottom) scroller.scrollTop = scroller.scrollHeight;
  }).observe(scroller);

  function onScroll() {
    atBottom = isAtBottom();
    if (menu.openFor) menu.follow(rowOf(menu.openFor)?.querySelector('.bubble'));
    if (atBottom && !shownWindowed) hidePill();
    if (roomUuid && scroller.scrollTop < LOAD_OLDER_PX) store.loadOlder(roomUuid);
    if (roomUuid && shownWindowed
        && scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < LOAD_OLDER_PX) {
      store.loadNewer(roomUuid);
    }
  }

  /** The pill: down to the newest message; from a window around an older message, to the newest page first. */
  function goToLatest() {
    if (shownWindowed) {
      stickToBottom = true;
      store.showLatest(roomUuid);
    } else {
      scrollToBottom(true);
    }
  }

  function isAtBottom() {
    return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < BOTTOM_SLACK_PX;
  }

  function scrollToBottom(smooth = false) {
    scroller.scrollTo({ top: scroller.scrollHeight, behavior: smooth ? 'smooth' : 'instant' });
    hidePill();
  }

  function hidePill() {
    pill.hidden = true;
    unseen = 0;
  }

  function showPill() {
    unseen++;
    setText(pillText, unseen === 1 ? '1 new message' : `${unseen} new messages`);
    pill.hidden = false;
  }

  function rowOf(key) {
    return [...list.children].find((li) => li.dataset.key === key) ?? null;
  }

  function focusMenuButton(key) {
    const row = rowOf(key);
    const button = row?.querySelector('[data-testid=message-menu-button], [data-testid=react-button]');
    if (button) button.focus({ preventScroll: true });
    else composer.focus();
  }

  /** What the message offers me now (limits and my role may have changed since the row was drawn). */
  function offerFor(message) {
    const { state } = store;
    const room = state.rooms.get(roomUuid);
    const me = state.me.username;
    return {
      reply: writable && canReply(message, room),
      react: writable && canReact(message, room),
      edit: writable && canEdit(message, room, me, state.limits),
      delete: writable && canDelete(message, room, me, state.limits),
      info: isGroup(room) && message.user === me && !message.pending,
    };
  }

  function openMenu(li, mode) {
    const key = li.dataset.key;
    const message = shownMessages.get(key);
    if (!message) return;
    if (menu.openFor === key && (mode === 'both' || menu.mode === mode)) {
      // The same button again closes it; a long press that also fires contextmenu (Android) opens it only once.
      if (mode !== 'both') menu.close(true);
      return;
    }
    menu.open({ key, anchor: li.querySelector('.bubble'), mode, offer: offerFor(message),
      mine: myReaction(message, store.state.me.username) });
  }

  function act(id, message) {
    if (!message) return;
    switch (id) {
      case 'reply':
        composer.replyTo(message);
        break;
      case 'edit':
        composer.edit(message);
        break;
      case 'delete':
        askDelete(message);
        break;
      case 'info':
        onMessageInfo(message.message_uuid);
        break;
    }
  }

  function react(message, emoji) {
    if (message && canReact(message, store.state.rooms.get(roomUuid))) store.react(roomUuid, message, emoji);
  }

  function askDelete(message) {
    const me = store.state.me.username;
    const room = roomUuid;
    confirm.ask({
      question: message.user === me ? 'Delete message?' : ['Delete ', h('bdi', {}, message.user), "'s message?"],
      detail: 'It will be deleted for everyone in this chat. This cannot be undone.',
      label: 'Delete for everyone',
      // The tombstone has no controls to come back to: the keyboard carries on from the composer, as after Reply
      // and Edit (Cancel gives focus back to the message's chevron, the dialog's own way).
      confirm: () => {
        store.deleteMessage(room, message);
        if (room === roomUuid) composer.focus();
      },
    });
  }

  /**
   * The viewer's photos of the room: those of its loaded history, and its older history paged in (as scrolling up
   * does) when the viewer goes past the oldest of them.
   */
  function photosOf(room) {
    const history = () => store.state.history.get(room);
    return {
      photos: () => roomPhotos(timeline(store.state, room)),
      sender: (username) => (username === store.state.me?.username ? 'You'
        : memberName(store.state.rooms.get(room), username)),
      hasOlder: () => Boolean(history()?.hasOlder),
      loadOlder: async () => {
        const oldest = history()?.messages[0]?.seq;
        // A page the scroll asked for may be on its way: its answer is what the viewer waits for.
        while (history()?.loading) await new Promise((resolve) => store.addEventListener('change', resolve, { once: true }));
        if (history()?.messages[0]?.seq === oldest) await store.loadOlder(room);
        return history()?.messages[0]?.seq !== oldest;
      },
    };
  }

  /** My newest message I may still edit, for Up in the empty composer. */
  function editableLast() {
    const { state } = store;
    return lastEditable(shownList, state.rooms.get(roomUuid), state.me.username, state.limits);
  }

  /**
   * Scrolls to the message `seq` (loading older history until it is there), highlights it for a moment and moves
   * focus to it (as the desktop client does): the keyboard and screen readers carry on from the original, not from
   * the quote far below. The row takes focus for as long as it holds it.
   */
  async function jumpTo(seq) {
    const room = roomUuid;
    const find = () => rowAt(seq);
    if (!find() && !(await store.loadUntil(room, seq))) {
      if (room === roomUuid) store.showNotice("The original message isn't available.");
      return;
    }
    await new Promise((resolve) => requestAnimationFrame(resolve)); // the page just loaded is drawn by then
    const row = find();
    if (!row || room !== roomUuid) return;
    highlight(row);
  }

  function rowAt(seq) {
    return list.querySelector(`[data-testid=message][data-seq="${seq}"]`);
  }

  /** Brings the row to the middle of the view, highlights it for a moment and gives it focus. */
  function highlight(row) {
    row.scrollIntoView({ block: 'center', behavior: 'instant' });
    atBottom = isAtBottom();
    if (!row.hasAttribute('tabindex')) {
      row.tabIndex = -1;
      row.addEventListener('blur', () => row.removeAttribute('tabindex'), { once: true });
    }
    row.focus({ preventScroll: true });
    for (const old of list.querySelectorAll('.highlight')) old.classList.remove('highlight');
    row.classList.add('highlight');
    setAttr(row, 'data-highlighted', 'true');
    clearTimeout(highlightTimer);
    highlightTimer = setTimeout(() => {
      row.classList.remove('highlight');
      setAttr(row, 'data-highlighted', null);
    }, HIGHLIGHT_MS);
  }

  function updateHeader(state, room, now) {
    const me = state.me.username;
    const group = isGroup(room);
    const header = group ? `group|${room.room_uuid}|${room.room_name}`
      : `direct|${otherMember(room, me).username}|${roomTitle(room, me)}`;
    if (shownHeader !== header) {
      shownHeader = header;
      headerAvatar.replaceChildren(group ? groupAvatar(room)
        : avatar(otherMember(room, me).username, { label: roomTitle(room, me) }));
      setText(title, roomTitle(room, me));
    }
    infoButton.hidden = !group;
    blocking.menu.hidden = group;
    groupMenu.el.hidden = !group;
    (group ? groupItems : directItems).update(room, now);
    if (group) updateGroupHeader(state, room, now);
    else updateDirectHeader(state, room, now);
  }

  function updateDirectHeader(state, room, now) {
    const other = otherMember(room, state.me.username);
    const isTyping = typingUser(state, room.room_uuid, now) === other.username;
    setText(typing, 'typing…');
    setText(presence, other.online ? 'online' : lastSeen(other.last_seen, now));
    presence.hidden = isTyping || !presence.textContent;
    typing.hidden = !isTyping;
    setText(about, other.about ?? '');
    about.hidden = !other.about;
    // Nothing to say (never connected, no About): the name alone, centred, as WhatsApp shows it.
    subtitle.hidden = !isTyping && !presence.textContent && !other.about;
    notMember.hidden = true;
    writable = !blocking.update(state, other.username, shownName(other));
    composer.setDisabled(!writable, 'Unblock to send a message');
  }

  function updateGroupHeader(state, room, now) {
    const typists = typingUsers(state, room.room_uuid, now);
    setText(typing, typingText(typists.map((u) => memberName(room, u))));
    setText(presence, membersLine(room, state.me.username));
    presence.hidden = typists.length > 0;
    typing.hidden = typists.length === 0;
    about.hidden = true;
    subtitle.hidden = false;
    const out = room.member === false;
    groupMenu.update(!out);
    blocking.update(state, null);
    notMember.hidden = !out;
    writable = !out;
    composer.setDisabled(out, "You can't send messages to this group");
  }

  /** Redraws the messages; keeps the reader's place when older pages arrive above, follows new ones below. */
  function updateMessages(state, room, now) {
    const history = state.history.get(room.room_uuid);
    const windowed = history?.windowEnd != null;
    const mark = state.unreadMark?.roomUuid === room.room_uuid ? state.unreadMark : null;
    const items = timelineItems(timeline(state, room.room_uuid), now, mark, state.me.username);
    const wasAtBottom = isAtBottom();
    const before = { height: scroller.scrollHeight, top: scroller.scrollTop, first: firstSeq(list), last: list.lastElementChild };
    const group = isGroup(room);
    shownMessages = new Map(items.filter((item) => item.kind === 'message').map((item) => [item.key, item.message]));
    shownList = items.filter((item) => item.kind === 'message').map((item) => item.message);
    reconcile(list, items.map((item) => ({ item, room, me: state.me.username, store, group, actions })),
      ({ item }) => item.key, createRow, updateRow);
    if (menu.openFor) menu.follow(rowOf(menu.openFor)?.querySelector('.bubble'));
    composer.update(state, shownList, room, now);

    // A group's log starts with the event that brought me in ("alice added you"): that line says it already.
    const historyText = !history || history.loading ? 'Loading messages…'
      : history.hasOlder || group ? '' : `This is the beginning of your chat with ${roomTitle(room, state.me.username)}.`;
    setText(historyStatus, historyText);

    newerStatus.hidden = !windowed;
    setText(newerStatus, history?.loadingNewer ? 'Loading newer messages…' : '');
    const wasWindowed = shownWindowed;
    shownWindowed = windowed;
    pill.hidden = !windowed && unseen === 0;
    if (windowed) setText(pillText, 'Latest messages');
    else if (wasWindowed) hidePill();

    const last = list.lastElementChild;
    if (reveal?.roomUuid === roomUuid) {
      // a search result's message is on its way: it places the view (applyReveal), nothing else moves it meanwhile
    } else if (stickToBottom) {
      scrollToBottom();
      if (!history?.loading && !windowed) stickToBottom = false;
    } else if (before.first === null || (firstSeq(list) ?? 0) < before.first) {
      // First page: start at the first unread message (under its divider), else at the bottom.
      // Older page: put the reader back where they were.
      const divider = before.first === null && list.querySelector('[data-testid=unread-divider]');
      if (divider) scroller.scrollTop = Math.max(0, divider.offsetTop - scroller.offsetTop - 8);
      else if (before.first === null) scrollToBottom();
      else scroller.scrollTop = scroller.scrollHeight - (before.height - before.top);
    } else if (last && last !== before.last) {
      if (last.dataset.status === 'pending') scrollToBottom();
      else if (wasWindowed) { /* a page of newer history below: the reader stays where they are */ }
      else if (wasAtBottom) scrollToBottom();
      else if (last.classList.contains('theirs')) showPill(); // not for my messages, nor for event lines
    } else if (wasAtBottom && scroller.scrollHeight !== before.height) {
      scrollToBottom(); // a row grew (a refusal's reason under its bubble): the reader stays at the bottom
    }
  }

  return {
    el,
    update(state, now = Date.now()) {
      const room = state.rooms.get(state.activeRoom);
      if (!room) return;
      if (room.room_uuid !== roomUuid) {
        menu.close(false);
        roomUuid = room.room_uuid;
        list.replaceChildren();
        hidePill();
        shownWindowed = false;
        stickToBottom = false;
        composer.setRoom(roomUuid);
      }
      updateHeader(state, room, now);
      updateMessages(state, room, now);
    },
    /**
     * No chat is open (the chat was closed: Back, the phone's back button). The next chat opened, this one again
     * included, is drawn afresh: a hidden list lost its scroll position, and a chat reopened after new messages opens
     * at the first unread one as any chat does, not where the hidden list was with a "new message" pill.
     */
    close() {
      if (roomUuid === null) return;
      menu.close(false);
      roomUuid = null;
      list.replaceChildren();
      hidePill();
    },
    focusComposer() {
      composer.focus();
    },
    /**
     * Shows the message `seq` of the room `roomUuid` once that chat is open and the message drawn (scrolled to the
     * middle, highlighted, focused); `loaded` is the store's loadAround for it.
     */
    reveal(roomUuid, seq, loaded) {
      const wanted = { roomUuid, seq, settled: false };
      reveal = wanted;
      loaded.then(() => {
        wanted.settled = true;
        if (reveal === wanted) requestRender(); // one more render concludes it, found or not
      });
    },
    /** Whether a message asked for by reveal() is still to be shown in the open chat (the app leaves focus to it). */
    revealing() {
      return reveal !== null && reveal.roomUuid === roomUuid;
    },
    /**
     * After a render: the message reveal() asked for, once its row is drawn, in view, highlighted and focused. When
     * its history loaded without it (deleted since, or no longer mine to see), the chat says so and the composer has
     * focus.
     */
    applyReveal(state) {
      if (reveal?.roomUuid !== roomUuid) return;
      const row = rowAt(reveal.seq);
      if (row) {
        reveal = null;
        highlight(row);
      } else if (reveal.settled && !state.history.get(roomUuid)?.loading) {
        reveal = null;
        store.showNotice("That message isn't available any more.");
        composer.focus();
      }
    },
    /** Ctrl+Alt+E: the composer's emoji picker, in the open chat. */
    toggleEmoji() {
      if (roomUuid) composer.toggleEmoji();
    },
    /** Back to the header's search button (when the search panel it opened closes). */
    focusSearchButton() {
      searchButton.focus();
    },
    /** Back to the options button of this message (its info panel closed), else to the composer. */
    focusMessageInfoButton(messageUuid) {
      focusMenuButton(messageUuid);
    },
    /** Back to the group's header button (when the group info panel it opened closes). */
    focusGroupInfoButton() {
      if (!infoButton.hidden) infoButton.focus();
      else composer.focus();
    },
  };
}

function firstSeq(list) {
  const first = list.querySelector('[data-seq]');
  return first ? Number(first.dataset.seq) : null;
}

/** "3 members · bob, carol, You": the group's current members, me last (as WhatsApp lists them). */
function membersLine(room, me) {
  const count = room.users.length;
  const names = room.users.filter((username) => username !== me).map((username) => memberName(room, username))
    .sort((a, b) => a.localeCompare(b));
  if (room.users.includes(me)) names.push('You');
  return `${count === 1 ? '1 member' : `${count} members`} · ${names.join(', ')}`;
}
