// The rows of a conversation: day separators, the unread divider, message bubbles (in groups with the sender's
// name over the first bubble of a run, and for my messages a way to their info) and the centred lines of
// membership events. Rows are built once and updated in place by the keyed reconciliation of dom.js.

import { albumTiles, fileKind, fileTypeLabel, formatBytes, isPhoto } from '../attachments.js';
import { h, replaceChildren, setAttr } from '../dom.js';
import { dayKey, dayLabel, formatTime } from '../format.js';
import { foldedText, isEmojiOnly, parseRichText } from '../richText.js';
import { canReact, describeEvent, listNames, memberName, messageStatus, tombstoneText } from '../selectors.js';
import { isEvent } from '../state.js';
import { colourIndex } from './avatar.js';
import { fileIcon, icon, statusIcon } from './icons.js';

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

// How long a touch must rest on a bubble to open its menu, and how far it may wander meanwhile (else it scrolls).
const LONG_PRESS_MS = 450;
const LONG_PRESS_SLOP_PX = 10;

/**
 * `group` shows sender names; `actions` opens a message's menu (`menu(li, mode)`), reacts (`react(li, emoji)`) and
 * jumps to a quoted message (`jump(seq)`). Whether the menu has anything for the message is decided here, what it
 * offers when it opens.
 */
