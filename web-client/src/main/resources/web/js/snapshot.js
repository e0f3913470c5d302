// What a reload shows while the server cannot be reached: the signed-in user, the chat list as it last was and the
// newest messages of the chats opened last. Kept in localStorage beside the outbox and the drafts, small and bounded,
// and removed when the user signs out or the server ends the session. Attachments are kept as what the messages say
// of them (name, size, the thumbnail's URL), never their bytes.

import { byListOrder } from './selectors.js';

/** The localStorage key: one snapshot per browser, as there is one session cookie. */
export const SNAPSHOT_KEY = 'parley.snapshot';
/** Chats kept (the list's first ones: pinned, then by activity). */
export const SNAPSHOT_ROOMS = 100;
/** Chats whose newest messages are kept: the ones opened last. */
export const SNAPSHOT_CHATS = 5;
/** Newest messages kept per chat: about a screenful. */
export const SNAPSHOT_MESSAGES = 30;
/** The snapshot's largest size in characters: past it, messages go first, then the chats at the end of the list. */
export const SNAPSHOT_MAX_CHARS = 400_000;

const VERSION = 1;

/**
 * The snapshot of a signed-in state as a string, or null when there is nothing to keep. `recent` lists room uuids,
 * the one opened last first; only the newest page of a chat is kept (never a window opened around an older message,
 * which would leave a hole before the newest ones).
 */
export function takeSnapshot(state, recent, { maxChars = SNAPSHOT_MAX_CHARS } = {}) {
  if (!state.me) return null;
  const rooms = [...state.rooms.values()]
    .sort(byListOrder)
    .slice(0, SNAPSHOT_ROOMS);
  const kept = new Set(rooms.map((room) => room.room_uuid));
  const history = {};
  for (const roomUuid of recent) {
    if (Object.keys(history).length >= SNAPSHOT_CHATS) break;
    const loaded = state.history.get(roomUuid);
    if (!kept.has(roomUuid) || !loaded || loaded.loading || loaded.windowEnd != null) continue;
    const messages = loaded.messages.slice(-SNAPSHOT_MESSAGES);
    if (messages.length > 0) history[roomUuid] = messages;
  }
  const snapshot = {
    version: VERSION, me: state.me, rooms, history, blocked: [...state.blocked], limits: state.limits,
  };
  let text = JSON.stringify(snapshot);
  if (text.length > maxChars) {
    snapshot.history = {};
    text = JSON.stringify(snapshot);
  }
  while (text.length > maxChars && snapshot.rooms.length > 0) {
    snapshot.rooms = snapshot.rooms.slice(0, Math.floor(snapshot.rooms.length / 2));
    text = JSON.stringify(snapshot);
  }
  return text;
}

/**
 * The state a snapshot describes ({ me, rooms, history, blocked, limits }, in the state's own shapes), or null when
 * there is none or it cannot be read (a corrupt entry is worth less than a working client).
 */
export function readSnapshot(text) {
  if (!text) return null;
  try {
    const snapshot = JSON.parse(text);
    if (snapshot?.version !== VERSION || typeof snapshot.me?.username !== 'string' || !Array.isArray(snapshot.rooms)) {
      return null;
    }
    const rooms = new Map(snapshot.rooms.map((room) => [room.room_uuid, room]));
    const history = new Map(Object.entries(snapshot.history ?? {})
      .filter(([roomUuid, messages]) => rooms.has(roomUuid) && Array.isArray(messages) && messages.length > 0)
      .map(([roomUuid, messages]) => [roomUuid, {
        // Seqs start at 1 with no gaps: anything above 1 has older messages, paged in once the server answers.
        messages, loading: false, hasOlder: messages[0].seq > 1,
      }]));
    return {
      me: snapshot.me, rooms, history, blocked: new Set(snapshot.blocked ?? []), limits: snapshot.limits ?? null,
    };
  } catch {
    return null;
  }
}
