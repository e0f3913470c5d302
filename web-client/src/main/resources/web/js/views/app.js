// The page shell: sign-in screen or the two-pane chat layout, plus the connection banner, the error line
// and the screen-reader announcements. Only this view decides what is shown; the others fill their region.

import { h, setAttr, setText } from '../dom.js';
import { connectionBanner, isGroup } from '../selectors.js';
import { createChatList } from './chatList.js';
import { runChatAction } from './chatMenu.js';
import { createChatSearch } from './chatSearch.js';
import { createConfirmDialog } from './confirmDialog.js';
import { createConversation } from './conversation.js';
import { createGroupInfo } from './groupInfo.js';
import { icon } from './icons.js';
import { createLoginView } from './login.js';
import { createMessageInfo } from './messageInfo.js';
import { createNewChat } from './newChat.js';
import { createNewGroup } from './newGroup.js';
import { createProfile } from './profile.js';

/**
 * `navigate(roomUuid | null)` changes the open chat through the URL; `onSent()` follows each send; `onRetry()` tries
 * the connection again at once (the banner's Retry now).
 */
export function createApp(store, { navigate, requestRender, onSent, onRetry }) {
  // The drawer over the chat list ('new-chat' | 'new-group' | 'profile' | null) and the panel beside the open chat
  // ({ type: 'group-info' | 'message-info' | 'search', roomUuid, messageUuid } | null): view state, not worth a store
  // field.
  let drawer = null;
  let panel = null;
  let panelOpener = null; // what had focus when the panel opened: it gets focus back when the panel closes
  // Focus moves in update(), once a drawer or panel is shown or hidden: a hidden element cannot take focus.
  const showDrawer = (next) => {
    if (next === drawer) return;
    drawer = next;
    if (next === 'new-chat') newChat.reset();
    if (next === 'new-group') newGroup.reset();
    if (next === 'profile') profile.reset();
    requestRender();
  };
  const showPanel = (next) => {
    if (!panel) panelOpener = document.activeElement;
    if (panel?.type === 'search' && next.type === 'search') chatSearch.focus(); // open already: back to its field
    panel = next;
    if (next.type !== 'search') store.refreshRoom(next.roomUuid); // members' presence and watermarks as they are now
    requestRender();
  };
  const closePanel = () => {
    panel = null;
    requestRender();
  };
  // Escape closes what is open wherever focus is (the panel, the open chat, nowhere), as WhatsApp's drawers do: the
  // drawer when focus is in the chat list's side (or nothing else is open), else the panel. An open dialog, menu or
  // field that handles Escape itself comes first.
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || event.defaultPrevented || document.querySelector('dialog[open]')) return;
    if (drawer && (sidebar.contains(document.activeElement) || !panel)) {
      event.preventDefault();
      showDrawer(null);
    } else if (panel) {
      event.preventDefault();
      closePanel();
    }
  });
  document.addEventListener('keydown', (event) => {
    if (!store.state.me || event.defaultPrevented || document.querySelector('dialog[open]')) return;
    const action = shortcut(event);
    if (!action) return;
    event.preventDefault();
    if (action === 'new-chat' || action === 'new-group') showDrawer(action);
    if (action === 'search') {
      showDrawer(null);
      chatList.focusFilter();
    }
    if (action === 'search-in-chat' && store.state.rooms.has(store.state.activeRoom)) {
      showPanel({ type: 'search', roomUuid: store.state.activeRoom });
    }
    if (action === 'emoji') conversation.toggleEmoji();
    if (action === 'toggle-read') {
      // The chat whose row has focus in the list, else the open one: marked unread, or read when it has anything
      // unread (as its menu's one "Mark as read" / "Mark as unread" item).
      const uuid = document.activeElement?.closest?.('[data-testid=chat-item]')?.dataset.room ?? store.state.activeRoom;
      const room = store.state.rooms.get(uuid);
      if (room) runChatAction(store, confirm, room, room.unread_count > 0 || room.marked_unread ? 'read' : 'unread');
    }
    if (action === 'next-chat' || action === 'previous-chat') {
      const next = chatList.adjacentRoom(store.state.activeRoom, action === 'next-chat' ? 1 : -1);
      if (next) navigate(next);
    }
  });

  const confirm = createConfirmDialog();
  const askExit = (roomUuid) => {
    const room = store.state.rooms.get(roomUuid);
    if (!room) return;
    confirm.ask({
      question: ['Exit "', h('bdi', {}, room.room_name), '"?'],
      detail: "You won't get this group's messages any more. What was said while you were in it stays here.",
      label: 'Exit group',
      confirm: async () => {
        // The Exit buttons go once I am out, taking focus with them: the keyboard carries on from the group's row
        // in the chat list (it stays there, readable), else from what the screen still shows.
        if (!(await store.leaveGroup(roomUuid))) return;
        if (chatList.focusRoom(roomUuid)) return;
        if (panel?.type === 'group-info') groupInfo.focus();
        else conversation.focusGroupInfoButton();
      },
    });
  };
  const login = createLoginView(store);
  /**
   * Opens a message found by a search: its chat, scrolled to it with the history around it loaded, the message
   * highlighted and focused. From the panel over a narrow screen's conversation, the panel closes to show it.
   */
  const openResult = async (hit, { inPanel = false } = {}) => {
    const roomUuid = hit.room.room_uuid;
    if (!store.state.rooms.has(roomUuid)) await store.refreshRooms(); // a chat that began after the list was read
    if (!store.state.rooms.has(roomUuid)) {
      store.showNotice('This chat is no longer available.');
      return;
    }
    if (inPanel && chatSearch.covers()) closePanel();
    conversation.reveal(roomUuid, hit.message.seq, store.loadAround(roomUuid, hit.message.seq));
    navigate(roomUuid);
    requestRender();
  };
  const chatList = createChatList(store, {
    onOpen: navigate, onNewChat: () => showDrawer('new-chat'), onOpenResult: (hit) => openResult(hit),
    onProfile: () => showDrawer('profile'), requestRender, confirm,
  });
  const newChat = createNewChat(store, {
    onStart: async (username) => {
      const roomUuid = await store.startChat(username);
      if (!roomUuid) return;
      showDrawer(null);
      navigate(roomUuid);
    },
    onNewGroup: () => showDrawer('new-group'),
    onClose: () => showDrawer(null),
  });
  const newGroup = createNewGroup(store, {
    onCreate: async (name, usernames) => {
      const roomUuid = await store.createGroup(name, usernames);
      if (!roomUuid) return false;
      showDrawer(null);
      navigate(roomUuid);
      return true;
    },
    onClose: () => showDrawer(null),
  });
  const conversation = createConversation(store, {
    onBack: () => navigate(null),
    onSent,
    onGroupInfo: () => showPanel({ type: 'group-info', roomUuid: store.state.activeRoom }),
    onMessageInfo: (messageUuid) => showPanel({ type: 'message-info', roomUuid: store.state.activeRoom, messageUuid }),
    onExitGroup: () => askExit(store.state.activeRoom),
    onSearch: () => showPanel({ type: 'search', roomUuid: store.state.activeRoom }),
    confirm,
    requestRender,
    panelOpen: () => shown.panel !== null,
  });
  const chatSearch = createChatSearch(store, {
    onOpen: (hit) => openResult(hit, { inPanel: true }), onClose: closePanel, requestRender,
  });
  const groupInfo = createGroupInfo(store, {
    onClose: closePanel, confirm, onExit: () => askExit(store.state.activeRoom),
  });
  const messageInfo = createMessageInfo({ onClose: closePanel });
  const profile = createProfile(store, { onClose: () => showDrawer(null), confirm });

  // Only the reason is a live region: a countdown read out every second would drown everything else.
  const bannerReason = h('span', { class: 'banner-reason', 'data-testid': 'connection-reason', role: 'status' });
  const bannerProgress = h('span', { class: 'banner-progress', 'data-testid': 'connection-progress' });
  const retryNow = h('button', {
    type: 'button', class: 'banner-retry', 'data-testid': 'connection-retry', on: { click: () => onRetry() },
  }, 'Retry now');
  const banner = h('div', { class: 'connection-banner', 'data-testid': 'connection-banner', hidden: true },
    bannerReason, bannerProgress, retryNow);
  let bannerTick = 0; // the render that moves the countdown on by a second
  const notice = h('div', { class: 'notice', 'data-testid': 'notice', role: 'alert', hidden: true });
  const live = h('div', { class: 'visually-hidden', 'aria-live': 'polite', 'data-testid': 'live-region' });
  const intro = h('section', { class: 'intro', 'data-testid': 'intro' },
    h('div', { class: 'intro-logo', 'aria-hidden': 'true' }, icon('chat')),
    h('h2', {}, 'Parley Web'),
    h('p', {}, 'Send and receive messages right here. Pick a chat on the left, or start a new one.'));
  const sidebar = h('aside', { class: 'sidebar' }, chatList.el, newChat.el, newGroup.el, profile.el);
  const mainPane = h('div', { class: 'main-pane' }, conversation.el, intro, groupInfo.el, messageInfo.el,
    chatSearch.el);
  const layout = h('div', { class: 'layout', 'data-testid': 'chat-screen' }, sidebar, mainPane);
  const el = h('div', { class: 'app' }, banner, login.el, layout, notice, live, confirm.el);

  let shown = { signedIn: null, room: null, drawer: null, panel: null };
  let shownMessage = null; // the message whose info shows

  /** Shows the panel for the open room, if one is open and still makes sense; returns which one shows. */
  function updatePanel(state, room) {
    if (panel && panel.roomUuid !== room) panel = null; // another chat: its panel is not this one's
    const open = panel && state.rooms.get(room);
    let showing = null;
    if (panel?.type === 'group-info' && isGroup(open)) {
      groupInfo.update(state, open);
      showing = 'group-info';
    } else if (panel?.type === 'message-info') {
      const message = state.history.get(room)?.messages.find((m) => m.message_uuid === panel.messageUuid);
      if (message) {
        messageInfo.update(open, message, state.me.username);
        showing = 'message-info';
      }
    } else if (panel?.type === 'search' && open) {
      chatSearch.update(state, room);
      showing = 'search';
    }
    groupInfo.el.hidden = showing !== 'group-info';
    messageInfo.el.hidden = showing !== 'message-info';
    if (showing !== 'search' && !chatSearch.el.hidden) chatSearch.reset(); // closed: it opens empty next time
    chatSearch.el.hidden = showing !== 'search';
    mainPane.classList.toggle('panel-open', showing !== null);
    return showing;
  }

  return {
    el,
    update(state, now = Date.now()) {
      const signedIn = Boolean(state.me);
      login.el.hidden = !state.booted || signedIn;
      layout.hidden = !signedIn;

      const shownBanner = connectionBanner(state, now);
      banner.hidden = !shownBanner;
      setText(bannerReason, shownBanner?.reason ?? null);
      bannerReason.hidden = !shownBanner?.reason;
      setText(bannerProgress, shownBanner?.progress ?? null);
      retryNow.hidden = !shownBanner?.retry;
      setAttr(banner, 'data-state', state.connection);
      clearTimeout(bannerTick);
      // The countdown's next whole second, so "Retrying in 4s…" becomes "3s…" on time.
      if (shownBanner && state.retryAt > now) {
        bannerTick = setTimeout(requestRender, ((state.retryAt - now) % 1000 || 1000) + 5);
      }
      setText(notice, state.notice);
      notice.hidden = !state.notice;

      if (!signedIn) {
        drawer = null;
        panel = null;
        login.update(state);
        if (shown.signedIn !== false && state.booted) login.focus();
        shown = { signedIn: state.booted ? false : null, room: null, drawer: null, panel: null };
        return;
      }
      const room = state.rooms.has(state.activeRoom) ? state.activeRoom : null;
      layout.classList.toggle('chat-open', room !== null);
      chatList.el.hidden = drawer !== null;
      newChat.el.hidden = drawer !== 'new-chat';
      newGroup.el.hidden = drawer !== 'new-group';
      profile.el.hidden = drawer !== 'profile';
      chatList.update(state, now);
      if (drawer === 'new-chat') newChat.update(state);
      if (drawer === 'new-group') newGroup.update(state);
      if (drawer === 'profile') profile.update(state);
      conversation.el.hidden = room === null;
      intro.hidden = room !== null;
      if (room) conversation.update(state, now);
      else conversation.close();
      const showing = room ? updatePanel(state, room) : updatePanel(state, null);
      if (drawer === 'new-chat' && shown.drawer !== 'new-chat') newChat.focus();
      if (drawer === 'new-group' && shown.drawer !== 'new-group') newGroup.focus();
      if (drawer === 'profile' && shown.drawer !== 'profile') profile.focus();
      // Closing hands focus back to the button that opened the drawer, unless the user already put it elsewhere.
      const focusLost = (inside) => !document.activeElement || document.activeElement === document.body
        || inside.some((part) => part.contains(document.activeElement));
      if (!drawer && shown.drawer === 'profile' && focusLost([profile.el])) chatList.focusProfile();
      else if (!drawer && shown.drawer && focusLost([newChat.el, newGroup.el])) chatList.focusNewChat();
      const panels = { 'group-info': groupInfo, 'message-info': messageInfo, search: chatSearch };
      if (showing && showing !== shown.panel) panels[showing].focus();
      if (room && room === shown.room && !showing && shown.panel
          && focusLost([groupInfo.el, messageInfo.el, chatSearch.el])) {
        // The opener may have been redrawn meanwhile (a message's ticks changed): then its new copy gets focus.
        if (panelOpener?.isConnected && panelOpener.checkVisibility()) panelOpener.focus();
        else if (shown.panel === 'message-info') conversation.focusMessageInfoButton(shownMessage);
        else if (shown.panel === 'search') conversation.focusSearchButton();
        else conversation.focusGroupInfoButton();
      }
      // A chat opened for a search result gives focus to that message (applyReveal), not to the composer.
      if (room && room !== shown.room && !conversation.revealing()) conversation.focusComposer();
      // Right after signing in (or a reload that finds the session) the cursor waits in the chat search.
      else if (!room && shown.signedIn !== true) chatList.focusFilter();
      // The chat closed (Back on a phone, the browser's back) with focus in it: the keyboard carries on in the list,
      // from the message found that was opened, or the chat's row.
      else if (!room && shown.room && !drawer && focusLost([mainPane])) chatList.focusReturn(shown.room);
      shown = { signedIn: true, room, drawer, panel: showing };
      shownMessage = showing === 'message-info' ? panel.messageUuid : null;
      if (room) conversation.applyReveal(state);
    },
    /** Reads a line to screen-reader users without moving their focus. */
    announce(text) {
      live.textContent = text;
    },
  };
}