export function updateRow(li, { item, room, me, store, group, actions }) {
  if (item.kind === 'day' || item.kind === 'unread') {
    const label = li.firstElementChild;
    if (label.textContent !== item.label) label.textContent = item.label;
    return;
  }
  if (item.kind === 'event') {
    setAttr(li, 'data-seq', item.message.seq);
    const line = li.firstElementChild;
    if (line.textContent !== describeEvent(item.message, me, room)) {
      replaceChildren(line, eventText(item.message, me, room));
    }
    return;
  }
  const { message, continued } = item;
  const mine = message.user === me;
  const status = messageStatus(message, room, me);
  const named = group && !mine && !continued;
  const deleted = Boolean(message.deleted);
  const reactable = canReact(message, room);
  // A tombstone has no actions (nor has anything in a group I left); mine in a group still has its message info.
  const withMenu = !message.pending && (reactable || (group && mine));
  // A tombstone has no ticks (as in WhatsApp and the desktop client), only the clock while my delete is on its way.
  const ticks = message.pending_action && mine ? 'pending' : deleted ? null : status;
  // Ticks change often (delivered, read): they alone are swapped in place, so focus inside the row stays put.
  const sender = named ? memberName(room, message.user) : null;
  const quoted = message.reply_to ?? message.quote ?? null;
  const quotedName = quoted ? memberName(room, quoted.user) : null;
  const tombstone = deleted ? tombstoneText(message, me, room) : null;
  // Who reacted, by the names they go by now (a display name set later redraws the row).
  const reactionNames = (message.reactions ?? []).map((r) => r.users.map((u) => memberName(room, u)));
  const signature = JSON.stringify([status === 'failed', Boolean(status), continued, message.content, sender, withMenu,
    quotedName, tombstone, reactionNames,
    reactable, deleted, message.edited_at ?? null, message.reactions ?? [], message.reply_to ?? message.quote ?? null,
    Boolean(message.pending_action), message.seq, deleted ? [] : (message.attachments ?? []).map((a) => a.url)]);
  setAttr(li, 'data-status', status);
  if (li.dataset.signature === signature) {
    const shown = li.querySelector('.meta .ticks');
    if (shown && ticks && !shown.classList.contains(`ticks-${ticks}`)) shown.replaceWith(statusIcon(ticks));
    return;
  }
  li.dataset.signature = signature;
  // A redraw while focus is inside the row (someone reacted) gives focus back to the same control in the new one.
  const focused = li.contains(document.activeElement) ? focusKey(document.activeElement) : null;
  li.className = `message ${mine ? 'mine' : 'theirs'}${continued ? ' continued' : ''}${
    message.pending_action ? ' pending-action' : ''}`;
  setAttr(li, 'data-seq', message.pending ? null : message.seq);
  setAttr(li, 'data-user', message.user);
  setAttr(li, 'data-deleted', deleted ? 'true' : null);
  setAttr(li, 'data-edited', message.edited_at && !deleted ? 'true' : null);
  if (!li.dataset.wired) wireLongPress(li, actions);
  const quote = message.reply_to ?? message.quote ?? null;
  const attachments = deleted ? [] : message.attachments ?? [];
  const onlyPhotos = attachments.length > 0 && attachments.every(isPhoto);
  // The time and ticks: after the text; over the photos of a caption-less photo message; in the line under the last
  // document of a caption-less message, beside its type and size (as WhatsApp Web sits them).
  const meta = h('span', { class: 'meta' },
    message.edited_at && !deleted ? h('span', { class: 'edited', 'data-testid': 'edited-label' }, 'Edited') : null,
    h('time', { datetime: message.created_at }, formatTime(message.created_at)),
    ticks ? statusIcon(ticks) : null);
  const metaInDocument = !message.content && attachments.some((attachment) => !isPhoto(attachment));
  const captioned = Boolean(message.content) && attachments.length > 0;
  const bubble = h('div', {
    class: `bubble${isEmojiOnly(message.content) && !deleted && !quote && !attachments.length ? ' emoji-only' : ''}${
      deleted ? ' deleted' : ''}${attachments.length ? ' with-attachments' : ''}${onlyPhotos ? ' photos' : ''}${
      onlyPhotos && !message.content ? ' photo-only' : ''}${attachments.some(isPhoto) && !named && !quote ? ' photo-top' : ''}${
      metaInDocument ? ' document-end' : ''}`,
  },
  named ? h('span', { class: `sender-name sender-c${colourIndex(message.user)}`, 'data-testid': 'sender-name' },
    sender) : null,
  withMenu ? h('button', {
    type: 'button', class: 'bubble-menu-btn', 'data-testid': 'message-menu-button', 'aria-label': 'Message options',
    'aria-haspopup': 'menu', title: 'Message options', on: { click: () => actions.menu(li, 'menu') },
  }, icon('down')) : null,
  quote ? quoteBlock(quote, me, actions, quotedName) : null,
  attachments.length ? attachmentBlock(attachments, actions, metaInDocument ? meta : null) : null,
  deleted
    ? h('span', { class: 'text tombstone', 'data-testid': 'message-text' }, icon('block', 'icon tombstone-icon'),
      tombstone)
    : captioned
      // A caption with its time on its last line where there is room, as a text bubble has it.
      ? h('div', { class: 'caption' }, messageText(message.content, li), meta)
      : message.content || !attachments.length
        ? messageText(message.content, li)
        : null,
  metaInDocument || captioned ? null : meta);
  replaceChildren(li,
    h('div', { class: 'bubble-row' }, bubble, reactable ? h('button', {
      type: 'button', class: 'react-btn', 'data-testid': 'react-button', 'aria-label': 'React', title: 'React',
      'aria-haspopup': 'menu', on: { click: () => actions.menu(li, 'react') },
    }, icon('smile')) : null),
    (message.reactions ?? []).length > 0 ? reactionChips(message, me, room, li, actions, reactable) : null,
    status === 'failed'
      ? h('button', {
        type: 'button', class: 'retry-btn', 'data-testid': 'retry',
        on: { click: () => store.retry(message.client_id) },
      }, `Not sent.${message.error ? ` ${message.error}` : ''} Click to retry.`)
      : null);
  if (focused) li.querySelector(focused)?.focus({ preventScroll: true });
}

/** A selector that finds `el`'s counterpart in a redrawn row (by test id, and emoji for a reaction chip). */
function focusKey(el) {
  const testId = el.closest('[data-testid]')?.dataset.testid;
  if (!testId) return null;
  const emoji = el.closest('[data-emoji]')?.dataset.emoji;
  return `[data-testid="${testId}"]${emoji ? `[data-emoji="${CSS.escape(emoji)}"]` : ''}`;
}

