// Composition root: builds the API client, the store, the socket and the views, and wires them together.
// Everything browser-global (focus, visibility, the URL, notifications, the tab title) is handled here.

import { createApi } from './api.js';
import { attachmentPreview } from './attachments.js';
import { memberName, totalUnread } from './selectors.js';
import { isMuted } from './state.js';
import { ChatSocket } from './socket.js';
import { Store } from './store.js';
import { createApp } from './views/app.js';

const NOTIFICATIONS_ASKED = 'parley.notifications-asked';
const CLOCK_TICK_MS = 30_000;

const storage = availableStorage();
const store = new Store({ api: createApi(), storage });
const socket = new ChatSocket();
store.useTransport((frame) => socket.send(frame));

const app = createApp(store, {
  navigate, requestRender, onSent: askForNotificationsOnce, onRetry: () => socket.retryNow(),
});
document.body.append(app.el);

socket.addEventListener('status', (event) => store.setConnection(event.detail));
socket.addEventListener('retry', (event) => store.setRetryAt(event.detail));
socket.addEventListener('open', () => store.connected());
// The banner says why the connection is down: no network at all, or a server out of reach.
store.setNetworkOnline(navigator.onLine);
for (const type of ['online', 'offline']) window.addEventListener(type, () => store.setNetworkOnline(navigator.onLine));
socket.addEventListener('frame', (event) => store.handleFrame(event.detail));
// A socket that never opened: an ended session signs out; a busy server's wait puts the next attempt off.
socket.addEventListener('refused', async () => socket.retryAfter(await store.checkSession()));

store.addEventListener('change', requestRender);
// The chats as they are now, for a reload while the server cannot be reached (written a moment after each change, and
// at once when the page goes away or out of sight).
window.addEventListener('pagehide', () => store.saveSnapshot());
document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && store.saveSnapshot());

// The app shell works offline (sw.js): a reload during an outage shows the app, which reconnects by itself.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js', { type: 'module' }).catch(() => {
    // Not fatal: without it a reload during an outage shows the browser's error page, as before.
  });
}
store.addEventListener('session', () => {
  if (store.state.me) {
    socket.start();
    store.openRoom(roomFromUrl());
  } else {
    socket.stop();
  }
});
store.addEventListener('incoming', (event) => {
  const message = event.detail;
  const room = store.state.rooms.get(message.room_uuid);
  const group = room?.kind === 'group' ? room.room_name : null;
  if (isMuted(room)) return; // a muted chat neither notifies nor announces
  const sender = memberName(room, message.user); // their display name where set
  app.announce(`New message from ${sender}${group ? ` in ${group}` : ''}: ${message.content}`);
  notify(message, group, sender);
});

window.addEventListener('hashchange', () => store.openRoom(roomFromUrl()));
// Reads are only sent while the user can see the chat: coming back to the tab is when they become due.
window.addEventListener('focus', markVisibleRoomRead);
document.addEventListener('visibilitychange', markVisibleRoomRead);
// "Today" becomes "Yesterday" and "last seen" times age without any frame arriving.
setInterval(requestRender, CLOCK_TICK_MS);

store.boot();

let renderQueued = false;

/** Coalesces the many changes of one task (a burst of synced frames) into a single render. */
function requestRender() {
  if (renderQueued) return;
  renderQueued = true;
  queueMicrotask(() => {
    renderQueued = false;
    app.update(store.state);
    const unread = totalUnread(store.state);
    document.title = unread > 0 ? `(${unread}) Parley` : 'Parley';
    markVisibleRoomRead();
  });
}

function markVisibleRoomRead() {
  const roomUuid = store.state.activeRoom;
  if (roomUuid && document.visibilityState === 'visible' && document.hasFocus()) store.markRead(roomUuid);
}

/** The open chat lives in the URL (#/chat/<uuid>), so reload keeps it and the phone's back button closes it. */
function roomFromUrl() {
  return /^#\/chat\/([0-9a-f-]{36})$/.exec(window.location.hash)?.[1] ?? null;
}

/**
 * Opens the chat at once, and in the URL: the hashchange that follows comes a task later and opens it again (which
 * changes nothing). Waiting for it left the store on the chat before meanwhile, so a second Alt+↓ pressed before it
 * fired counted from the old chat and opened the first one again.
 */
function navigate(roomUuid) {
  const hash = roomUuid ? `#/chat/${roomUuid}` : '#/';
  if (window.location.hash !== hash) window.location.hash = hash;
  store.openRoom(roomUuid);
}

/** Asked once, right after the user's first send (a gesture, and a moment where the request makes sense). */
function askForNotificationsOnce() {
  if (!('Notification' in window) || Notification.permission !== 'default') return;
  if (storage?.getItem(NOTIFICATIONS_ASKED)) return;
  storage?.setItem(NOTIFICATIONS_ASKED, 'true');
  Notification.requestPermission().catch(() => {});
}

/**
 * A message's notification: from the person (`sender`, as the chat names them), or in a group titled with the group
 * and the body "Alice: hi".
 */
function notify(message, group, sender) {
  if (document.visibilityState !== 'hidden' || !('Notification' in window) || Notification.permission !== 'granted') return;
  const text = attachmentPreview(message) ?? message.content; // "📷 Photo", not an empty line
  const notification = new Notification(group ?? sender, {
    body: group ? `${sender}: ${text}` : text, tag: message.room_uuid,
  });
  notification.addEventListener('click', () => {
    window.focus();
    navigate(message.room_uuid);
    notification.close();
  });
}

/** localStorage, or null where the browser forbids it (some private modes): the client then works without it. */
function availableStorage() {
  try {
    window.localStorage.setItem('parley.probe', '1');
    window.localStorage.removeItem('parley.probe');
    return window.localStorage;
  } catch {
    return null;
  }
}
