// The right pane: who I am talking to, the messages (paged backwards on scroll) and the composer.

import { h, reconcile, replaceChildren, setAttr, setText } from '../dom.js';
import { dayKey, dayLabel, formatTime, lastSeen } from '../format.js';
import { isEmojiOnly, parseRichText } from '../richText.js';
import { messageStatus, otherMember, timeline, typingUser } from '../selectors.js';
import { avatar } from './avatar.js';
import { createBlockControls } from './blockControls.js';
import { createComposer } from './composer.js';
import { icon, statusIcon } from './icons.js';

// Within this many pixels of an edge counts as "at" it: sub-pixel layouts never land exactly on the edge.
const BOTTOM_SLACK_PX = 48;
const LOAD_OLDER_PX = 400;

/** `onBack()` leaves the chat (the phone layout's back button); `onSent()` runs after each send. */
export function createConversation(store, { onBack, onSent }) {
  const composer = createComposer(store, { onSent });
  const blocking = createBlockControls(store);
  const headerAvatar = h('span', { class: 'header-avatar' });
  const title = h('h2', { class: 'conversation-title', id: 'conversation-title', 'data-testid': 'conversation-title' });
  const presence = h('span', { class: 'presence', 'data-testid': 'presence' });
  const typing = h('span', { class: 'presence typing', 'data-testid': 'typing-indicator', hidden: true }, 'typing…');
  const subtitle = h('div', { class: 'subtitle' }, presence, typing);
  const historyStatus = h('p', { class: 'history-status', 'data-testid': 'history-status', role: 'status' });
  const list = h('ol', { class: 'messages', 'data-testid': 'messages', 'aria-labelledby': 'conversation-title' });
  const scroller = h('div', {
    class: 'messages-scroll', 'data-testid': 'messages-scroll', tabindex: '0', 'aria-label': 'Messages',
    on: { scroll: onScroll },
  }, historyStatus, list);
  const pillText = h('span', {}, 'New messages');
  const pill = h('button', {
    type: 'button', class: 'new-messages-pill', 'data-testid': 'new-messages-pill', hidden: true,
    on: { click: () => scrollToBottom(true) },
  }, pillText, icon('down'));
  let unseen = 0; // messages from the other person that arrived below while the reader was scrolled up

  const el = h('section', { class: 'conversation', 'data-testid': 'conversation', 'aria-labelledby': 'conversation-title' },
    h('header', { class: 'pane-header conversation-header' },
      h('button', {
        type: 'button', class: 'icon-btn back-btn', 'data-testid': 'back', 'aria-label': 'Back to chats',
        on: { click: onBack },
      }, icon('back')),
      headerAvatar,
      h('div', { class: 'conversation-heading' }, title, subtitle),
      blocking.menu),
    h('div', { class: 'messages-area' }, scroller, pill),
    blocking.notice,
    composer.el,
    blocking.dialog);

  let roomUuid = null;
  let shownPartner = null;
  // The area shrinks when a notice or the keyboard takes room (a block notice, a phone's keyboard): a reader who was
  // at the bottom stays there.
  let atBottom = true;
  new ResizeObserver(() => {
    if (atBottom) scroller.scrollTop = scroller.scrollHeight;
  }).observe(scroller);

  function onScroll() {
    atBottom = isAtBottom();
    if (atBottom) hidePill();
    if (roomUuid && scroller.scrollTop < LOAD_OLDER_PX) store.loadOlder(roomUuid);
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

  function updateHeader(state, room, now) {
    const me = state.me.username;
    const other = otherMember(room, me);
    if (shownPartner !== other.username) {
      shownPartner = other.username;
      headerAvatar.replaceChildren(avatar(other.username));
      setText(title, other.username);
    }
    const isTyping = typingUser(state, room.room_uuid, now) === other.username;
    setText(presence, other.online ? 'online' : lastSeen(other.last_seen, now));
    presence.hidden = isTyping;
    typing.hidden = !isTyping;
    // Nothing to say (never connected): the name alone, centred, as WhatsApp shows it.
    subtitle.hidden = !isTyping && !presence.textContent;
    composer.setDisabled(blocking.update(state, other.username));
  }

  /** Redraws the messages; keeps the reader's place when older pages arrive above, follows new ones below. */
  function updateMessages(state, room, now) {
    const history = state.history.get(room.room_uuid);
    const mark = state.unreadMark?.roomUuid === room.room_uuid ? state.unreadMark : null;
    const items = withDaySeparators(timeline(state, room.room_uuid), now, mark, state.me.username);
    const wasAtBottom = isAtBottom();
    const before = { height: scroller.scrollHeight, top: scroller.scrollTop, first: firstSeq(list), last: list.lastElementChild };
    reconcile(list, items.map((item) => ({ item, room, me: state.me.username, store })),
      ({ item }) => item.key, createRow, updateRow);

    const historyText = !history || history.loading ? 'Loading messages…'
      : history.hasOlder ? '' : `This is the beginning of your chat with ${otherMember(room, state.me.username).username}.`;
    setText(historyStatus, historyText);

    const last = list.lastElementChild;
    if (before.first === null || (firstSeq(list) ?? 0) < before.first) {
      // First page: start at the first unread message (under its divider), else at the bottom.
      // Older page: put the reader back where they were.
      const divider = before.first === null && list.querySelector('[data-testid=unread-divider]');
      if (divider) scroller.scrollTop = Math.max(0, divider.offsetTop - scroller.offsetTop - 8);
      else if (before.first === null) scrollToBottom();
      else scroller.scrollTop = scroller.scrollHeight - (before.height - before.top);
    } else if (last && last !== before.last) {
      if (wasAtBottom || last.dataset.status === 'pending') scrollToBottom();
      else if (!last.classList.contains('mine')) showPill();
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
        roomUuid = room.room_uuid;
        list.replaceChildren();
        hidePill();
        composer.setRoom(roomUuid);
      }
      updateHeader(state, room, now);
      updateMessages(state, room, now);
    },
    focusComposer() {
      composer.focus();
    },
  };
}

