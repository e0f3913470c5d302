// The app shell: every file the page needs to start, cached by the service worker (sw.js) so that a reload while
// the server is down still shows Parley, which then waits for the server by itself. A test checks that every file
// of the web client is listed here.

export const CACHE = 'parley-shell-v1';

export const SHELL = [
  '/',
  '/css/app.css',
  '/img/icon.svg',
  '/js/api.js',
  '/js/attachments.js',
  '/js/devices.js',
  '/js/dom.js',
  '/js/emoji.js',
  '/js/errorText.js',
  '/js/format.js',
  '/js/frequentEmoji.js',
  '/js/limits.js',
  '/js/main.js',
  '/js/pacing.js',
  '/js/profile.js',
  '/js/richText.js',
  '/js/search.js',
  '/js/selectors.js',
  '/js/shell.js',
  '/js/snapshot.js',
  '/js/socket.js',
  '/js/state.js',
  '/js/store.js',
  '/js/views/app.js',
  '/js/views/avatar.js',
  '/js/views/blockControls.js',
  '/js/views/chatList.js',
  '/js/views/chatMenu.js',
  '/js/views/chatSearch.js',
  '/js/views/composer.js',
  '/js/views/confirmDialog.js',
  '/js/views/conversation.js',
  '/js/views/emojiPicker.js',
  '/js/views/groupInfo.js',
  '/js/views/groupMenu.js',
  '/js/views/icons.js',
  '/js/views/login.js',
  '/js/views/memberPicker.js',
  '/js/views/messageInfo.js',
  '/js/views/messageMenu.js',
  '/js/views/messageRows.js',
  '/js/views/newChat.js',
  '/js/views/newGroup.js',
  '/js/views/photoViewer.js',
  '/js/views/profile.js',
  '/js/views/searchResults.js',
];

/** Whether the service worker answers this request (same origin, a GET of a file; never the API or the socket). */
export function isShellRequest(method, url, origin) {
  if (method !== 'GET' || url.origin !== origin) return false;
  return !['/api/', '/ws', '/observe'].some((prefix) => url.pathname.startsWith(prefix));
}