/**
 * A message's files: its photos first, as their thumbnails (one alone at its aspect ratio, several as an album: see
 * albumTiles), drawn at their final size before they load (from the view's width and height, so history does not
 * jump); a click on one opens the viewer at it. Then anything else, each a document: a row with its icon by type,
 * name and a download link, and under it its type and size, beside which the last one carries `meta` (the message's
 * time, when it has no caption to carry it).
 */
function attachmentBlock(attachments, actions, meta = null) {
  const photos = attachments.filter(isPhoto);
  const tiles = albumTiles(photos);
  const album = photos.length > 1;
  return h('div', { class: 'attachments', 'data-testid': 'attachments' },
    photos.length === 0 ? null : album
      ? h('div', {
        class: `album album-${Math.min(photos.length, 4)}`, 'data-testid': 'album', 'data-count': photos.length,
        role: 'group', 'aria-label': `${photos.length} photos`,
      }, tiles.map((tile) => photoButton(tile, actions)))
      : photoButton(tiles[0], actions),
    attachments.filter((attachment) => !isPhoto(attachment)).map((attachment, i, documents) => {
      const kind = fileKind(attachment);
      return h('div', { class: 'document-item' }, h('a', {
        class: `document kind-${kind}`, 'data-testid': 'document', 'data-attachment': attachment.attachment_uuid,
        href: attachment.url, download: attachment.name, 'data-kind': kind,
        'aria-label': `${attachment.name}, ${fileTypeLabel(attachment)}, ${formatBytes(attachment.size)}. Download`,
      }, fileIcon(kind),
      h('span', { class: 'document-name', 'data-testid': 'document-name' }, attachment.name),
      icon('download', 'icon document-download')),
      h('div', { class: 'document-footer' },
        h('span', { class: 'document-meta', 'data-testid': 'document-meta' },
          `${fileTypeLabel(attachment)} · ${formatBytes(attachment.size)}`),
        i === documents.length - 1 ? meta : null));
    }));
}

/** One photo of a bubble (or tile of an album; the last may say "+N" for those behind it): a click opens the viewer. */
function photoButton({ photo, width, height, more, wide }, actions) {
  return h('button', {
    type: 'button', class: `photo${wide ? ' wide' : ''}${more ? ' more' : ''}`, 'data-testid': 'photo',
    'data-attachment': photo.attachment_uuid,
    'aria-label': more ? `Photo ${photo.name} and ${more - 1} more. Open` : `Photo ${photo.name}. Open`,
    title: photo.name,
    on: { click: (event) => actions.view(photo.attachment_uuid, event.currentTarget) },
  }, h('img', {
    src: photo.thumbnail_url, alt: photo.name, width: String(width), height: String(height),
    loading: 'lazy', decoding: 'async', draggable: 'false', 'data-testid': 'photo-thumbnail',
  }), more ? h('span', { class: 'photo-more', 'data-testid': 'photo-more', 'aria-hidden': 'true' }, `+${more}`) : null);
}

/** A reply's quote of the message it answers: who, and the start of what they said; a click goes to it. */
function quoteBlock(quote, me, actions, name = quote.user) {
  const who = quote.user === me ? 'You' : name;
  const text = quote.deleted ? 'This message was deleted'
    : quote.content === null ? 'Original message not available'
      // Only a message of files alone has no text, and a quote carries no attachments: say what it was.
      : quote.content === '' ? '📎 Attachment' : quote.content;
  const plain = !quote.deleted && quote.content !== null;
  return h('button', {
    type: 'button', class: `quote quote-c${colourIndex(quote.user)}`, 'data-testid': 'quote', 'data-seq': quote.seq,
    'aria-label': `Reply to ${who}: ${text}. Go to the message`, on: { click: () => actions.jump(quote.seq) },
  }, h('span', { class: `quote-name sender-c${colourIndex(quote.user)}`, 'data-testid': 'quote-user' }, who),
  h('span', { class: plain ? 'quote-text' : 'quote-text unavailable', 'data-testid': 'quote-text', dir: 'auto' }, text));
}

/**
 * The reactions under a bubble: one chip per emoji with its count; mine is marked and a click on it removes it. Its
 * tooltip names who reacted as `room` names them (display names).
 */