function firstSeq(list) {
  const first = list.querySelector('[data-seq]');
  return first ? Number(first.dataset.seq) : null;
}

/**
 * Interleaves "Today" / "Yesterday" / date rows, and the "N unread messages" divider before the first message from
 * someone else after `mark.afterSeq`, and marks runs of messages by the same sender.
 */
function withDaySeparators(messages, now, mark = null, me = null) {
  const items = [];
  let day = null;
  let previousUser = null;
  let dividerPlaced = mark === null;
  for (const message of messages) {
    const key = dayKey(message.created_at);
    if (key !== day) {
      day = key;
      previousUser = null;
      items.push({ kind: 'day', key: `day-${key}`, label: dayLabel(message.created_at, now) });
    }
    if (!dividerPlaced && !message.pending && message.seq > mark.afterSeq && message.user !== me) {
      dividerPlaced = true;
      previousUser = null;
      items.push({ kind: 'unread', key: 'unread-divider',
        label: mark.count === 1 ? '1 unread message' : `${mark.count} unread messages` });
    }
    items.push({
      kind: 'message', key: message.pending ? message.client_id : message.message_uuid,
      message, continued: previousUser === message.user,
    });
    previousUser = message.user;
  }
  return items;
}

function createRow({ item }) {
  if (item.kind === 'unread') {
    return h('li', { class: 'unread-divider', 'data-testid': 'unread-divider', role: 'separator' }, h('span', {}));
  }
  return item.kind === 'day'
    ? h('li', { class: 'day-separator', 'data-testid': 'day-separator' }, h('span', {}))
    : h('li', { class: 'message', 'data-testid': 'message' });
}

function updateRow(li, { item, room, me, store }) {
  if (item.kind === 'day' || item.kind === 'unread') {
    const label = li.firstElementChild;
    if (label.textContent !== item.label) label.textContent = item.label;
    return;
  }
  const { message, continued } = item;
  const mine = message.user === me;
  const status = messageStatus(message, room, me);
  const signature = `${status}|${continued}|${message.content.length}`;
  setAttr(li, 'data-status', status);
  if (li.dataset.signature === signature) return;
  li.dataset.signature = signature;
  li.className = `message ${mine ? 'mine' : 'theirs'}${continued ? ' continued' : ''}`;
  setAttr(li, 'data-seq', message.pending ? null : message.seq);
  setAttr(li, 'data-user', message.user);
  replaceChildren(li,
    h('div', { class: isEmojiOnly(message.content) ? 'bubble emoji-only' : 'bubble' },
      h('span', { class: 'text', 'data-testid': 'message-text' }, richText(message.content)),
      h('span', { class: 'meta' },
        h('time', { datetime: message.created_at }, formatTime(message.created_at)),
        status ? statusIcon(status) : null)),
    status === 'failed'
      ? h('button', {
        type: 'button', class: 'retry-btn', 'data-testid': 'retry',
        on: { click: () => store.retry(message.client_id) },
      }, `Not sent.${message.error ? ` ${message.error}` : ''} Click to retry.`)
      : null);
}

/** The message's text as elements and text nodes (never HTML): links open in a new tab without a referrer. */
function richText(content) {
  return parseRichText(content).map((segment) => {
    let node = segment.href
      ? h('a', { href: segment.href, target: '_blank', rel: 'noopener noreferrer' }, segment.text)
      : segment.text;
    if (segment.code) node = h('code', {}, node);
    if (segment.strike) node = h('s', {}, node);
    if (segment.italic) node = h('em', {}, node);
    if (segment.bold) node = h('strong', {}, node);
    return node;
  });
}
