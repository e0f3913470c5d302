// The state of the client and the one switch over server frame types. `applyFrame` mutates a plain state
// object and returns the side effects for the Store to carry out, so frame handling runs (and is tested, against
// the protocol's golden JSON examples) without a DOM, a socket or a network.

import { chatErrorText } from './errorText.js';

// How long "typing…" shows without a repeat (the sender repeats every ~2 s while typing).
const TYPING_TTL_MS = 5_000;

/** The server's defaults, used until (or when) GET /api/limits/ answers. */
export const DEFAULT_LIMITS = Object.freeze({
  edit_window_seconds: 900, delete_window_seconds: 172_800, max_content_length: 12_000, max_group_members: 1024,
  max_attachment_bytes: 26_214_400, max_attachments_per_message: 10,
  // a user's send limit: a burst of messages and message actions, then so many a second (my sends are paced to it)
  send_burst: 20, sends_per_second: 10,
});

// How long an action the database could not take waits before it goes again (when the server gives no hint).
const UNAVAILABLE_RETRY_MS = 3_000;

// Characters of the original a reply's quote carries (the server's Quote.MAX_CONTENT).
export const QUOTE_LENGTH = 200;

/** A fresh, signed-out state. Maps are keyed by room uuid. */
export function createState() {
  return {
    me: null,              // UserView of the signed-in user, null when signed out
    booted: false,         // the session check at start finished
    auth: { busy: false, error: null },
    connection: 'closed',  // ChatSocket status
    retryAt: 0,            // when the socket tries again (ms since the epoch), 0 while it is trying or connected
    connectionFailed: false, // an attempt failed since the socket was last open: the banner says why
    networkOnline: true,   // what the browser says (navigator.onLine, the online and offline events)
    rooms: new Map(),      // RoomView plus known_seq: the highest seq this client has been sent for the room
    // { messages (ascending seq), loading, hasOlder, windowEnd?, loadingNewer? } for rooms whose history was asked for;
    // windowEnd (a seq) while it is a window opened around a message that does not reach the newest ones yet
    history: new Map(),
    // what I did and the server has not acknowledged yet, in order: sends { client_id, room_uuid, content, created_at,
    // reply_to?, quote?, attachments?, failed, error } and message actions { client_id, room_uuid, action: 'edit' | 'delete' |
    // 'react', seq, content? | emoji?, created_at, sent_rev } (these are never 'failed': a refusal drops them)
    outbox: [],
    typing: new Map(),     // [{ user, until }] per room while others type (in a group, several at once)
    activeRoom: null,
    search: { query: '', results: [], loading: false, error: null },
    notice: null,          // a transient error line for the user
    blocked: new Set(),    // usernames I blocked: their chats show a notice instead of a usable composer
    drafts: new Map(),     // what I typed and did not send, per room (kept in localStorage across reloads)
    limits: { ...DEFAULT_LIMITS }, // the server's windows for edit and delete (GET /api/limits/)
    // files picked for the next message, per room: [{ id, name, size, mime, status: 'waiting' | 'uploading' | 'done' |
    // 'failed', retrying (waiting because the server asked for a pause), progress (0..1), error, attachment (its
    // message view once uploaded) }]; never saved (a File cannot be)
    uploads: new Map(),
  };
}

