// Derived views of the state, shared by the views and free of DOM so they can be checked in isolation.

/** The other person of a 1:1 room (the room itself when, unexpectedly, nobody else is in it). */
export function otherMember(room, me) {
  return room.members.find((m) => m.username !== me) ?? { username: room.room_name, online: false };
}

/** WhatsApp ticks for a message of mine: 'pending' | 'failed' | 'sent' | 'delivered' | 'read'; null for theirs. */
export function messageStatus(message, room, me) {
  if (message.pending) return message.failed ? 'failed' : 'pending';
  if (message.user !== me) return null;
  const other = otherMember(room, me);
  if ((other.read_seq ?? 0) >= message.seq) return 'read';
  if ((other.delivered_seq ?? 0) >= message.seq) return 'delivered';
  return 'sent';
}

/**
 * The conversation as shown: stored messages in seq order, with my failed sends where I wrote them (by time, so
 * that newer messages come below them), then my sends still on their way, in the order I typed them.
 */
export function timeline(state, roomUuid) {
  const stored = state.history.get(roomUuid)?.messages ?? [];
  const mine = state.outbox
    .filter((item) => item.room_uuid === roomUuid)
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

/** Rooms by most recent activity, optionally only those whose other member's name contains `filter`. */
export function sortedRooms(state, filter = '') {
  const needle = filter.trim().toLowerCase();
  const me = state.me?.username;
  const activity = (room) => Date.parse(room.last_message?.created_at ?? room.created_at) || 0;
  return [...state.rooms.values()]
    .filter((room) => !needle || otherMember(room, me).username.toLowerCase().includes(needle))
    .sort((a, b) => activity(b) - activity(a));
}

export function totalUnread(state) {
  let total = 0;
  for (const room of state.rooms.values()) total += room.unread_count;
  return total;
}

/** The last message to preview in the chat list: my newest pending one wins over the last stored one. */
export function lastPreview(state, room) {
  const pending = state.outbox.filter((item) => item.room_uuid === room.room_uuid).at(-1);
  // A send still on its way is the newest thing in the chat; a failed one only until something newer arrives.
  if (pending && (!pending.failed || !room.last_message || pending.created_at >= room.last_message.created_at)) {
    return { ...pending, user: state.me?.username, pending: true };
  }
  return room.last_message;
}

/** Who is typing in the room right now, or null. */
export function typingUser(state, roomUuid, now = Date.now()) {
  const typing = state.typing.get(roomUuid);
  return typing && typing.until > now ? typing.user : null;
}
