// The rows of a conversation: day separators, the unread divider, message bubbles (in groups with the sender's
// name over the first bubble of a run, and for my messages a way to their info) and the centred lines of
// membership events. Rows are built once and updated in place by the keyed reconciliation of dom.js.

import { h, replaceChildren, setAttr } from '../dom.js';
import { dayKey, dayLabel, formatTime } from '../format.js';
import { isEmojiOnly, parseRichText } from '../richText.js';
import { describeEvent, messageStatus } from '../selectors.js';
import { isEvent } from '../state.js';
import { colourIndex } from './avatar.js';
import { icon, statusIcon } from './icons.js';

/**
 * Interleaves "Today" / "Yesterday" / date rows, and the "N unread messages" divider before the first message from
 * someone else after `mark.afterSeq`, and marks runs of messages by the same sender (an event line ends a run).
 */
export function timelineItems(messages, now, mark = null, me = null) {
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
    if (isEvent(message)) {
      previousUser = null;
      items.push({ kind: 'event', key: message.message_uuid, message });
      continue;
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

export function createRow({ item }) {
  switch (item.kind) {
    case 'unread':
      return h('li', { class: 'unread-divider', 'data-testid': 'unread-divider', role: 'separator' }, h('span', {}));
    case 'day':
      return h('li', { class: 'day-separator', 'data-testid': 'day-separator' }, h('span', {}));
    case 'event':
      return h('li', { class: 'event-line', 'data-testid': 'event-line' }, h('span', { class: 'event-text' }));
    default:
      return h('li', { class: 'message', 'data-testid': 'message' });
  }
}

/** `group` shows sender names and message info; `onMessageInfo(uuid)` opens the info of a message of mine. */
export function updateRow(li, { item, room, me, store, group, onMessageInfo }) {
  if (item.kind === 'day' || item.kind === 'unread') {
    const label = li.firstElementChild;
    if (label.textContent !== item.label) label.textContent = item.label;
    return;
  }
  if (item.kind === 'event') {
    setAttr(li, 'data-seq', item.message.seq);
    const line = li.firstElementChild;
    if (line.textContent !== describeEvent(item.message, me)) replaceChildren(line, eventText(item.message, me));
    return;
  }
  const { message, continued } = item;
  const mine = message.user === me;
  const status = messageStatus(message, room, me);
  const named = group && !mine && !continued;
  const withInfo = group && mine && !message.pending;
  const signature = `${status}|${continued}|${message.content.length}|${named}|${withInfo}`;
  setAttr(li, 'data-status', status);
  if (li.dataset.signature === signature) return;
  li.dataset.signature = signature;
  li.className = `message ${mine ? 'mine' : 'theirs'}${continued ? ' continued' : ''}`;
  setAttr(li, 'data-seq', message.pending ? null : message.seq);
  setAttr(li, 'data-user', message.user);
  replaceChildren(li,
    h('div', { class: isEmojiOnly(message.content) ? 'bubble emoji-only' : 'bubble' },
      named ? h('span', { class: `sender-name sender-c${colourIndex(message.user)}`, 'data-testid': 'sender-name' },
        message.user) : null,
      withInfo ? h('button', {
        type: 'button', class: 'bubble-menu-btn', 'data-testid': 'message-info-button', 'aria-label': 'Message info',
        title: 'Message info', on: { click: () => onMessageInfo(message.message_uuid) },
      }, icon('info')) : null,
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

/**
 * An event's line as text nodes, the group's name (which people write, so it may hold a right-to-left override) in
 * an isolate of its own: nothing in it can reorder the rest of the line.
 */
export function eventText(message, me) {
  const text = describeEvent(message, me);
  const name = message.event?.name;
  const at = name ? text.indexOf(`"${name}"`) : -1;
  if (at < 0) return [text];
  return [text.slice(0, at + 1), h('bdi', {}, name), text.slice(at + 1 + name.length)];
}

/** The message's text as elements and text nodes (never HTML): links open in a new tab without a referrer. */
export function richText(content) {
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
