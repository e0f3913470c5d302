// The state of the client and the one switch over server frame types. `applyFrame` mutates a plain state
// object and returns the side effects for the Store to carry out, so frame handling runs (and is tested, against
// the protocol's golden JSON examples) without a DOM, a socket or a network.

import { chatErrorText } from './errorText.js';

// How long "typing…" shows without a repeat (the sender repeats every ~2 s while typing).
const TYPING_TTL_MS = 5_000;

/** A fresh, signed-out state. Maps are keyed by room uuid. */
export function createState() {
  return {
    me: null,              // UserView of the signed-in user, null when signed out
    booted: false,         // the session check at start finished
    auth: { busy: false, error: null },
    connection: 'closed',  // ChatSocket status
    rooms: new Map(),      // RoomView plus known_seq: the highest seq this client has been sent for the room
    history: new Map(),    // { messages (ascending seq), loading, hasOlder } for rooms whose history was asked for
    outbox: [],            // my unacknowledged sends: { client_id, room_uuid, content, created_at, failed, error }
    typing: new Map(),     // { user, until } while the other member types
    activeRoom: null,
    search: { query: '', results: [], loading: false, error: null },
    notice: null,          // a transient error line for the user
    blocked: new Set(),    // usernames I blocked: their chats show a notice instead of a usable composer
    drafts: new Map(),     // what I typed and did not send, per room (kept in localStorage across reloads)
  };
}

/** Applies one server frame to `state` and returns the effects the caller must carry out. */
export function applyFrame(state, frame, now = Date.now()) {
  const effects = [];
  switch (frame?.type) {
    case 'ack':
      removeFromOutbox(state, frame.client_id);
      addMessage(state, frame.message, effects);
      break;
    case 'message':
      addMessage(state, frame.message, effects);
      break;
    case 'typing':
      if (frame.user !== state.me?.username) {
        state.typing.set(frame.room_uuid, { user: frame.user, until: now + TYPING_TTL_MS });
      }
      break;
    case 'receipt':
      applyReceipt(state, frame);
      break;
    case 'presence':
      applyPresence(state, frame);
      break;
    case 'room':
      upsertRoom(state, frame.room);
      break;
    case 'synced':
      effects.push({ type: 'synced', hasMore: frame.has_more ?? [] });
      break;
    case 'error':
      applyError(state, frame, effects);
      break;
    default:
      // 'pong' and frame types of a newer server: nothing to show, and ignoring them keeps this client working.
      break;
  }
  return effects;
}

function addMessage(state, message, effects) {
  const me = state.me?.username;
  const mine = message.user === me;
  // My own message replayed by sync (its ack was lost with the old connection) settles the pending copy.
  if (mine && message.client_id) removeFromOutbox(state, message.client_id);
  const room = state.rooms.get(message.room_uuid);
  if (!room) {
    effects.push({ type: 'unknown-room', roomUuid: message.room_uuid });
    return;
  }
  // Anything at or below last_seq is already counted in the REST unread_count: a replay, not news.
  const isNew = message.seq > room.last_seq;
  room.known_seq = Math.max(room.known_seq, message.seq);
  if (isNew) {
    room.last_seq = message.seq;
    room.last_message = message;
    if (!mine) room.unread_count += 1;
  }
  if (mine) {
    // The server moves the sender's own watermarks with the insert; mirror it so no read is sent for it.
    const self = room.members.find((m) => m.username === me);
    if (self) {
      self.read_seq = Math.max(self.read_seq, message.seq);
      self.delivered_seq = Math.max(self.delivered_seq, message.seq);
    }
  } else if (state.typing.get(room.room_uuid)?.user === message.user) {
    state.typing.delete(room.room_uuid);
  }
  const history = state.history.get(room.room_uuid);
  if (history) history.messages = mergeMessages(history.messages, [message]);
  if (isNew && !mine) effects.push({ type: 'incoming', message });
}

function applyReceipt(state, { room_uuid: roomUuid, user, kind, seq }) {
  const room = state.rooms.get(roomUuid);
  const member = room?.members.find((m) => m.username === user);
  if (!member) return;
  member.delivered_seq = Math.max(member.delivered_seq, seq);
  if (kind === 'read') {
    member.read_seq = Math.max(member.read_seq, seq);
    // I read this room on another device: only what came after that point is still unread here.
    if (user === state.me?.username) room.unread_count = unreadAfter(state, room, seq);
  }
}

function unreadAfter(state, room, readSeq) {
  if (readSeq >= room.last_seq) return 0;
  const messages = state.history.get(room.room_uuid)?.messages ?? [];
  if (messages.length > 0 && messages[0].seq <= readSeq + 1) {
    return messages.filter((m) => m.seq > readSeq && m.user !== state.me?.username).length;
  }
  return Math.min(room.unread_count, room.last_seq - readSeq);
}

function applyPresence(state, { user, online, last_seen: lastSeen }) {
  for (const room of state.rooms.values()) {
    for (const member of room.members) {
      if (member.username === user) Object.assign(member, { online, last_seen: lastSeen });
    }
  }
  for (const result of state.search.results) {
    if (result.username === user) Object.assign(result, { online, last_seen: lastSeen });
  }
}

function applyError(state, { code, message, client_id: clientId, retry_after_ms: retryAfterMs }, effects) {
  const pending = clientId && state.outbox.find((item) => item.client_id === clientId);
  if (pending && code === 'rate_limited') {
    // Not a failure: the server says when it would take it. This send and every later one wait for that moment
    // and then go again, in the order they were written.
    for (const item of state.outbox.slice(state.outbox.indexOf(pending))) {
      if (!item.failed) item.waiting = true;
    }
    effects.push({ type: 'resend-later', afterMs: retryAfterMs ?? 1000 });
  } else if (pending) {
    pending.failed = true;
    pending.error = chatErrorText({ code, message });
  } else {
    effects.push({ type: 'notice', text: chatErrorText({ code, message }), code });
  }
}

/** Adds or refreshes a room, never losing how far this client has been sent. */
export function upsertRoom(state, room) {
  const previous = state.rooms.get(room.room_uuid);
  const self = room.members.find((m) => m.username === state.me?.username);
  state.rooms.set(room.room_uuid, {
    ...room,
    known_seq: Math.max(previous?.known_seq ?? 0, self?.delivered_seq ?? 0),
  });
}

function removeFromOutbox(state, clientId) {
  state.outbox = state.outbox.filter((item) => item.client_id !== clientId);
}

/** Merges pages and frames into one ascending list with every message once (a seq is unique in its room). */
export function mergeMessages(existing, incoming) {
  const bySeq = new Map(existing.map((m) => [m.seq, m]));
  for (const message of incoming) bySeq.set(message.seq, message);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}
