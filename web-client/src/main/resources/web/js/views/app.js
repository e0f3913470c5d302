// The page shell: sign-in screen or the two-pane chat layout, plus the connection banner, the error line
// and the screen-reader announcements. Only this view decides what is shown; the others fill their region.

import { h, setAttr, setText } from '../dom.js';
import { createChatList } from './chatList.js';
import { createConversation } from './conversation.js';
import { icon } from './icons.js';
import { createLoginView } from './login.js';
import { createNewChat } from './newChat.js';

const BANNER_TEXT = { connecting: 'Connecting…', reconnecting: 'Reconnecting…' };

/** `navigate(roomUuid | null)` changes the open chat through the URL; `onSent()` follows each send. */
export function createApp(store, { navigate, requestRender, onSent }) {
  let newChatOpen = false;
  // Focus moves in update(), once the panel is shown or hidden: a hidden element cannot take focus.
  const showNewChat = (open) => {
    if (open === newChatOpen) return;
    newChatOpen = open;
    if (open) newChat.reset();
    requestRender();
  };
  // Escape closes New chat wherever focus is (the panel, the open chat, nowhere), as WhatsApp's drawer does.
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && newChatOpen && !event.defaultPrevented) {
      event.preventDefault();
      showNewChat(false);
    }
  });
  document.addEventListener('keydown', (event) => {
    if (!store.state.me || event.defaultPrevented || document.querySelector('dialog[open]')) return;
    const action = shortcut(event);
    if (!action) return;
    event.preventDefault();
    if (action === 'new-chat') showNewChat(true);
    if (action === 'search') {
      showNewChat(false);
      chatList.focusFilter();
    }
    if (action === 'next-chat' || action === 'previous-chat') {
      const next = chatList.adjacentRoom(store.state.activeRoom, action === 'next-chat' ? 1 : -1);
      if (next) navigate(next);
    }
  });

  const login = createLoginView(store);
  const chatList = createChatList(store, { onOpen: navigate, onNewChat: () => showNewChat(true), requestRender });
  const newChat = createNewChat(store, {
    onStart: async (username) => {
      const roomUuid = await store.startChat(username);
      if (!roomUuid) return;
      showNewChat(false);
      navigate(roomUuid);
    },
    onClose: () => showNewChat(false),
  });
  const conversation = createConversation(store, { onBack: () => navigate(null), onSent });

  const banner = h('div', { class: 'connection-banner', 'data-testid': 'connection-banner', role: 'status', hidden: true });
  const notice = h('div', { class: 'notice', 'data-testid': 'notice', role: 'alert', hidden: true });
  const live = h('div', { class: 'visually-hidden', 'aria-live': 'polite', 'data-testid': 'live-region' });
  const intro = h('section', { class: 'intro', 'data-testid': 'intro' },
    h('div', { class: 'intro-logo', 'aria-hidden': 'true' }, icon('chat')),
    h('h2', {}, 'Parley Web'),
    h('p', {}, 'Send and receive messages right here. Pick a chat on the left, or start a new one.'));
  const sidebar = h('aside', { class: 'sidebar' }, chatList.el, newChat.el);
  const mainPane = h('div', { class: 'main-pane' }, conversation.el, intro);
  const layout = h('div', { class: 'layout', 'data-testid': 'chat-screen' }, sidebar, mainPane);
  const el = h('div', { class: 'app' }, banner, login.el, layout, notice, live);

  let shown = { signedIn: null, room: null, newChat: false };

  return {
    el,
    update(state, now = Date.now()) {
      const signedIn = Boolean(state.me);
      login.el.hidden = !state.booted || signedIn;
      layout.hidden = !signedIn;

      const bannerText = signedIn ? BANNER_TEXT[state.connection] : null;
      setText(banner, bannerText);
      banner.hidden = !bannerText;
      setAttr(banner, 'data-state', state.connection);
      setText(notice, state.notice);
      notice.hidden = !state.notice;

      if (!signedIn) {
        newChatOpen = false;
        login.update(state);
        if (shown.signedIn !== false && state.booted) login.focus();
        shown = { signedIn: state.booted ? false : null, room: null, newChat: false };
        return;
      }
      const room = state.rooms.has(state.activeRoom) ? state.activeRoom : null;
      layout.classList.toggle('chat-open', room !== null);
      sidebar.classList.toggle('new-chat-open', newChatOpen);
      chatList.el.hidden = newChatOpen;
      newChat.el.hidden = !newChatOpen;
      chatList.update(state, now);
      if (newChatOpen) newChat.update(state);
      conversation.el.hidden = room === null;
      intro.hidden = room !== null;
      if (room) conversation.update(state, now);
      if (newChatOpen && !shown.newChat) newChat.focus();
      // Closing hands focus back to the button that opened the panel, unless the user already put it elsewhere.
      const focusLost = !document.activeElement || document.activeElement === document.body
        || newChat.el.contains(document.activeElement);
      if (!newChatOpen && shown.newChat && focusLost) chatList.focusNewChat();
      if (room && room !== shown.room) conversation.focusComposer();
      // Right after signing in (or a reload that finds the session) the cursor waits in the chat search.
      else if (!room && shown.signedIn !== true) chatList.focusFilter();
      shown = { signedIn: true, room, newChat: newChatOpen };
    },
    /** Reads a line to screen-reader users without moving their focus. */
    announce(text) {
      live.textContent = text;
    },
  };
}

/**
 * WhatsApp Web's shortcuts, matched on the physical key (`code`: with Alt held, `key` differs by layout and OS).
 * Ctrl+Alt+Tab is often taken by the system, so Alt+ArrowDown / Alt+ArrowUp walk the chats too.
 */
function shortcut(event) {
  const ctrlAlt = event.ctrlKey && event.altKey && !event.metaKey;
  if (ctrlAlt && !event.shiftKey && event.code === 'KeyN') return 'new-chat';
  if (ctrlAlt && !event.shiftKey && event.code === 'Slash') return 'search';
  if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.code === 'KeyK') return 'search';
  if (ctrlAlt && event.code === 'Tab') return event.shiftKey ? 'previous-chat' : 'next-chat';
  const altOnly = event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey;
  if (altOnly && event.code === 'ArrowDown') return 'next-chat';
  if (altOnly && event.code === 'ArrowUp') return 'previous-chat';
  return null;
}
