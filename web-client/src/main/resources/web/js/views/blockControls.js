// Blocking from a chat: the header's menu (Block / Unblock, each confirmed in a dialog) and the notice that
// replaces a usable composer while the other person is blocked.

import { arrowNavigation, h, setAttr, setText } from '../dom.js';
import { icon } from './icons.js';

/**
 * The "⋮" menu of the conversation header, its confirmation dialog, and the blocked notice; `extra` (optional) holds
 * more menu items shown below Block (my settings of the chat), and a pick among them closes the menu.
 */
export function createBlockControls(store, extra = null) {
  let partner = null; // the username blocks are made by
  let partnerName = null; // what the chat calls them: their display name where set
  let blocked = false;

  const menuItem = h('button', {
    type: 'button', class: 'menu-item', role: 'menuitem', 'data-testid': 'block-menu-item',
    on: { click: () => { closeMenu(); confirm(); } },
  }, icon('block'), h('span', {}));
  const menu = h('div', { class: 'menu', role: 'menu', 'data-testid': 'chat-menu', hidden: true }, menuItem, extra);
  arrowNavigation(menu, '[role="menuitem"]:not([hidden])');
  extra?.addEventListener('click', (event) => {
    if (event.target.closest('[role="menuitem"]')) { closeMenu(); menuButton.focus(); }
  });
  const menuButton = h('button', {
    type: 'button', class: 'icon-btn', 'data-testid': 'chat-menu-button', 'aria-label': 'Chat menu',
    'aria-haspopup': 'menu', 'aria-expanded': 'false', title: 'Menu',
    on: { click: () => (menu.hidden ? openMenu() : closeMenu()) },
  }, icon('more'));
  const menuEl = h('div', {
    class: 'menu-anchor',
    on: {
      focusout: (event) => { if (!menuEl.contains(event.relatedTarget)) closeMenu(); },
      keydown: (event) => {
        if (event.key === 'Escape' && !menu.hidden) {
          event.preventDefault(); // closes the menu only
          closeMenu();
          menuButton.focus();
        }
      },
    },
  }, menuButton, menu);

  const dialogTitle = h('h2', { class: 'dialog-title', id: 'block-dialog-title' });
  const dialogText = h('p', { class: 'dialog-text' });
  const confirmButton = h('button', {
    type: 'button', class: 'dialog-btn primary', 'data-testid': 'block-confirm',
    on: { click: () => { dialog.close(); change(!blocked); } },
  });
  const dialog = h('dialog', {
    class: 'confirm-dialog', 'data-testid': 'block-dialog', 'aria-labelledby': 'block-dialog-title',
  }, dialogTitle, dialogText, h('div', { class: 'dialog-actions' },
    h('button', {
      type: 'button', class: 'dialog-btn', 'data-testid': 'block-cancel', on: { click: () => dialog.close() },
    }, 'Cancel'),
    confirmButton));

  const noticeText = h('span', { 'data-testid': 'blocked-text' });
  const notice = h('div', { class: 'blocked-notice', 'data-testid': 'blocked-notice', role: 'status', hidden: true },
    noticeText,
    h('button', {
      type: 'button', class: 'dialog-btn primary', 'data-testid': 'blocked-unblock', on: { click: () => change(false) },
    }, 'Unblock'));

  function openMenu() {
    menu.hidden = false;
    setAttr(menuButton, 'aria-expanded', 'true');
    menuItem.focus();
  }

  function closeMenu() {
    menu.hidden = true;
    setAttr(menuButton, 'aria-expanded', 'false');
  }

  function confirm() {
    setText(dialogTitle, blocked ? `Unblock ${partnerName}?` : `Block ${partnerName}?`);
    setText(dialogText, blocked
      ? `${partnerName} will be able to message you and see when you're online again.`
      : `${partnerName} won't be able to message you, start a chat with you or see when you're online. `
        + 'You can still read this chat.');
    setText(confirmButton, blocked ? 'Unblock' : 'Block');
    dialog.showModal();
  }

  function change(block) {
    if (partner) (block ? store.block(partner) : store.unblock(partner));
  }

  return {
    menu: menuEl,
    dialog,
    notice,
    /**
     * Shows the state for the chat with `username` (null: a group, nothing to show), naming them `name` (their
     * display name, else the username); returns whether they are blocked.
     */
    update(state, username, name = username) {
      partner = username;
      partnerName = name;
      if (username === null) {
        notice.hidden = true;
        return false;
      }
      blocked = state.blocked.has(username);
      setText(menuItem.lastElementChild, blocked ? `Unblock ${name}` : `Block ${name}`);
      setText(noticeText, `You blocked ${name}. Unblock to send a message.`);
      notice.hidden = !blocked;
      return blocked;
    },
  };
}
