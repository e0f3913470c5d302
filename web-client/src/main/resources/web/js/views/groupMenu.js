// The "⋮" menu of a group's conversation header: Group info, and Exit group while I am a member.

import { arrowNavigation, h, setAttr } from '../dom.js';
import { icon } from './icons.js';

/**
 * `onInfo()` opens the group info panel, `onExit()` asks whether to leave; `extra` (optional) holds more menu items
 * shown below them (my settings of the chat), and a pick among them closes the menu.
 */
export function createGroupMenu({ onInfo, onExit, extra = null }) {
  const infoItem = h('button', {
    type: 'button', class: 'menu-item plain', role: 'menuitem', 'data-testid': 'group-info-menu-item',
    on: { click: () => { close(); onInfo(); } },
  }, icon('info'), h('span', {}, 'Group info'));
  const exitItem = h('button', {
    type: 'button', class: 'menu-item', role: 'menuitem', 'data-testid': 'exit-group-menu-item',
    on: { click: () => { close(); onExit(); } },
  }, icon('signOut'), h('span', {}, 'Exit group'));
  const menu = h('div', { class: 'menu', role: 'menu', 'data-testid': 'group-menu', hidden: true }, infoItem, exitItem,
    extra);
  extra?.addEventListener('click', (event) => {
    if (event.target.closest('[role="menuitem"]')) { close(); button.focus(); }
  });
  arrowNavigation(menu, '[role="menuitem"]:not([hidden])');
  const button = h('button', {
    type: 'button', class: 'icon-btn', 'data-testid': 'group-menu-button', 'aria-label': 'Group menu',
    'aria-haspopup': 'menu', 'aria-expanded': 'false', title: 'Menu',
    on: { click: () => (menu.hidden ? open() : close()) },
  }, icon('more'));
  const el = h('div', {
    class: 'menu-anchor',
    on: {
      focusout: (event) => { if (!el.contains(event.relatedTarget)) close(); },
      keydown: (event) => {
        if (event.key === 'Escape' && !menu.hidden) {
          event.preventDefault(); // closes the menu only, not the panel behind it
          close();
          button.focus();
        }
      },
    },
  }, button, menu);

  function open() {
    menu.hidden = false;
    setAttr(button, 'aria-expanded', 'true');
    infoItem.focus();
  }

  function close() {
    menu.hidden = true;
    setAttr(button, 'aria-expanded', 'false');
  }

  return {
    el,
    /** Exit group is offered only while I am a member. */
    update(member) {
      exitItem.hidden = !member;
    },
  };
}
