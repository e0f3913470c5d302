// Derived views of the state, shared by the views and free of DOM so they can be checked in isolation.

import { isEvent } from './state.js';

/** The other person of a 1:1 room (the room itself when, unexpectedly, nobody else is in it). */
export function otherMember(room, me) {
  return room.members.find((m) => m.username !== me) ?? { username: room.room_name, online: false };
}

/** The name to show for a person (a UserView or MemberView): their display name where set, else their username. */
export function shownName(person) {
  return person?.display_name || person?.username || '';
}

/**
 * The name to show for `username` in a room: the display name of the member (current or former) it names, else the
 * username itself (someone the room does not list).
 */
export function memberName(room, username) {
  const person = room?.members?.find((m) => m.username === username)
    ?? room?.former_members?.find((m) => m.username === username);
  return person?.display_name || username;
}

/** Whether the room is a group (rooms of an older server have no kind: they are direct). */
export function isGroup(room) {
  return room?.kind === 'group';
}

/** What the chat is called: the group's name, or the other person's. */
export function roomTitle(room, me) {
  return isGroup(room) ? room.room_name : shownName(otherMember(room, me));
}

/** My role in the group ('owner', 'admin', 'member'), or null when I am not (or no longer) a member. */
export function myRole(room, me) {
  if (!isGroup(room) || room.member === false) return null;
  return room.members.find((m) => m.username === me)?.role ?? null;
}

/** Whether I may change the group: add, remove, rename and make admins (its admins and its owner). */
export function canManage(room, me) {
  const role = myRole(room, me);
  return role === 'owner' || role === 'admin';
}

/** WhatsApp ticks for a message of mine: 'pending' | 'failed' | 'sent' | 'delivered' | 'read'; null for theirs. */
export function messageStatus(message, room, me) {
  if (message.pending) return message.failed ? 'failed' : 'pending';
  if (message.user !== me || isEvent(message)) return null;
  if (isGroup(room)) {
    // As far as the group's ticks ever got (they stay when those who read it leave), else from the members now.
    if ((room.ticks_read_seq ?? 0) >= message.seq) return 'read';
    // Ticks count those in the group now (the server's rule): who left no longer holds them back.
    const { readBy, deliveredTo, waiting } = currentReceipts(room, message, me);
    const reached = (room.ticks_delivered_seq ?? 0) >= message.seq ? 'delivered' : 'sent';
    if (readBy.length + deliveredTo.length + waiting.length === 0) return reached; // nobody else to reach now
    if (waiting.length > 0) return reached;
    return deliveredTo.length > 0 ? 'delivered' : 'read';
  }
  const other = otherMember(room, me);
  if ((other.read_seq ?? 0) >= message.seq) return 'read';
  if ((other.delivered_seq ?? 0) >= message.seq) return 'delivered';
  return 'sent';
}

/**
 * Where a message of mine in a group stands with each member it went to: every other current member who was in
 * the group when it was sent (joined_seq at or below its seq), split by their watermarks into those who read it,
 * those it reached but who have not read it, and those it has not reached yet. Those who were in when it was sent
 * and left since still count for what they read or received before they went (as WhatsApp keeps them); they wait
 * for nothing more. Each list is by name.
 */
export function messageReceipts(room, message, me) {
  const receipts = currentReceipts(room, message, me);
  const current = new Set(room.members.map((m) => m.username));
  for (const former of room.former_members ?? []) {
    if (former.username === me || current.has(former.username)) continue;
    if (former.joined_seq > message.seq || former.left_seq < message.seq) continue; // not in the group then
    if (former.read_seq >= message.seq) receipts.readBy.push(former);
    else if (former.delivered_seq >= message.seq) receipts.deliveredTo.push(former);
  }
  const byName = (a, b) => a.username.localeCompare(b.username);
  return { readBy: receipts.readBy.sort(byName), deliveredTo: receipts.deliveredTo.sort(byName),
    waiting: receipts.waiting.sort(byName) };
}

/** {@link messageReceipts} among the current members only (what the ticks follow). */
function currentReceipts(room, message, me) {
  const receipts = { readBy: [], deliveredTo: [], waiting: [] };
  for (const member of room.members) {
    if (member.username === me || (member.joined_seq ?? 0) > message.seq) continue;
    if ((member.read_seq ?? 0) >= message.seq) receipts.readBy.push(member);
    else if ((member.delivered_seq ?? 0) >= message.seq) receipts.deliveredTo.push(member);
    else receipts.waiting.push(member);
  }
  return receipts;
}