/** Applies one server frame to `state` and returns the effects the caller must carry out. */
export function applyFrame(state, frame, now = Date.now()) {
  const effects = [];
  switch (frame?.type) {
    case 'ack': {
      const item = state.outbox.find((i) => i.client_id === frame.client_id);
      removeFromOutbox(state, frame.client_id);
      // An action's ack carries the message it changed (its client_id, if any, is the one it was sent with).
      const action = item ? Boolean(item.action) : frame.message?.client_id !== frame.client_id;
      if (action) applyAckedAction(state, frame.message, item);
      else addMessage(state, frame.message, effects);
      break;
    }
    case 'update':
      applyUpdate(state, frame, effects);
      break;
    case 'message': {
      // A live message past the next one expected: the node that sent it skipped some (it had no position for the
      // room, or a notification was lost). Ask for what lies between, or later syncs would start past the hole.
      const room = state.rooms.get(frame.message?.room_uuid);
      if (room && frame.message.seq > room.known_seq + 1) {
        effects.push({ type: 'gap', roomUuid: room.room_uuid, since: room.known_seq });
      }
      addMessage(state, frame.message, effects);
      break;
    }
    case 'typing':
      if (frame.user !== state.me?.username) setTyping(state, frame.room_uuid, frame.user, now + TYPING_TTL_MS);
      break;
    case 'receipt':
      applyReceipt(state, frame);
      break;
    case 'ticks':
      applyTicks(state, frame);
      break;
    case 'presence':
      applyPresence(state, frame);
      break;
    case 'profile':
      applyProfile(state, frame);
      break;
    case 'room':
      upsertRoom(state, frame.room);
      break;
    case 'block':
      // I blocked or unblocked someone, on this device or another: every device shows the chat as it now is.
      if (frame.blocked) state.blocked.add(frame.user);
      else state.blocked.delete(frame.user);
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
  const event = isEvent(message);
  // My own message replayed by sync (its ack was lost with the old connection) settles the pending copy.
  if (mine && message.client_id) removeFromOutbox(state, message.client_id);
  const room = state.rooms.get(message.room_uuid);
  if (!room) {
    effects.push({ type: 'unknown-room', roomUuid: message.room_uuid });
    return;
  }
  // Anything at or below last_seq is already counted in the REST unread_count: a replay, not news. The same holds
  // for membership: the room as the server last described it already reflects every event up to its last_seq.
  const isNew = message.seq > room.last_seq;
  room.known_seq = Math.max(room.known_seq, message.seq);
  if (isNew) {
    room.last_seq = message.seq;
    room.last_message = message;
    if (event) applyEvent(state, room, message);
    else if (!mine) room.unread_count += 1; // events are never unread
    // As the server counts it: a message from someone else brings an archived chat back, unless it is muted.
    if (!event && !mine && room.archived && !isMuted(room, Date.parse(message.created_at) || Date.now())) {
      room.archived = false;
    }
  }
  if (mine && !event) {
    // The server moves the sender's own watermarks with the insert (not with an event); mirror it so no read is
    // sent for it.
    const self = room.members.find((m) => m.username === me);
    if (self) {
      self.read_seq = Math.max(self.read_seq, message.seq);
      self.delivered_seq = Math.max(self.delivered_seq, message.seq);
    }
  } else if (!event) {
    stopTyping(state, room.room_uuid, message.user);
  }
  const history = state.history.get(room.room_uuid);
  if (history) history.messages = mergeMessages(history.messages, [message]);
  if (isNew && !mine && !event) effects.push({ type: 'incoming', message });
}

/**
 * A message action (edit, delete, react) took the room's seq `frame.seq`: the room's position moves past it (it is
 * never news: not unread, not a move to the top), and the message it changed is replaced by its new state wherever it
 * shows: the loaded history, the quotes of the replies to it, the chat list's preview; an edit or a delete is also
 * passed on as an effect (search results on screen follow it). An update older than one already applied to that
 * message (frames from two nodes can cross) changes nothing.
 */
function applyUpdate(state, frame, effects) {
  const room = state.rooms.get(frame.room_uuid);
  if (!room) {
    effects.push({ type: 'unknown-room', roomUuid: frame.room_uuid });
    return;
  }
  if (frame.seq > room.known_seq + 1) effects.push({ type: 'gap', roomUuid: room.room_uuid, since: room.known_seq });
  room.known_seq = Math.max(room.known_seq, frame.seq);
  room.last_seq = Math.max(room.last_seq, frame.seq);
  const history = state.history.get(room.room_uuid);
  if (history) {
    const held = history.revs?.get(frame.message.seq);
    if (held && held.rev > frame.seq) return;
    history.revs ??= new Map();
    history.revs.set(frame.message.seq, { rev: frame.seq, message: frame.message });
  }
  replaceMessage(state, room, frame.message);
  // What a search found may have to follow an edit or a delete (a reaction changes nothing it shows).
  if (frame.action === 'edit' || frame.action === 'delete') {
    effects.push({ type: 'message-changed', action: frame.action, message: frame.message });
  }
}

/**
 * My action's ack: the message as my action left it. Unless an update of that message arrived after the action went
 * out (it is at least as new, or the update of this very action follows at once), it shows now.
 */
function applyAckedAction(state, message, item) {
  const room = state.rooms.get(message?.room_uuid);
  if (!room) return;
  const history = state.history.get(room.room_uuid);
  const rev = history?.revs?.get(message.seq)?.rev ?? 0;
  if (item && rev > (item.sent_rev ?? 0)) return;
  if (history && rev > 0) history.revs.set(message.seq, { rev, message });
  replaceMessage(state, room, message);
}

/** Puts `message` (a new state of one already sent) in place of its older state, and refreshes what quotes it. */
function replaceMessage(state, room, message) {
  const history = state.history.get(room.room_uuid);
  if (history) {
    history.messages = history.messages.map((m) => {
      if (m.seq === message.seq) return message;
      if (m.reply_to?.seq === message.seq) return { ...m, reply_to: quoteOf(message, m.reply_to) };
      return m;
    });
  }
  if (room.last_message?.seq === message.seq) room.last_message = message;
}

/** A reply's quote of `original` as it is now (content stays hidden from those who could not see it). */
export function quoteOf(original, previous = null) {
  const text = original.deleted ? '' : [...original.content].slice(0, QUOTE_LENGTH).join('');
  return {
    seq: original.seq, user: original.user, content: previous && previous.content === null ? null : text,
    deleted: Boolean(original.deleted),
  };
}

/** Whether a room event (a membership or room change) rather than a message. */
export function isEvent(message) {
  return message?.kind === 'event';
}

/**
 * A membership or room event changes the room as the server's next description of it would show it: the added
 * join as members (watermarks just below the event that brought them in), the removed and those who left are
 * gone (and when that is me, I am no longer a member) and become former members with the watermarks they had (message
 * info still lists who read what while they were in), a rename renames, a role change changes the role.
 */
function applyEvent(state, room, { seq, event }) {
  const me = state.me?.username;
  const named = event.users ?? [];
  switch (event.action) {
    case 'added':
      for (const username of named) {
        if (!room.users.includes(username)) room.users = [...room.users, username];
        if (!room.members.some((m) => m.username === username)) {
          room.members = [...room.members, { username, online: false, last_seen: null,
            delivered_seq: seq - 1, read_seq: seq - 1, role: 'member', joined_seq: seq }];
        }
        if (username === me) room.member = true;
      }
      // Back in: their earlier visit's watermarks are gone with the ones of this membership (as on the server).
      if (room.former_members) room.former_members = room.former_members.filter((f) => !named.includes(f.username));
      break;
    case 'removed':
    case 'left':
      room.former_members = [
        ...(room.former_members ?? []).filter((f) => !named.includes(f.username)),
        ...room.members.filter((m) => named.includes(m.username) && m.username !== me).map((m) => ({
          username: m.username, delivered_seq: Math.min(m.delivered_seq, seq), read_seq: Math.min(m.read_seq, seq),
          joined_seq: m.joined_seq ?? 0, left_seq: seq })),
      ];
      room.users = room.users.filter((username) => !named.includes(username));
      room.members = room.members.filter((m) => !named.includes(m.username));
      if (named.includes(me)) room.member = false;
      for (const username of named) stopTyping(state, room.room_uuid, username);
      break;
    case 'renamed':
      if (event.name) room.room_name = event.name;
      break;
    case 'role_changed':
      room.members = room.members.map((m) => (named.includes(m.username) ? { ...m, role: event.role } : m));
      break;
    default:
      // 'created' (the room frame already described the group) and actions of a newer server: nothing to apply.
      break;
  }
}

function setTyping(state, roomUuid, user, until) {
  const typists = state.typing.get(roomUuid) ?? [];
  // Someone who types again keeps their place, so the names in "bob and carol are typing…" do not swap around.
  state.typing.set(roomUuid, typists.some((t) => t.user === user)
    ? typists.map((t) => (t.user === user ? { user, until } : t))
    : [...typists, { user, until }]);
}

function stopTyping(state, roomUuid, user) {
  const typists = (state.typing.get(roomUuid) ?? []).filter((t) => t.user !== user);
  if (typists.length > 0) state.typing.set(roomUuid, typists);
  else state.typing.delete(roomUuid);
}

/** Drops the typing indicators that ran out by `now`. */
export function expireTyping(state, now) {
  for (const [roomUuid, typists] of state.typing) {
    const left = typists.filter((t) => t.until > now);
    if (left.length === 0) state.typing.delete(roomUuid);
    else if (left.length < typists.length) state.typing.set(roomUuid, left);
  }
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

/**
 * A group's ticks: every current member has received up to delivered_seq and read up to read_seq. Raising each
 * member's watermarks to them keeps the one tick rule (the least watermark of the others) for direct and group
 * rooms alike; message info reads the room again for each member's exact state.
 */
function applyTicks(state, { room_uuid: roomUuid, delivered_seq: delivered, read_seq: read }) {
  const room = state.rooms.get(roomUuid);
  if (!room) return;
  for (const member of room.members) {
    member.delivered_seq = Math.max(member.delivered_seq, delivered, read);
    member.read_seq = Math.max(member.read_seq, read);
  }
  room.ticks_delivered_seq = Math.max(room.ticks_delivered_seq ?? 0, delivered, read);
  room.ticks_read_seq = Math.max(room.ticks_read_seq ?? 0, read);
}

function unreadAfter(state, room, readSeq) {
  if (readSeq >= room.last_seq) return 0;
  const history = state.history.get(room.room_uuid);
  const messages = history?.windowEnd == null ? history?.messages ?? [] : []; // a window has a gap: not countable
  if (messages.length > 0 && messages[0].seq <= readSeq + 1) {
    return messages.filter((m) => m.seq > readSeq && m.user !== state.me?.username && !isEvent(m)).length;
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

/**
 * The connection was lost: who is online now is unknown until the next sync refreshes the rooms, so nobody is shown
 * online meanwhile (a stale "online" would be a lie); a last seen already known stays true and is kept.
 */
export function forgetLivePresence(state) {
  for (const room of state.rooms.values()) {
    for (const member of room.members) {
      if (member.online) Object.assign(member, { online: false, last_seen: null });
    }
  }
  for (const result of state.search.results) {
    if (result.online) Object.assign(result, { online: false, last_seen: null });
  }
}

/** Someone's new display name and About, wherever they are listed: rooms (also as a former member), people found, me. */
function applyProfile(state, { user, display_name: displayName, about }) {
  const profile = { display_name: displayName ?? null, about: about ?? null };
  for (const room of state.rooms.values()) {
    for (const member of [...room.members, ...(room.former_members ?? [])]) {
      if (member.username === user) Object.assign(member, profile);
    }
  }
  for (const result of state.search.results) {
    if (result.username === user) Object.assign(result, profile);
  }
  if (state.me?.username === user) state.me = { ...state.me, ...profile };
}

function applyError(state, { code, message, client_id: clientId, retry_after_ms: retryAfterMs }, effects) {
  const pending = clientId && state.outbox.find((item) => item.client_id === clientId);
  // A send or action the database could not store (unavailable) or did not confirm (outcome_unknown) goes again
  // with the same client_id, which can never store or act twice: it waits (its clock shows) rather than failing.
  const transient = Boolean(pending) && (code === 'unavailable' || code === 'outcome_unknown');
  if (pending && (code === 'rate_limited' || transient)) {
    // Not a failure: the server says when it would take it. This item and every later one wait for that moment
    // and then go again, in the order they were made.
    for (const item of state.outbox.slice(state.outbox.indexOf(pending))) {
      if (!item.failed) item.waiting = true;
    }
    effects.push({ type: 'resend-later', afterMs: retryAfterMs ?? (transient ? UNAVAILABLE_RETRY_MS : 1000) });
  } else if (pending?.action) {
    // A refused edit, delete or reaction changes nothing: its pending look goes, and the reason shows once. A
    // refused edit's text is not thrown away: it goes back to its chat's composer, to be sent as a new message.
    removeFromOutbox(state, clientId);
    const text = chatErrorText({ code, message });
    effects.push(pending.action === 'edit'
      ? { type: 'edit-refused', roomUuid: pending.room_uuid, content: pending.content, text, code }
      : { type: 'notice', text, code });
  } else if (pending) {
    pending.failed = true;
    pending.error = chatErrorText({ code, message });
  } else if (!clientId && code === 'rate_limited') {
    // A frame ignored unread past the connection's frame limit: the refusal cannot say which, so everything not
    // acknowledged yet goes again after the hint, in order (the same client ids: what was stored is not stored twice).
    for (const item of state.outbox) {
      if (!item.failed) item.waiting = true;
    }
    if (state.outbox.some((item) => item.waiting)) {
      effects.push({ type: 'resend-later', afterMs: retryAfterMs ?? 1000 });
    }
  } else {
    effects.push({ type: 'notice', text: chatErrorText({ code, message }), code });
  }
}

/**
 * Adds or refreshes a room, never losing how far this client has been sent. A group I am no longer in has nothing
 * newer for me than its last_seq (and I am not among its members, so my watermarks are not there).
 */
/** Whether the chat is muted at `now` (ms): "forever", or a mute that has not ended. */
export function isMuted(room, now = Date.now()) {
  const until = room?.muted_until;
  if (!until) return false;
  return until === 'forever' || Date.parse(until) > now;
}

export function upsertRoom(state, room) {
  const previous = state.rooms.get(room.room_uuid);
  // I cleared the chat (here or on another device): what it showed up to cleared_seq goes.
  const history = state.history.get(room.room_uuid);
  if (history && (room.cleared_seq ?? 0) > 0) {
    history.messages = history.messages.filter((m) => m.seq > room.cleared_seq);
  }
  const self = room.members.find((m) => m.username === state.me?.username);
  const sent = room.member === false ? room.last_seq : self?.delivered_seq ?? 0;
  state.rooms.set(room.room_uuid, {
    ...room,
    known_seq: Math.max(previous?.known_seq ?? 0, sent),
    // who left a group: only its own read (GET /api/rooms/{uuid}/) lists them, the list and room frames do not
    ...(room.former_members === undefined && previous?.former_members
      ? { former_members: previous.former_members } : {}),
    // how far the group's ticks ever got: never lowered by an older description of the room
    ...(room.ticks_delivered_seq !== undefined || previous?.ticks_delivered_seq !== undefined ? {
      ticks_delivered_seq: Math.max(room.ticks_delivered_seq ?? 0, previous?.ticks_delivered_seq ?? 0),
      ticks_read_seq: Math.max(room.ticks_read_seq ?? 0, previous?.ticks_read_seq ?? 0),
    } : {}),
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

/**
 * Merges a REST page into a room's history. A page is the current state when the server read it, but an update
 * may have arrived while it travelled: a message changed by an update since this history was created keeps that
 * newer state (later updates arrive as frames too), and so do the quotes of it.
 */
export function mergePage(history, page) {
  const fresh = history.revs?.size
    ? page.map((m) => {
      const updated = history.revs.get(m.seq);
      if (updated) return updated.message;
      const quoted = m.reply_to && history.revs.get(m.reply_to.seq);
      return quoted ? { ...m, reply_to: quoteOf(quoted.message, m.reply_to) } : m;
    })
    : page;
  history.messages = mergeMessages(history.messages, fresh);
}

/**
 * The history of a room opened around one of its messages (a search result): the page up to it (`older`, ending with
 * it) and the page after it (`newer`), joined to what `held` had loaded at the live end (everything, unless `held`
 * is itself such a window: then what lies beyond its gap). When `newer` reaches that part, or the newest message
 * (a short page), it is one history again; else `windowEnd` says where the window stops until paging newer joins it.
 */
export function windowAround(held, older, newer, pageSize) {
  const tail = held ? held.messages.filter((m) => held.windowEnd == null || m.seq > held.windowEnd) : [];
  const history = { messages: tail, loading: false, hasOlder: false, windowEnd: null, loadingNewer: false,
    ...(held?.revs ? { revs: held.revs } : {}) };
  mergePage(history, older);
  mergePage(history, newer);
  history.hasOlder = older.length >= pageSize && history.messages[0].seq > 1;
  history.windowEnd = joins(newer, tail[0]?.seq, pageSize) ? null : newer.at(-1)?.seq ?? older.at(-1)?.seq ?? null;
  return history;
}

/** Adds the page after a window's end to it: it moves the end on, or joins the live end (`windowEnd` null). */
export function extendWindow(history, page, pageSize) {
  const beyond = history.messages.find((m) => m.seq > history.windowEnd)?.seq;
  mergePage(history, page);
  history.windowEnd = joins(page, beyond, pageSize) ? null : page.at(-1).seq;
}

/** Whether a page after a window reaches the live end: it is short (nothing newer), or meets what lies beyond. */
function joins(page, beyond, pageSize) {
  return page.length < pageSize || (beyond !== undefined && page.at(-1).seq >= beyond);
}