function reactionChips(message, me, room, li, actions, reactable) {
  return h('div', { class: 'reactions', 'data-testid': 'reactions' }, message.reactions.map((reaction) => {
    const names = [...reaction.users].sort((a, b) => (a === me) - (b === me))
      .map((u) => (u === me ? 'You' : memberName(room, u)));
    const mine = reaction.users.includes(me);
    return h('button', {
      type: 'button', class: `reaction-chip${mine ? ' mine' : ''}`, 'data-testid': 'reaction-chip',
      'data-emoji': reaction.emoji, 'data-count': reaction.count, 'data-users': reaction.users.join(','),
      'aria-pressed': mine ? 'true' : 'false',
      title: `${listNames(names)}${mine ? ' (click to remove yours)' : ''}`,
      'aria-label': `${reaction.emoji} ${reaction.count}: ${listNames(names)}${mine ? '. Remove my reaction' : ''}`,
      disabled: !reactable, on: { click: () => actions.react(li, reaction.emoji) },
    }, h('span', { class: 'reaction-emoji' }, reaction.emoji),
    reaction.count > 1 ? h('span', { class: 'reaction-count' }, String(reaction.count)) : null);
  }));
}

/**
 * Touch screens cannot hover: a long press opens the menu with the reactions (as WhatsApp's phone apps do), and so
 * does a right click (or the context menu key) everywhere.
 */
function wireLongPress(li, actions) {
  li.dataset.wired = 'true';
  let timer = 0;
  let start = null;
  const cancel = () => {
    clearTimeout(timer);
    start = null;
  };
  li.addEventListener('pointerdown', (event) => {
    if (event.pointerType === 'mouse' || !event.target.closest('.bubble') || event.target.closest('button')) return;
    start = { x: event.clientX, y: event.clientY };
    timer = setTimeout(() => {
      start = null;
      if (li.querySelector('[data-testid=message-menu-button]')) actions.menu(li, 'both');
    }, LONG_PRESS_MS);
  });
  li.addEventListener('pointermove', (event) => {
    if (start && Math.hypot(event.clientX - start.x, event.clientY - start.y) > LONG_PRESS_SLOP_PX) cancel();
  });
  for (const type of ['pointerup', 'pointercancel', 'pointerleave']) li.addEventListener(type, cancel);
  li.addEventListener('contextmenu', (event) => {
    if (!event.target.closest('.bubble') || !li.querySelector('[data-testid=message-menu-button]')) return;
    if (event.target.closest('a')) return; // a link keeps the browser's own menu (copy address, open in tab)
    event.preventDefault();
    cancel();
    actions.menu(li, 'both');
  });
}

/**
 * An event's line as text nodes, the group's name (which people write, so it may hold a right-to-left override) in
 * an isolate of its own: nothing in it can reorder the rest of the line.
 */
export function eventText(message, me, room = null) {
  const text = describeEvent(message, me, room);
  const name = message.event?.name;
  const at = name ? text.indexOf(`"${name}"`) : -1;
  if (at < 0) return [text];
  return [text.slice(0, at + 1), h('bdi', {}, name), text.slice(at + 1 + name.length)];
}

/**
 * A message's text; a long one folded after its first READ_MORE_AT characters with a "Read more" button that shows the
 * rest (the row remembers it, so a redraw keeps it open).
 */
function messageText(content, li) {
  // dir=auto: a text whose first strong character is right-to-left (Hebrew, Arabic) is a right-to-left paragraph.
  const text = h('span', { class: 'text', 'data-testid': 'message-text', dir: 'auto' });
  const folded = li.dataset.expanded === 'true' ? null : foldedText(content);
  if (!folded) {
    replaceChildren(text, richText(content));
    return text;
  }
  replaceChildren(text, richText(folded), ' ', h('button', {
    type: 'button', class: 'read-more', 'data-testid': 'read-more',
    on: {
      click: (event) => {
        event.stopPropagation();
        li.dataset.expanded = 'true';
        replaceChildren(text, richText(content));
      },
    },
  }, 'Read more'));
  return text;
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
