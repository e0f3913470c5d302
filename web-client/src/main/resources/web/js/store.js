// State plus actions: REST calls, frames to send, the outbox, and one 'change' event. How each server frame
// changes the state is decided in state.js; this class carries out the effects.

import { ApiError } from './api.js';
import { attachmentView, checkFiles, formatBytes } from './attachments.js';
import { authErrorText, chatErrorText, sentence } from './errorText.js';
import { counted, emojiIn, frequentEmoji, parseCounts } from './frequentEmoji.js';
import { SendPace } from './pacing.js';
import { draftWith } from './selectors.js';
import { SNAPSHOT_KEY, readSnapshot, takeSnapshot } from './snapshot.js';
import {
  DEFAULT_LIMITS, applyFrame, createState, expireTyping, extendWindow, forgetLivePresence, mergePage, quoteOf, upsertRoom,
  windowAround,
} from './state.js';

/**
 * A failed call as a notice: the client's own words for a network failure (they tell a timeout from no connection),
 * else the server's reason as a sentence ("you can pin up to 3 chats: unpin one first" gets its capital and full stop).
 */
function noticeText(error) {
  return error?.code === 'network' && error.message ? error.message : chatErrorText(error);
}

// The frame switch is importable from here too, where the house style puts it: tests need no DOM for either.
export { applyFrame, createState } from './state.js';

const PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 200; // the server's largest page
const TYPING_THROTTLE_MS = 2_000;
const NOTICE_MS = 6_000;
/** How soon after a change the snapshot for an offline reload is written (changes come in bursts). */
export const SNAPSHOT_DELAY_MS = 1_000;
/** Uploads of this page running at once; the rest wait their turn (the server allows a user 4 at once). */
export const MAX_RUNNING_UPLOADS = 3;
/**
 * A refused upload whose Retry-After is at most this long (the upload rate, uploads at once) is tried again by
 * itself; a longer one (the quota of files not sent yet, whose hint is hours) fails and says why.
 */
export const MAX_AUTO_RETRY_SECONDS = 60;
/** Up to this much is added at random to a Retry-After, so that two tabs told the same do not come back together. */
export const RETRY_JITTER_MS = 1_000;

/** A client_id: crypto.randomUUID exists only on secure origins, and Parley may be opened over plain http. */
function newClientId() {
  if (globalThis.crypto?.randomUUID && globalThis.isSecureContext) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * State plus actions. Events: 'change' after every state change, 'incoming' (detail: a new message from
 * someone else), 'session' when the user signed in or out, 'edit-refused' (detail: { roomUuid, content, text }) when
 * the server refused an edit of mine (its text is back in that chat's draft), 'message-changed' (detail: { action:
 * 'edit' | 'delete', message }) when a message was edited or deleted, by anyone (search results follow it).
 */
export class Store extends EventTarget {
  state = createState();
  #api;
  #storage;
  #now;
  #transmit = () => false;
  #syncedRooms = new Set();
  /** Rooms with a sync on its way because a live message skipped seqs (until the next `synced`). */
  #gapSyncs = new Set();
  #lastTypingSent = new Map();
  #typingTimer = 0;
  #noticeTimer = 0;
  #roomsRefresh = null;
  #resendTimer = 0;
  #bootTimer = 0;
  #bootAttempt = 0;
  #resendAt = null;
  /** My sends and actions paced to the server's send limit (GET /api/limits/), its defaults until it answers. */
  #pace;
  /** The outbox items sent on this connection (client ids), awaiting their ack; the next one goes when paced. */
  #transmitted = new Set();
  #pumpTimer = 0;
  /** How many more may go before the ones in flight are acknowledged (see #pump). */
  #runLeft = 0;
  /** Per room, the newest request to open its history around a message: an older one's answer is dropped. */
  #windowLoads = new Map();
  /**
   * Per upload id, in the order picked: its File, its room, whether it is running (and as the one try after a pause)
   * and how to abort it (not in the state: a File can be neither copied nor saved). The order is the queue's: waiting
   * uploads start first-picked first.
   */
  #uploadFiles = new Map();
  #uploadIds = 0;
  /** While the server asked uploads to pause (a 429 with a short Retry-After), the timer that resumes them. */
  #uploadPause = 0;
  /** After a pause, uploads start one at a time until the server takes one (the others would only be refused). */
  #uploadProbing = false;
  #online;
  #random;
  /** The chats opened, the last one first (their newest messages go into the snapshot). */
  #recentRooms = [];
  #snapshotTimer = 0;
  /** Started from the snapshot while the server could not be reached: the session is confirmed when it answers. */
  #unconfirmed = false;

  /** `storage` (localStorage) keeps the outbox across reloads; `now` and `random` are injectable for tests. */
  constructor({ api, storage = null, now = () => Date.now(), online = () => globalThis.navigator?.onLine !== false,
    random = Math.random }) {
    super();
    this.#online = online;
    this.#random = random;
    this.#api = api;
    this.#storage = storage;
    this.#now = now;
    this.#pace = new SendPace(DEFAULT_LIMITS.send_burst, DEFAULT_LIMITS.sends_per_second, now);
  }

  /** Sets how frames leave: a function that sends a client frame and returns false when it could not. */
  useTransport(transmit) {
    this.#transmit = transmit;
  }