/**
 * WhatsApp Web's shortcuts, matched on the physical key (`code`: with Alt held, `key` differs by layout and OS).
 * Ctrl+Alt+Tab is often taken by the system, so Alt+ArrowDown / Alt+ArrowUp (and Ctrl+Alt+Shift+] / [) walk the chats
 * too.
 */
function shortcut(event) {
  const ctrlAlt = event.ctrlKey && event.altKey && !event.metaKey;
  if (ctrlAlt && !event.shiftKey && event.code === 'KeyN') return 'new-chat';
  if (ctrlAlt && event.shiftKey && event.code === 'KeyN') return 'new-group';
  if (ctrlAlt && !event.shiftKey && event.code === 'Slash') return 'search';
  if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.code === 'KeyK') return 'search';
  // Ctrl+F stays the browser's find; Ctrl+Shift+F (the desktop client's key for it) searches the open chat.
  if (event.ctrlKey && event.shiftKey && !event.altKey && !event.metaKey && event.code === 'KeyF') return 'search-in-chat';
  if (ctrlAlt && event.code === 'Tab') return event.shiftKey ? 'previous-chat' : 'next-chat';
  // WhatsApp Desktop's Ctrl+Shift+] and [, with Alt as WhatsApp Web adds it.
  if (ctrlAlt && event.shiftKey && event.code === 'BracketRight') return 'next-chat';
  if (ctrlAlt && event.shiftKey && event.code === 'BracketLeft') return 'previous-chat';
  // AltGr is Ctrl+Alt to the browser on Windows: AltGr+E types € on many layouts and must not open the picker.
  if (ctrlAlt && !event.shiftKey && event.code === 'KeyE' && !event.getModifierState?.('AltGraph')) return 'emoji';
  if (ctrlAlt && event.shiftKey && event.code === 'KeyU') return 'toggle-read';
  const altOnly = event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey;
  if (altOnly && event.code === 'ArrowDown') return 'next-chat';
  if (altOnly && event.code === 'ArrowUp') return 'previous-chat';
  return null;
}