/** "bob", "bob and carol", "bob, carol and dave", "bob, carol, dave, erin and 2 others". */
export function listNames(names) {
  if (names.length <= 1) return names[0] ?? '';
  if (names.length > 5) return `${names.slice(0, 4).join(', ')} and ${names.length - 4} others`;
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/**
 * The line a membership or room event shows, from its `event` fields, with me as "You" / "you":
 * "alice added bob and carol", "You left", "alice renamed the group to "Trip 2027"", "alice made you an admin".
 */
export function describeEvent(message, me, room = null) {
  const { action, actor, users = [], name, role } = message.event ?? {};
  const subject = actor === me ? 'You' : memberName(room, actor);
  const objects = listNames(users.map((user) => (user === me ? 'you' : memberName(room, user))));
  switch (action) {
    case 'created':
      return `${subject} created the group "${name}"`;
    case 'added':
      return `${subject} added ${objects}`;
    case 'removed':
      return `${subject} removed ${objects}`;
    case 'left':
      return `${subject} left`;
    case 'renamed':
      return `${subject} renamed the group to "${name}"`;
    case 'role_changed':
      if (role === 'owner') { // "group owner", as the member list's badge says it
        return users.length === 1 && users[0] === me ? 'You are now the group owner' : `${objects} is now the group owner`;
      }
      return role === 'admin' ? `${subject} made ${objects} an admin` : `${subject} dismissed ${objects} as admin`;
    default:
      return message.content; // an action of a newer server: its own wording
  }
}

/**
 * The conversation as shown: stored messages in seq order, with my failed sends where I wrote them (by time, so
 * that newer messages come below them), then my sends still on their way, in the order I typed them.
 */
export function timeline(state, roomUuid) {
  const history = state.history.get(roomUuid);
  const stored = withPendingActions(state, roomUuid, shownHistory(history));
  // Reading older history opened around a message (a search result): my sends belong at the live end, not under it.
  if (history?.windowEnd != null) return stored;
  const mine = state.outbox
    .filter((item) => item.room_uuid === roomUuid && !item.action)
    .map((item) => ({ ...item, user: state.me?.username, pending: true }));
  const failed = mine.filter((item) => item.failed);
  const waiting = mine.filter((item) => !item.failed);
  if (failed.length === 0) return [...stored, ...waiting];
  const merged = [];
  let next = 0;
  for (const message of stored) {
    while (next < failed.length && failed[next].created_at < message.created_at) merged.push(failed[next++]);
    merged.push(message);
  }
  return [...merged, ...failed.slice(next), ...waiting];
}

/**
 * The loaded history that shows: all of it, or, while it is a window around a message that has not reached the
 * newest messages yet (`windowEnd`), the window only (what arrived live waits beyond the gap until paging joins it).
 */
export function shownHistory(history) {
  const messages = history?.messages ?? [];
  return history?.windowEnd == null ? messages : messages.filter((m) => m.seq <= history.windowEnd);
}

/**
 * Rooms by most recent activity, the pinned ones first, optionally only those the chat filter `filter` finds (see
 * {@link chatMatches}). Archived chats are left out (`archived`: only they), except from a filter, which finds them
 * too (as WhatsApp's search does).
 */
export function sortedRooms(state, filter = '', { archived = false } = {}) {
  const needle = foldText(filter.trim());
  const me = state.me?.username;
  return [...state.rooms.values()]
    .filter((room) => (needle && !archived) || Boolean(room.archived) === archived)
    .filter((room) => chatMatches(room, needle, me))
    .sort(byListOrder);
}

/**
 * The chat list's order: pinned chats first, then the most recently active; chats active in the same millisecond by
 * room uuid, newest first (time-ordered, as the server's tie-break by room id), so that they keep their places
 * whichever way they reached the list.
 */
export function byListOrder(a, b) {
  return Number(Boolean(b.pinned)) - Number(Boolean(a.pinned)) || roomActivity(b) - roomActivity(a)
    || (a.room_uuid < b.room_uuid ? 1 : a.room_uuid > b.room_uuid ? -1 : 0);
}

/**
 * When a chat was last active (ms): the server's last_activity_at keeps a chat I cleared (no last message for me)
 * where it was; a message that came since, live, is newer still.
 */
function roomActivity(room) {
  return Math.max(Date.parse(room.last_activity_at) || 0,
    Date.parse(room.last_message?.created_at ?? room.created_at) || 0);
}

/** How many of my chats are archived (the "Archived (N)" entry). */
export function archivedCount(state) {
  let count = 0;
  for (const room of state.rooms.values()) if (room.archived) count += 1;
  return count;
}

/** How many chats I pinned (at most three). */
export function pinnedCount(state) {
  let count = 0;
  for (const room of state.rooms.values()) if (room.pinned) count += 1;
  return count;
}

/** Text folded for the chat filter: lower case, accents dropped ("Café" → "cafe"). */
export function foldText(text) {
  return String(text ?? '').normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * Whether the chat filter `needle` (folded) finds the chat: in its name as the list shows it (a group's, the other
 * person's, by display name or username) or, in a group, in a member's username or display name (mine aside: it
 * would find every group). Empty finds everything.
 */
export function chatMatches(room, needle, me) {
  if (!needle) return true;
  if (foldText(roomTitle(room, me)).includes(needle)) return true;
  if (!isGroup(room) && foldText(otherMember(room, me).username).includes(needle)) return true;
  return isGroup(room) && (room.users.some((username) => username !== me && foldText(username).includes(needle))
    || room.members.some((m) => m.username !== me && m.display_name && foldText(m.display_name).includes(needle)));
}

export function totalUnread(state) {
  let total = 0;
  for (const room of state.rooms.values()) total += room.unread_count;
  return total;
}

/** The last message to preview in the chat list: my newest pending one wins over the last stored one. */
export function lastPreview(state, room) {
  const pending = state.outbox.filter((item) => item.room_uuid === room.room_uuid && !item.action).at(-1);
  // A send still on its way is the newest thing in the chat; a failed one only until something newer arrives.
  if (pending && (!pending.failed || !room.last_message || pending.created_at >= room.last_message.created_at)) {
    return { ...pending, user: state.me?.username, pending: true };
  }
  return room.last_message && withPendingActions(state, room.room_uuid, [room.last_message])[0];
}

/**
 * The time a chat list row shows: its preview's, or for a chat I cleared (nothing left to preview) when it was last
 * active, as the server says (`last_activity_at`), so it keeps its time as it keeps its place; null for a chat that
 * has had nothing in it.
 */
export function rowTime(room, preview) {
  if (preview) return preview.created_at;
  return (room.cleared_seq ?? 0) > 0 ? room.last_activity_at ?? null : null;
}

/**
 * Stored messages as my actions still on their way will leave them (an edit, a delete, a reaction made offline shows
 * at once, as WhatsApp does); `pending_action` marks the ones changed. A refused action leaves the outbox, and with it
 * this look. `messages` is not changed.
 */
export function withPendingActions(state, roomUuid, messages) {
  const actions = state.outbox.filter((item) => item.action && item.room_uuid === roomUuid);
  if (actions.length === 0) return messages;
  const me = state.me?.username;
  return messages.map((message) => {
    let shown = message;
    for (const item of actions) {
      if (item.seq !== message.seq || shown.deleted) continue;
      if (item.action === 'edit') shown = { ...shown, content: item.content, edited_at: item.created_at };
      if (item.action === 'delete') {
        shown = { ...shown, content: '', deleted: true, deleted_by: me, reactions: [], reply_to: null };
      }
      if (item.action === 'react') shown = { ...shown, reactions: withReaction(shown.reactions ?? [], me, item.emoji) };
      shown.pending_action = true;
    }
    return shown;
  });
}

/** `reactions` with `user`'s one reaction set to `emoji` (null: removed), grouped as the server groups them. */
export function withReaction(reactions, user, emoji) {
  const others = reactions
    .map((r) => ({ ...r, users: r.users.filter((u) => u !== user) }))
    .map((r) => ({ ...r, count: r.users.length }));
  if (emoji) {
    const existing = others.find((r) => r.emoji === emoji);
    if (existing) Object.assign(existing, { users: [...existing.users, user], count: existing.count + 1 });
    else others.push({ emoji, count: 1, users: [user] });
  }
  return others.filter((r) => r.count > 0);
}

/** My reaction to `message`, or null. */
export function myReaction(message, me) {
  return (message.reactions ?? []).find((r) => r.users.includes(me))?.emoji ?? null;
}

/**
 * What a deleted message shows in its place, WhatsApp's tombstone, from who deleted it (`deleted_by`): "You deleted
 * this message" to that person only, the group admin's name when someone other than its sender deleted it (so its
 * sender is not told they did), else "This message was deleted" (also when the view does not say who). The admin
 * is named as `room` names them (their display name where set).
 */
export function tombstoneText(message, me, room = null) {
  const by = message.deleted_by ?? null;
  if (by !== null && by === me) return 'You deleted this message';
  if (by !== null && by !== message.user) return `This message was deleted by ${memberName(room, by)}`;
  return 'This message was deleted';
}

/** Whether `message` is one the actions apply to at all: stored (not pending), a message (not an event), not deleted. */
function actionable(message) {
  return Boolean(message) && !message.pending && !isEvent(message) && !message.deleted;
}

/** Reply to it: any message that is not deleted. */
export function canReply(message, room) {
  return actionable(message) && room?.member !== false;
}

/** React to it: any message that is not deleted (not membership events). */
export function canReact(message, room) {
  return canReply(message, room);
}

/** Edit it: my own text message within the server's edit window, not deleted. */
export function canEdit(message, room, me, limits, now = Date.now()) {
  // Files alone have no text to change (WhatsApp edits only captions that exist; the server refuses an empty one).
  return canReply(message, room) && message.user === me && Boolean(message.content)
    && now - Date.parse(message.created_at) < limits.edit_window_seconds * 1000;
}

/** Delete it for everyone: mine within the delete window, or any message of a group where I am an admin or owner. */
export function canDelete(message, room, me, limits, now = Date.now()) {
  if (!canReply(message, room)) return false;
  if (canManage(room, me)) return true;
  return message.user === me && now - Date.parse(message.created_at) < limits.delete_window_seconds * 1000;
}

/** `draft` with `text` added (on a line of its own when the draft has something): so that neither is lost. */
export function draftWith(draft, text) {
  return draft.trim() ? `${draft}\n${text}` : text;
}

/** My newest message I may still edit (Up arrow in an empty composer edits it), or null. */
export function lastEditable(messages, room, me, limits, now = Date.now()) {
  return messages.findLast((message) => canEdit(message, room, me, limits, now)) ?? null;
}

/** Who is typing in the room right now, in the order they started. */
export function typingUsers(state, roomUuid, now = Date.now()) {
  return (state.typing.get(roomUuid) ?? []).filter((t) => t.until > now).map((t) => t.user);
}

/** Who is typing in the room right now (the first of them), or null. */
export function typingUser(state, roomUuid, now = Date.now()) {
  return typingUsers(state, roomUuid, now)[0] ?? null;
}

/** A group's typing line: "bob is typing…", "bob and carol are typing…", "bob, carol and dave are typing…". */
export function typingText(users) {
  if (users.length === 0) return '';
  return `${listNames(users)} ${users.length === 1 ? 'is' : 'are'} typing…`;
}

/**
 * What the connection banner says, or null when it is hidden. A first attempt says only "Connecting…" (or
 * "Reconnecting…"); once one failed it says why ("No internet connection" when the browser says it is offline, else
 * "Can't reach the server") and, while the next attempt waits, "Retrying in 4s…" counting down, with Retry now.
 */
export function connectionBanner(state, now = Date.now()) {
  const { connection, retryAt, networkOnline, connectionFailed } = state;
  if (!state.me || (connection !== 'connecting' && connection !== 'reconnecting')) return null;
  const attempt = connection === 'connecting' ? 'Connecting…' : 'Reconnecting…';
  if (!connectionFailed && networkOnline) return { reason: null, progress: attempt, retry: false };
  return {
    reason: networkOnline ? "Can't reach the server" : 'No internet connection',
    progress: retryAt > now ? `Retrying in ${Math.ceil((retryAt - now) / 1000)}s…` : attempt,
    retry: true,
  };
}