  handleFrame(frame) {
    for (const effect of applyFrame(this.state, frame, this.#now())) this.#carryOut(effect);
    if (frame?.type === 'ack') this.#transmitted.delete(frame.client_id);
    // Past the burst, the next send waits until nothing is in flight: an ack, a refused action or a failed send
    // (both leave without an ack) or my own message replayed may be what it waits for.
    if (this.state.outbox.length > 0) this.#pump();
    if (frame?.type === 'room') this.#syncedRooms.add(frame.room.room_uuid);
    this.#saveOutbox();
    this.#scheduleTypingExpiry();
    this.#changed();
  }

  #carryOut(effect) {
    switch (effect.type) {
      case 'incoming':
        this.dispatchEvent(new CustomEvent('incoming', { detail: effect.message }));
        break;
      case 'synced':
        this.#gapSyncs.clear();
        // Past the sync cap the replay left a gap: forget those histories and page them again from REST.
        for (const roomUuid of effect.hasMore) {
          if (this.state.history.delete(roomUuid) && roomUuid === this.state.activeRoom) this.#loadLatest(roomUuid);
        }
        this.refreshRooms();
        break;
      case 'unknown-room':
        this.refreshRooms();
        break;
      case 'gap':
        // One sync per room at a time: its replay fills the hole (duplicates are merged away by seq).
        if (!this.#gapSyncs.has(effect.roomUuid)
            && this.#transmit({ type: 'sync', since: { [effect.roomUuid]: effect.since } })) {
          this.#gapSyncs.add(effect.roomUuid);
        }
        break;
      case 'resend-later':
        this.#resendLater(effect.afterMs);
        break;
      case 'notice':
        this.showNotice(effect.text);
        break;
      case 'message-changed':
        this.dispatchEvent(new CustomEvent('message-changed', {
          detail: { action: effect.action, message: effect.message },
        }));
        break;
      case 'edit-refused':
        // Its text back in the chat's draft (the composer of the open chat shows it, with the reason).
        if (this.state.rooms.get(effect.roomUuid)?.member !== false) {
          this.setDraft(effect.roomUuid, draftWith(this.draft(effect.roomUuid), effect.content));
        }
        this.dispatchEvent(new CustomEvent('edit-refused', { detail: effect }));
        break;
    }
  }

  // --- session ---

  /**
   * Asks the server who we are: the HttpOnly cookie is invisible to script, so this is the only way to know. When the
   * server cannot answer, the chats as they were when this device last had them show instead (the snapshot), and the
   * socket's reconnecting confirms the session once the server is back.
   */
  async boot() {
    clearTimeout(this.#bootTimer);
    try {
      await this.#signedIn(await this.#api.me());
      this.#bootAttempt = 0;
      this.state.auth.error = null;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) this.#storage?.removeItem(SNAPSHOT_KEY);
      if (!(error instanceof ApiError) || error.status !== 401) this.state.auth.error = authErrorText(error);
      if ((!(error instanceof ApiError) || error.status === 0 || error.status >= 500) && this.#startFromSnapshot()) {
        this.state.booted = true;
        this.dispatchEvent(new Event('session'));
        this.#changed();
        return;
      }
      if (!(error instanceof ApiError) || error.status === 0 || error.status >= 500) {
        // The server cannot answer now (a reload during an outage): ask again by itself, backing off to 10 s.
        this.state.auth.error = "Can't reach the server. Reconnecting…";
        this.#bootTimer = setTimeout(() => this.boot(), Math.min(10_000, 1_000 * 2 ** this.#bootAttempt++));
      }
    }
    this.state.booted = true;
    this.#changed();
  }

  async signIn(username, password, { register = false } = {}) {
    clearTimeout(this.#bootTimer); // signing in by hand replaces the automatic retry of a failed start
    this.state.auth = { busy: true, error: null };
    this.#changed();
    try {
      const response = register
        ? await this.#signUp(username, password)
        : await this.#api.login(username, password);
      await this.#signedIn(response.user);
      this.state.auth = { busy: false, error: null };
    } catch (error) {
      this.state.auth = { busy: false, error: authErrorText(error, { register }) };
    }
    this.#changed();
  }

  /**
   * Signs up; when the server lost its database connection after the account was sent (`outcome_unknown`: it may have
   * been stored), signing in with the same name and password tells, and lets the user in if it was. Otherwise the
   * sign-up's own error stands (signing up again then is safe: a name stored meanwhile answers "taken").
   */
  async #signUp(username, password) {
    try {
      return await this.#api.register(username, password);
    } catch (error) {
      if (error?.code !== 'outcome_unknown') throw error;
      try {
        return await this.#api.login(username, password);
      } catch {
        throw error;
      }
    }
  }

  async signOut() {
    try {
      await this.#api.logout();
    } catch {
      // Signing out locally still matters when the server is unreachable; the session then simply expires.
    }
    this.#forgetSession();
  }

  /** Leaves nothing of mine on this device and shows the sign-in screen (the session already ended). */
  #forgetSession() {
    for (const { abort } of this.#uploadFiles.values()) abort?.(); // nothing of mine keeps uploading after I left
    this.#uploadFiles.clear();
    clearTimeout(this.#uploadPause);
    this.#uploadPause = 0;
    this.#uploadProbing = false;
    this.#storage?.removeItem(this.#outboxKey());
    this.#storage?.removeItem(this.#draftsKey()); // signing out of this device leaves nothing of mine in it
    this.#storage?.removeItem(this.#emojiKey());
    this.#forgetSnapshot();
    this.#windowLoads.clear();
    this.#transmitted.clear();
    this.state = { ...createState(), booted: true };
    this.dispatchEvent(new Event('session'));
    this.#changed();
  }

  /** The server ended the session (signed out elsewhere, expired): the sign-in screen shows, saying so. */
  #sessionEnded() {
    this.#forgetSnapshot();
    this.#windowLoads.clear();
    this.state = { ...createState(), booted: true };
    this.state.auth.error = 'Your session ended. Please sign in again.';
    this.dispatchEvent(new Event('session'));
    this.#changed();
  }

  /** No chat of mine is left for a reload to show: for whoever uses this browser next. */
  #forgetSnapshot() {
    clearTimeout(this.#snapshotTimer);
    this.#snapshotTimer = 0;
    this.#recentRooms = [];
    this.#unconfirmed = false;
    this.#storage?.removeItem(SNAPSHOT_KEY);
  }

  /** Shows the chats kept for an offline start, if any; false when there are none. */
  #startFromSnapshot() {
    const snapshot = readSnapshot(this.#storage?.getItem(SNAPSHOT_KEY));
    if (!snapshot) return false;
    this.#unconfirmed = true;
    Object.assign(this.state, {
      me: snapshot.me, rooms: snapshot.rooms, history: snapshot.history, blocked: snapshot.blocked,
      limits: { ...DEFAULT_LIMITS, ...snapshot.limits }, auth: { busy: false, error: null },
    });
    forgetLivePresence(this.state); // who was online then is unknown now: no stale "online" while cut off
    this.state.outbox = this.#loadOutbox();
    this.state.drafts = this.#loadDrafts();
    return true;
  }

  /**
   * The socket opened after an offline start, which proves the session (the server checks it on the upgrade): who I
   * am, whom I blocked and the server's limits are read again (the rooms are, after the sync). A session ended
   * meanwhile signs out; an answer that does not come is asked again at the next connection.
   */
  async #confirmSession() {
    try {
      const me = await this.#api.me();
      if (me.username !== this.state.me?.username) {
        this.#sessionEnded();
        return;
      }
      this.#unconfirmed = false;
      this.state.me = me;
      await Promise.all([this.#loadBlocked(), this.#loadLimits()]);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) this.#sessionEnded();
    }
    this.#changed();
  }

  /** Writes the snapshot for an offline reload now (the page is going away), instead of after SNAPSHOT_DELAY_MS. */
  saveSnapshot() {
    clearTimeout(this.#snapshotTimer);
    this.#snapshotTimer = 0;
    if (!this.state.me || !this.#storage) return;
    try {
      this.#storage.setItem(SNAPSHOT_KEY, takeSnapshot(this.state, this.#recentRooms));
    } catch {
      // A full storage only costs the offline reload: the client works as before without it.
    }
  }

  async #signedIn(user) {
    this.#unconfirmed = false;
    this.state.me = user;
    this.state.outbox = this.#loadOutbox();
    this.state.drafts = this.#loadDrafts();
    await Promise.all([this.refreshRooms(), this.#loadBlocked(), this.#loadLimits()]);
    this.dispatchEvent(new Event('session'));
  }

  /** The server's edit and delete windows decide which actions a message offers; its defaults when it cannot say. */
  async #loadLimits() {
    try {
      const limits = await this.#api.limits();
      this.state.limits = { ...DEFAULT_LIMITS, ...Object.fromEntries(Object.entries(limits ?? {})
        .filter(([key, value]) => key in DEFAULT_LIMITS && Number.isFinite(value))) };
    } catch {
      this.state.limits = { ...DEFAULT_LIMITS }; // an older server: the rules it would apply anyway
    }
    this.#pace.limit(this.state.limits.send_burst, this.state.limits.sends_per_second);
  }

  /**
   * A closed-before-open socket may mean the session expired (then the sign-in screen shows) or that the server takes
   * too many connections at once: resolves to the wait it asked for in ms (0: none), for the socket's retryAfter.
   */
  async checkSession() {
    if (!this.state.me) return 0;
    try {
      await this.#api.socketProbe();
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        this.#sessionEnded();
      } else if (error instanceof ApiError && error.status === 503 && error.retryAfter > 0) {
        return error.retryAfter * 1000;
      }
    }
    return 0;
  }

  // --- connection ---

  setConnection(status) {
    if (this.state.connection === 'open' && status !== 'open') forgetLivePresence(this.state);
    this.state.connection = status;
    if (status === 'open' || status === 'closed') this.state.connectionFailed = false;
    if (status !== 'open') {
      this.#syncedRooms.clear();
      this.#gapSyncs.clear(); // the next connection syncs every room anyway
    }
    this.#changed();
  }

  /** When the socket tries again (ms since the epoch), or 0: the banner counts down to it. */
  setRetryAt(at) {
    this.state.retryAt = at;
    if (at > 0) this.state.connectionFailed = true;
    this.#changed();
  }

  /** Whether the browser has a network at all: the banner says which of the two is missing. */
  setNetworkOnline(online) {
    this.state.networkOnline = online;
    this.#changed();
  }

  /** After every (re)connect: sync first (the server holds frames until it does), then resend the outbox. */
  connected() {
    const since = {};
    for (const room of this.state.rooms.values()) since[room.room_uuid] = room.known_seq;
    this.#syncedRooms = new Set(Object.keys(since));
    this.#transmit({ type: 'sync', since });
    // Everything not acked goes again (the same client ids: stored once), in order and paced.
    this.#transmitted.clear();
    for (const item of this.state.outbox) item.waiting = false;
    this.#pump();
    if (this.#unconfirmed) this.#confirmSession();
    // A chat opened while the server could not be reached gets its messages now.
    const active = this.state.activeRoom;
    if (active && !this.state.history.has(active)) this.#loadLatest(active);
  }

  /**
   * Sends refused as rate_limited (or ignored past the connection's frame limit: that refusal names none, so all that
   * wait) go again once the server said it would take them, in order and paced from then on.
   */
  #resendLater(afterMs) {
    this.#pace.hold(afterMs);
    const due = this.#now() + afterMs;
    if (this.#resendAt !== null && this.#resendAt >= due) return;
    clearTimeout(this.#resendTimer);
    this.#resendAt = due;
    this.#resendTimer = setTimeout(() => {
      this.#resendAt = null;
      for (const item of this.state.outbox) {
        if (item.waiting) {
          item.waiting = false;
          this.#transmitted.delete(item.client_id);
        }
      }
      this.#pump();
      this.#changed();
    }, Math.max(0, afterMs));
  }

  /**
   * Sends what is due of the outbox, in order: each item once per connection, when the pace allows (a timer tries
   * again then). A held item (waiting for the server's hint) holds back every later one, so that none is stored
   * before it; a failed one waits for Retry and holds nothing back.
   */
  #pump() {
    clearTimeout(this.#pumpTimer);
    this.#pumpTimer = 0;
    let inFlight = this.state.outbox
      .filter((item) => !item.failed && !item.waiting && this.#transmitted.has(item.client_id)).length;
    for (const item of this.state.outbox) {
      if (item.failed || this.#transmitted.has(item.client_id)) continue;
      if (item.waiting) return;
      // From a full bucket a whole burst goes at once: the server's bucket holds it all. Past it, one at a time, each
      // after the ack of the one before: the server counts arrivals, and a burst that reached it late leaves it
      // fewer tokens than this pace thinks; a refusal then delays one message instead of letting a later one be
      // stored before it.
      if (inFlight === 0) this.#runLeft = this.#pace.run();
      if (this.#runLeft <= 0) return; // the ack pumps again
      const wait = this.#pace.due();
      if (wait > 0) {
        this.#pumpTimer = setTimeout(() => this.#pump(), wait);
        return;
      }
      if (!this.#transmitItem(item)) return; // not connected: all of it goes after the next sync (connected)
      this.#pace.take();
      this.#transmitted.add(item.client_id);
      inFlight += 1;
      this.#runLeft -= 1;
    }
  }

  /** Reloads the room list (order, unread counts, presence); rooms the socket never synced are synced now. */
  refreshRooms() {
    this.#roomsRefresh ??= this.#api.rooms()
      .then((rooms) => {
        const fresh = new Map();
        for (const room of rooms) {
          upsertRoom(this.state, room);
          fresh.set(room.room_uuid, this.state.rooms.get(room.room_uuid));
        }
        this.state.rooms = fresh;
        this.#syncNewRooms();
      })
      .catch((error) => this.showNotice(noticeText(error)))
      .finally(() => {
        this.#roomsRefresh = null;
        this.#changed();
      });
    return this.#roomsRefresh;
  }

  #syncNewRooms() {
    if (this.state.connection !== 'open') return;
    const since = {};
    for (const room of this.state.rooms.values()) {
      if (!this.#syncedRooms.has(room.room_uuid)) since[room.room_uuid] = room.known_seq;
    }
    if (Object.keys(since).length === 0) return;
    Object.keys(since).forEach((uuid) => this.#syncedRooms.add(uuid));
    this.#transmit({ type: 'sync', since });
  }

  // --- rooms and history ---

  openRoom(roomUuid) {
    const known = roomUuid && this.state.rooms.has(roomUuid);
    if (known && roomUuid !== this.state.activeRoom) {
      // Where the unread messages start, remembered before reading moves the watermark: the chat opens there,
      // under an "N unread messages" divider that stays while the chat is open.
      const room = this.state.rooms.get(roomUuid);
      const self = room.members.find((m) => m.username === this.state.me?.username);
      this.state.unreadMark = room.unread_count > 0 && self
        ? { roomUuid, afterSeq: self.read_seq, count: room.unread_count } : null;
      // Opening a chat I marked unread reads it, even with nothing new in it (a read frame would clear it too).
      if (room.marked_unread) this.changeChatSettings(roomUuid, { marked_unread: false });
    }
    this.state.activeRoom = known ? roomUuid : null;
    if (known) this.#recentRooms = [roomUuid, ...this.#recentRooms.filter((uuid) => uuid !== roomUuid)].slice(0, 20);
    if (known && !this.state.history.has(roomUuid)) this.#loadLatest(roomUuid);
    this.#changed();
  }

  /**
   * Loads the newest page. `held`, a window opened around an older message, gives up its window and keeps what it
   * holds beyond it (live messages), and the newer states of messages that updates brought.
   */
  async #loadLatest(roomUuid, held = null) {
    // Frames arriving while the page loads are merged into this entry, so none falls between the two.
    const history = { messages: held ? held.messages.filter((m) => m.seq > held.windowEnd) : [], loading: true,
      hasOlder: false, ...(held?.revs ? { revs: held.revs } : {}) };
    this.state.history.set(roomUuid, history);
    // A chat opened with more unread messages than a page holds opens at the first of them: its first page reaches
    // back to it (up to the server's largest page), else the divider sat above the oldest loaded one, the next page
    // moved it out of sight, and the chat opened in the middle of what was unread.
    const mark = !held && this.state.unreadMark?.roomUuid === roomUuid ? this.state.unreadMark : null;
    const limit = mark ? Math.min(MAX_PAGE_SIZE, Math.max(PAGE_SIZE, mark.count + PAGE_SIZE)) : PAGE_SIZE;
    const failure = await this.#loadPage(roomUuid, history, {}, limit);
    // Not loaded because the server is out of reach: forgotten, so that it loads when the chat is opened again or the
    // connection is back, rather than showing only what arrives from then on.
    const unreachable = failure instanceof ApiError && (failure.status === 0 || failure.status >= 500);
    if (unreachable && this.state.history.get(roomUuid) === history && history.messages.length === 0) {
      this.state.history.delete(roomUuid);
      this.#changed();
    }
  }

  /**
   * Makes the message `seq` part of the room's history as shown, for a search result: when it is not loaded, the
   * pages just before and after it are, joined to what was loaded at the live end when they reach it (else scrolling
   * down pages newer ones, loadNewer, until they do). A room opened for this starts there, never at its newest page.
   * Resolves to whether the message is there (it may be gone, or no longer mine to see).
   */
  async loadAround(roomUuid, seq) {
    const current = this.state.history.get(roomUuid);
    if (current?.messages.some((m) => m.seq === seq) && (current.windowEnd == null || seq <= current.windowEnd)) {
      return true;
    }
    const token = {};
    this.#windowLoads.set(roomUuid, token);
    let placeholder = null;
    if (!current) {
      // Frames arriving meanwhile are kept here, and openRoom sees a history on its way (no newest page for nothing).
      placeholder = { messages: [], loading: true, hasOlder: false };
      this.state.history.set(roomUuid, placeholder);
      this.#changed();
    }
    let pages;
    try {
      pages = await Promise.all([
        this.#api.messages(roomUuid, { before: seq + 1, limit: PAGE_SIZE }),
        this.#api.messages(roomUuid, { after: seq, limit: PAGE_SIZE }),
      ]);
    } catch (error) {
      if (this.#windowLoads.get(roomUuid) !== token) return false;
      this.#windowLoads.delete(roomUuid);
      this.#failed(error);
      if (placeholder && this.state.history.get(roomUuid) === placeholder) this.#loadLatest(roomUuid);
      return false;
    }
    if (this.#windowLoads.get(roomUuid) !== token) return false; // a newer jump (or signing out) came since
    this.#windowLoads.delete(roomUuid);
    const history = windowAround(this.state.history.get(roomUuid), pages[0], pages[1], PAGE_SIZE);
    this.state.history.set(roomUuid, history);
    this.#changed();
    return history.messages.some((m) => m.seq === seq);
  }

  /** Loads the page after the end of a window opened around a message, until it reaches the newest messages. */
  async loadNewer(roomUuid) {
    const history = this.state.history.get(roomUuid);
    if (!history || history.windowEnd == null || history.loadingNewer) return;
    history.loadingNewer = true;
    this.#changed();
    try {
      extendWindow(history, await this.#api.messages(roomUuid, { after: history.windowEnd, limit: PAGE_SIZE }),
        PAGE_SIZE);
    } catch (error) {
      this.#failed(error);
    } finally {
      history.loadingNewer = false;
      this.#changed();
    }
  }

  /** Leaves a window opened around an older message for the newest messages (as a send does). */
  showLatest(roomUuid) {
    const history = this.state.history.get(roomUuid);
    if (history?.windowEnd == null) return;
    this.#windowLoads.delete(roomUuid);
    this.#loadLatest(roomUuid, history);
  }

  /** One page of message search (MessageSearch's `fetchPage`). */
  searchMessages({ query, roomUuid, before, limit, signal }) {
    return this.#api.search(query, { roomUuid, before, limit, signal });
  }

  /**
   * Loads older pages until the message `seq` is loaded (or nothing older is there: it is not mine to see); resolves to
   * whether it is loaded. For a click on a reply's quote.
   */
  async loadUntil(roomUuid, seq) {
    for (;;) {
      const history = this.state.history.get(roomUuid);
      if (!history) return false;
      if (history.messages.some((m) => m.seq === seq)) return true;
      if (history.loading) {
        await new Promise((resolve) => this.addEventListener('change', resolve, { once: true }));
        continue;
      }
      const oldest = history.messages[0]?.seq;
      if (!history.hasOlder || oldest === undefined || oldest < seq) return false;
      await this.loadOlder(roomUuid);
      if (history.messages[0]?.seq === oldest) return false; // the page failed (its notice says why)
    }
  }

  /** Loads the page before the oldest loaded message (keyset paging by seq). */
  async loadOlder(roomUuid) {
    const history = this.state.history.get(roomUuid);
    if (!history || history.loading || !history.hasOlder) return;
    history.loading = true;
    this.#changed();
    await this.#loadPage(roomUuid, history, { before: history.messages[0].seq });
  }

  /** Loads a page into `history`; resolves to null, or the error it failed with (its notice shows). */
  async #loadPage(roomUuid, history, cursor, limit = PAGE_SIZE) {
    try {
      const page = await this.#api.messages(roomUuid, { ...cursor, limit });
      mergePage(history, page);
      // Seqs have no gaps and start at 1, so the oldest loaded seq tells whether more history exists; in a group I
      // joined later (or was out of for a while) the server shows nothing before my first event: a short page says so.
      history.hasOlder = history.messages.length > 0 && history.messages[0].seq > 1 && page.length >= limit;
      return null;
    } catch (error) {
      this.#failed(error);
      return error;
    } finally {
      history.loading = false;
      this.#changed();
    }
  }

  async searchUsers(query) {
    this.state.search = { ...this.state.search, query, loading: true, error: null };
    this.#changed();
    try {
      const results = query ? await this.#api.searchUsers(query) : [];
      // An answer to an older keystroke must not overwrite the answer to the newest one.
      if (this.state.search.query === query) this.state.search = { query, results, loading: false, error: null };
    } catch (error) {
      if (this.state.search.query === query) this.state.search = { query, results: [], loading: false, error: error.message };
    }
    this.#changed();
  }

  /** People whose name starts with `prefix` (me excluded), for the chat filter; empty when the lookup failed. */
  async findPeople(prefix) {
    try {
      return await this.#api.searchUsers(prefix);
    } catch {
      return []; // The filter still shows the chats; a failed lookup only means no suggestions this time.
    }
  }

  /**
   * Saves my profile ({ display_name, about }, null clearing one); resolves to null when saved, else the error the
   * server answered (the profile panel shows it beside its fields).
   */
  async updateProfile(fields) {
    try {
      const me = await this.#api.updateProfile(fields);
      if (this.state.me?.username === me.username) this.state.me = { ...this.state.me, ...me };
      this.#changed();
      return null;
    } catch (error) {
      return error;
    }
  }

  /** My privacy settings as the server has them; null (with a notice) when they could not be read. */
  async loadSettings() {
    try {
      return await this.#api.settings();
    } catch (error) {
      this.#failed(error);
      return null;
    }
  }

  /** Changes privacy settings (any of { last_seen, read_receipts }); resolves to them as saved, or null (a notice). */
  async updateSettings(fields) {
    try {
      return await this.#api.updateSettings(fields);
    } catch (error) {
      this.#failed(error);
      return null;
    }
  }

  /** My signed-in devices as the server lists them; null (with a notice) when they could not be read. */
  async loadSessions() {
    try {
      return await this.#api.sessions();
    } catch (error) {
      this.#failed(error);
      return null;
    }
  }

  /** Signs another of my devices out; true when it is out (already gone counts), else false with a notice. */
  async endSession(id) {
    try {
      await this.#api.endSession(id);
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return true;
      this.#failed(error);
      return false;
    }
  }

  /** Signs every device of mine out, this one too: the sign-in screen shows. False (with a notice) when refused. */
  async endAllSessions() {
    try {
      await this.#api.endAllSessions();
    } catch (error) {
      this.#failed(error);
      return false;
    }
    this.#forgetSession();
    return true;
  }

  /** Opens (or creates) the 1:1 room with `username`; resolves to its uuid, or null when that failed. */
  async startChat(username) {
    try {
      const room = await this.#api.openRoom(username);
      upsertRoom(this.state, room);
      this.#syncNewRooms();
      this.#changed();
      return room.room_uuid;
    } catch (error) {
      this.#failed(error);
      return null;
    }
  }

  // --- groups ---

  /** Creates a group named `name` with these members (usernames); resolves to its uuid, or null when that failed. */
  async createGroup(name, members) {
    try {
      const room = await this.#api.createGroup(name, members);
      this.#applyRoom(room);
      this.#syncNewRooms();
      return room.room_uuid;
    } catch (error) {
      this.#failed(error);
      return null;
    } finally {
      this.#changed();
    }
  }

  /** Renames the group; false (with a notice) when the server refused. */
  renameGroup(roomUuid, name) {
    return this.#changeGroup(() => this.#api.renameGroup(roomUuid, name));
  }

  addMembers(roomUuid, usernames) {
    return this.#changeGroup(() => this.#api.addMembers(roomUuid, usernames));
  }

  /** Makes a member an admin (`role` 'admin') or dismisses an admin ('member'). */
  setRole(roomUuid, username, role) {
    return this.#changeGroup(() => this.#api.setRole(roomUuid, username, role));
  }

  removeMember(roomUuid, username) {
    return this.#changeGroup(() => this.#api.removeMember(roomUuid, username), roomUuid);
  }

  leaveGroup(roomUuid) {
    return this.removeMember(roomUuid, this.state.me?.username);
  }

  /**
   * Changes my own settings of a chat (any of pinned, muted_until, archived, marked_unread, cleared_seq): shown at
   * once, then as the server stored it (my other devices get it as a room frame). Resolves to false, with the
   * server's reason as a notice (a fourth pin), when it was refused: the chat then shows as it was.
   */
  async changeChatSettings(roomUuid, changes) {
    const room = this.state.rooms.get(roomUuid);
    if (!room) return false;
    const before = { ...room };
    Object.assign(room, changes, changes.archived ? { pinned: false } : {}, changes.pinned ? { archived: false } : {});
    this.#changed();
    try {
      upsertRoom(this.state, await this.#api.chatSettings(roomUuid, changes));
      return true;
    } catch (error) {
      if (this.state.rooms.get(roomUuid) === room) Object.assign(room, before);
      this.#failed(error);
      return false;
    } finally {
      this.#changed();
    }
  }

  /** Reads the room again (members' presence and watermarks as they are now), e.g. for its info panels. */
  async refreshRoom(roomUuid) {
    try {
      this.#applyRoom(await this.#api.room(roomUuid));
      this.#changed();
    } catch (error) {
      this.#failed(error);
    }
  }

  /**
   * Carries out a change of a group. The server answers with the room as it is now (a removal with nothing: then the
   * room is read again); its event also arrives on the socket, and either order ends in the same room.
   */
  async #changeGroup(call, refetch = null) {
    try {
      const room = await call();
      if (room) this.#applyRoom(room);
      else if (refetch) await this.refreshRoom(refetch);
      return true;
    } catch (error) {
      this.#failed(error);
      return false;
    } finally {
      this.#changed();
    }
  }

  /** A room from a REST answer, unless frames already took this client past the point it describes. */
  #applyRoom(room) {
    const known = this.state.rooms.get(room.room_uuid);
    if (known && known.last_seq > room.last_seq) return;
    upsertRoom(this.state, room);
  }

  // --- blocking ---

  async #loadBlocked() {
    try {
      this.state.blocked = new Set((await this.#api.blockedUsers()).map((user) => user.username));
    } catch (error) {
      this.#failed(error);
    }
  }

  /** Blocks `username`; resolves to false (with a notice) when the server refused. */
  async block(username) {
    return this.#changeBlock(username, true);
  }

  async unblock(username) {
    return this.#changeBlock(username, false);
  }

  async #changeBlock(username, block) {
    try {
      await (block ? this.#api.block(username) : this.#api.unblock(username));
      if (block) this.state.blocked.add(username);
      else this.state.blocked.delete(username);
      // Presence shown across a block changes too: the server sends frames, the list is re-read for the rest.
      this.refreshRooms();
      return true;
    } catch (error) {
      this.#failed(error);
      return false;
    } finally {
      this.#changed();
    }
  }

  // --- sending ---

  /**
   * Queues a message: it shows at once as pending and stays in the outbox until acked. False if invalid. `replyTo`,
   * a stored message of the room, makes it a reply that quotes that one.
   */
  send(roomUuid, text, { replyTo = null } = {}) {
    const content = text.trim();
    const room = this.state.rooms.get(roomUuid);
    const uploads = this.uploadsOf(roomUuid);
    // The files picked go with the text as its caption; all of them must be uploaded first.
    if (uploads.some((u) => u.status !== 'done')) return false;
    const attachments = uploads.map((u) => u.attachment);
    if ((!content && attachments.length === 0) || [...content].length > this.maxContent || !room
        || room.member === false) return false;
    this.showLatest(roomUuid); // what I send goes under the newest messages: that is where the chat goes
    const item = {
      client_id: newClientId(), room_uuid: roomUuid, content,
      created_at: new Date(this.#now()).toISOString(), failed: false, error: null,
      ...(replyTo ? { reply_to: replyTo.seq, quote: quoteOf(replyTo) } : {}),
      ...(attachments.length ? { attachments } : {}),
    };
    this.#lastTypingSent.delete(roomUuid);
    for (const upload of uploads) this.#uploadFiles.delete(upload.id);
    this.state.uploads.delete(roomUuid);
    this.#enqueue(item);
    this.#usedEmoji(emojiIn(content));
    return true;
  }

  // --- attachments ---

  /** The files picked for the next message in `roomUuid`, in the order picked. */
  uploadsOf(roomUuid) {
    return this.state.uploads.get(roomUuid) ?? [];
  }

  /**
   * Picks files for the next message and queues them for upload (the preview shows each one waiting, then its
   * progress): at most MAX_RUNNING_UPLOADS run at once, the rest start in the order picked as others finish. Files
   * past the server's limits are refused with a notice. Uploads need the network: offline they fail at once, saying
   * so, and wait for Retry (never queued out of sight).
   */
  addFiles(roomUuid, files) {
    const room = this.state.rooms.get(roomUuid);
    if (!room || room.member === false) return;
    const { accepted, refused } = checkFiles([...files], this.uploadsOf(roomUuid).length, this.state.limits);
    if (refused.length) this.showNotice(refused.map((r) => r.reason).join('. ') + '.');
    if (accepted.length === 0) return;
    const added = accepted.map((file) => {
      const id = `u${++this.#uploadIds}`;
      this.#uploadFiles.set(id, { file, roomUuid, running: false, probe: false, abort: null });
      return { id, name: file.name || 'file', size: file.size, mime: file.type || '', status: 'waiting',
        retrying: false, progress: 0, error: null, attachment: null };
    });
    this.state.uploads.set(roomUuid, [...this.uploadsOf(roomUuid), ...added]);
    this.#startWaitingUploads();
    this.#changed();
  }

  /** Cancels a running upload (aborted), takes a waiting one out of the queue, or drops a picked file. */
  removeUpload(roomUuid, id) {
    this.#uploadFiles.get(id)?.abort?.();
    this.#uploadFiles.delete(id);
    const left = this.uploadsOf(roomUuid).filter((u) => u.id !== id);
    if (left.length) this.state.uploads.set(roomUuid, left);
    else this.state.uploads.delete(roomUuid);
    this.#startWaitingUploads(); // its place may be free now
    this.#changed();
  }

  /** Tries a failed upload again: it joins the queue at the place it was picked. */
  retryUpload(roomUuid, id) {
    const upload = this.uploadsOf(roomUuid).find((u) => u.id === id);
    if (!upload || upload.status !== 'failed' || !this.#uploadFiles.has(id)) return;
    Object.assign(upload, { status: 'waiting', retrying: false, progress: 0, error: null });
    this.#startWaitingUploads();
    this.#changed();
  }

  /**
   * Starts waiting uploads, first picked first, while fewer than MAX_RUNNING_UPLOADS run and no pause holds; after a
   * pause, one at a time until the server takes one.
   */
  #startWaitingUploads() {
    if (this.#uploadPause) return;
    const all = [...this.#uploadFiles.values()];
    let running = all.filter((held) => held.running).length;
    let probing = this.#uploadProbing && all.some((held) => held.probe);
    for (const [id, held] of this.#uploadFiles) {
      if (running >= MAX_RUNNING_UPLOADS || probing) return;
      const upload = this.uploadsOf(held.roomUuid).find((u) => u.id === id);
      if (upload?.status !== 'waiting') continue;
      this.#startUpload(held.roomUuid, upload, held);
      if (held.running) {
        running++;
        held.probe = probing = this.#uploadProbing;
      }
    }
  }

  #startUpload(roomUuid, upload, held) {
    Object.assign(upload, { status: 'uploading', retrying: false, progress: 0, error: null });
    if (!this.#online()) {
      Object.assign(upload, { status: 'failed', error: "You're offline. Uploads need a connection." });
      return;
    }
    const running = this.#api.upload(roomUuid, held.file, (fraction) => {
      upload.progress = fraction;
      this.#changed();
    });
    Object.assign(held, { running: true, abort: running.abort });
    const removed = () => this.#uploadFiles.get(upload.id) !== held; // cancelled: already gone from the list
    running.promise.then((answer) => {
      if (removed()) return;
      this.#uploadProbing = false; // the server takes uploads again: as many at once as usual
      Object.assign(upload, { status: 'done', progress: 1, attachment: attachmentView(answer) });
    }, (error) => {
      if (removed() || error?.code === 'aborted') return;
      const wait = error instanceof ApiError && error.status === 429 ? error.retryAfter : null;
      if (wait > 0 && wait <= MAX_AUTO_RETRY_SECONDS) {
        // Too many uploads just now (the rate, or too many at once): back in the queue, tried again by itself.
        Object.assign(upload, { status: 'waiting', retrying: true, progress: 0, error: null });
        this.#pauseUploads(wait * 1000 + Math.floor(this.#random() * RETRY_JITTER_MS));
      } else {
        Object.assign(upload, { status: 'failed', error: this.#uploadErrorText(error) });
      }
    }).finally(() => {
      held.running = false;
      held.probe = false;
      if (held.abort === running.abort) held.abort = null;
      this.#startWaitingUploads();
      this.#changed();
    });
  }

  /**
   * Starts no upload for `ms`: the server refused one for a while, and would refuse the others too (its limits are
   * the user's, not the file's). The newest answer is the server's latest word, so it replaces an earlier pause.
   */
  #pauseUploads(ms) {
    clearTimeout(this.#uploadPause);
    this.#uploadPause = setTimeout(() => {
      this.#uploadPause = 0;
      this.#uploadProbing = true;
      this.#startWaitingUploads();
      this.#changed();
    }, ms);
  }

  #uploadErrorText(error) {
    if (!(error instanceof ApiError) || error.status === 0) {
      return this.#online() ? "Can't reach the server." : "You're offline. Uploads need a connection.";
    }
    if (error.status === 413) return `Larger than ${formatBytes(this.state.limits.max_attachment_bytes)}.`;
    if (error.status === 429) {
      // A long Retry-After is the quota of files not sent yet: the server says what to do (send them, or wait).
      return error.retryAfter > 0 ? sentence(error.message) : 'Too many uploads just now. Try again in a moment.';
    }
    if (error.status === 403 || error.status === 404) return "You can't send files to this chat.";
    return error.message;
  }

  /** The longest message the server takes, in code points (its GET /api/limits/). */
  get maxContent() {
    return this.state.limits.max_content_length;
  }

  /** Replaces the text of my message `message` (the composer's Editing state); false if there is nothing to send. */
  edit(roomUuid, message, text) {
    const content = text.trim();
    if (!content || [...content].length > this.maxContent) return false;
    if (content === message.content) return true; // unchanged: nothing to tell anyone
    this.#enqueueAction(roomUuid, message, 'edit', { content });
    return true;
  }

  /** Deletes `message` for everyone (the caller asked first: it is final). */
  deleteMessage(roomUuid, message) {
    this.#enqueueAction(roomUuid, message, 'delete', {});
  }

  /** Sets my one reaction to `message` to `emoji`; null (or the emoji it already is) removes it. */
  react(roomUuid, message, emoji) {
    const mine = (message.reactions ?? []).find((r) => r.users.includes(this.state.me?.username))?.emoji ?? null;
    this.#enqueueAction(roomUuid, message, 'react', { emoji: emoji === mine ? null : emoji });
    if (emoji !== null && emoji !== mine) this.#usedEmoji([emoji]);
  }

  /** The composer picker's "Frequently used" row: the emoji I sent or reacted with most on this device. */
  frequentEmoji() {
    return frequentEmoji(parseCounts(this.#storage?.getItem(this.#emojiKey())));
  }

  #usedEmoji(emoji) {
    if (emoji.length === 0 || !this.state.me) return;
    try {
      const counts = parseCounts(this.#storage?.getItem(this.#emojiKey()));
      this.#storage?.setItem(this.#emojiKey(), JSON.stringify(counted(counts, emoji, this.#now())));
    } catch {
      // A full storage only costs the row its newest use.
    }
  }

  #emojiKey() {
    return `parley.emoji.${this.state.me?.username}`;
  }

  /**
   * Message actions queue in the outbox like sends: in order with them, the same client_id on every retry, kept
   * across reloads, sent when the connection is back. Until acked they show as done (selectors.withPendingActions).
   */
  #enqueueAction(roomUuid, message, action, fields) {
    if (!this.state.rooms.has(roomUuid) || message.seq == null) return;
    this.#enqueue({
      client_id: newClientId(), room_uuid: roomUuid, action, seq: message.seq, ...fields,
      created_at: new Date(this.#now()).toISOString(),
    });
  }

  #enqueue(item) {
    // It goes after every earlier item, paced (while earlier items wait for the rate limit, it waits behind them).
    this.state.outbox = [...this.state.outbox, item];
    this.#saveOutbox();
    this.#pump();
    this.#changed();
  }

  retry(clientId) {
    const item = this.state.outbox.find((i) => i.client_id === clientId);
    if (!item) return;
    Object.assign(item, { failed: false, error: null });
    this.#transmitted.delete(clientId);
    this.#saveOutbox();
    this.#pump();
    this.#changed();
  }

  /**
   * Sends an outbox item as its frame (false while not connected); an action remembers how far its message's updates
   * had got by then.
   */
  #transmitItem(item) {
    const { room_uuid: roomUuid, client_id: clientId, seq } = item;
    switch (item.action) {
      case 'edit':
      case 'delete':
      case 'react': {
        item.sent_rev = this.state.history.get(roomUuid)?.revs?.get(seq)?.rev ?? 0;
        const fields = item.action === 'edit' ? { content: item.content }
          : item.action === 'react' ? { emoji: item.emoji ?? null } : {};
        return this.#transmit({ type: item.action, room_uuid: roomUuid, seq, ...fields, client_id: clientId });
      }
      default:
        return this.#transmit({ type: 'send', room_uuid: roomUuid, content: item.content, client_id: clientId,
          ...(item.reply_to != null ? { reply_to: item.reply_to } : {}),
          ...(item.attachments?.length ? { attachments: item.attachments.map((a) => a.attachment_uuid) } : {}) });
    }
  }

  /** Called on every keystroke; sends at most one typing frame per room every two seconds. */
  typing(roomUuid) {
    if (this.state.rooms.get(roomUuid)?.member === false) return; // the server would refuse it
    const now = this.#now();
    if (now - (this.#lastTypingSent.get(roomUuid) ?? -Infinity) < TYPING_THROTTLE_MS) return;
    if (this.#transmit({ type: 'typing', room_uuid: roomUuid })) this.#lastTypingSent.set(roomUuid, now);
  }

  /** Marks the room read up to its newest message; the caller decides that the user can actually see it. */
  markRead(roomUuid) {
    const room = this.state.rooms.get(roomUuid);
    const self = room?.members.find((m) => m.username === this.state.me?.username);
    if (!self || room.member === false || (self.read_seq >= room.last_seq && room.unread_count === 0)) return;
    if (!this.#transmit({ type: 'read', room_uuid: roomUuid, seq: room.last_seq })) return;
    self.read_seq = Math.max(self.read_seq, room.last_seq);
    room.unread_count = 0;
    this.#changed();
  }

  /**
   * A failed call's notice. A write the server may have stored after all (`outcome_unknown`: its database connection
   * failed after the change was sent) also reloads the chat list, which then shows whether it was (a new group, a pin).
   */
  #failed(error) {
    this.showNotice(noticeText(error));
    if (error?.code === 'outcome_unknown') this.refreshRooms();
  }

  showNotice(text) {
    this.state.notice = text;
    clearTimeout(this.#noticeTimer);
    this.#noticeTimer = setTimeout(() => {
      this.state.notice = null;
      this.#changed();
    }, NOTICE_MS);
    this.#changed();
  }

  // --- drafts ---

  /** What I typed in the room and did not send yet ('' when nothing). */
  draft(roomUuid) {
    if (this.state.rooms.get(roomUuid)?.member === false) {
      // A group I was removed from or left: nothing typed there can be sent any more, so none of it is kept.
      if (this.state.drafts.has(roomUuid)) this.setDraft(roomUuid, '');
      return '';
    }
    return this.state.drafts.get(roomUuid) ?? '';
  }

  /**
   * Keeps what is typed in a room, across chat switches and reloads. No 'change' event: only other chats show a
   * draft (in the list), and switching chats renders anyway, so typing does not redraw the page per keystroke.
   */
  setDraft(roomUuid, text) {
    if (!roomUuid || !this.state.me) return;
    if (text.trim()) this.state.drafts.set(roomUuid, text);
    else this.state.drafts.delete(roomUuid);
    try {
      if (this.state.drafts.size === 0) this.#storage?.removeItem(this.#draftsKey());
      else this.#storage?.setItem(this.#draftsKey(), JSON.stringify(Object.fromEntries(this.state.drafts)));
    } catch {
      // A full storage only costs the draft its survival across a reload; the page still has it.
    }
  }

  #draftsKey() {
    return `parley.drafts.${this.state.me?.username}`;
  }

  #loadDrafts() {
    try {
      const drafts = JSON.parse(this.#storage?.getItem(this.#draftsKey()) ?? '{}');
      return new Map(Object.entries(drafts ?? {}).filter(([, text]) => typeof text === 'string'));
    } catch {
      return new Map(); // A corrupt entry is worth less than a working client.
    }
  }

  // --- plumbing ---

  #scheduleTypingExpiry() {
    clearTimeout(this.#typingTimer);
    if (this.state.typing.size === 0) return;
    const next = Math.min(...[...this.state.typing.values()].flat().map((t) => t.until));
    this.#typingTimer = setTimeout(() => {
      expireTyping(this.state, this.#now());
      this.#scheduleTypingExpiry();
      this.#changed();
    }, Math.max(0, next - this.#now()));
  }

  #outboxKey() {
    return `parley.outbox.${this.state.me?.username}`;
  }

  #loadOutbox() {
    try {
      const items = JSON.parse(this.#storage?.getItem(this.#outboxKey()) ?? '[]');
      return Array.isArray(items) ? items : [];
    } catch {
      return []; // A corrupt entry is worth less than a working client.
    }
  }

  #saveOutbox() {
    if (!this.state.me || !this.#storage) return;
    if (this.state.outbox.length === 0) this.#storage.removeItem(this.#outboxKey());
    else this.#storage.setItem(this.#outboxKey(), JSON.stringify(this.state.outbox));
  }

  #changed() {
    if (this.state.me && this.#storage && !this.#snapshotTimer) {
      this.#snapshotTimer = setTimeout(() => this.saveSnapshot(), SNAPSHOT_DELAY_MS);
    }
    this.dispatchEvent(new Event('change'));
  }
}
