// The group info panel (right of the conversation, the whole screen on a phone): the group's avatar, name and
// member count; its members with their roles and online state; and what I may do: rename, add, make or dismiss
// admins and remove (admins and the owner), exit (any member). Former members see who is in it, and nothing to do.

import { arrowNavigation, h, reconcile, replaceChildren, setAttr, setText } from '../dom.js';
import { lastSeen } from '../format.js';
import { groupNameError } from '../limits.js';
import { canManage, myRole, shownName } from '../selectors.js';
import { avatar, groupAvatar } from './avatar.js';
import { icon } from './icons.js';
import { createMemberPicker } from './memberPicker.js';

const ROLE_ORDER = { owner: 0, admin: 1, member: 2 };
const ROLE_LABEL = { owner: 'Group owner', admin: 'Group admin' };

/** `onClose()` closes the panel; `confirm` asks before removing someone; `onExit()` asks whether to leave. */
export function createGroupInfo(store, { onClose, confirm, onExit }) {
  /** Whose row takes the focus back when it is next drawn (after a role change from its menu). */
  let refocus = null;
  let room = null;
  let me = null;
  let mode = 'view'; // 'view' | 'rename' | 'add'
  let seen = new Set(); // the members this panel has shown since it opened on this group

  const close = h('button', {
    type: 'button', class: 'icon-btn', 'data-testid': 'group-info-close', 'aria-label': 'Close group info',
    title: 'Close', on: { click: () => onClose() },
  }, icon('close'));
  const bigAvatar = h('div', { class: 'info-avatar' });
  const name = h('h3', { class: 'info-name', 'data-testid': 'group-info-name' });
  const renameButton = h('button', {
    type: 'button', class: 'icon-btn', 'data-testid': 'group-rename', 'aria-label': 'Rename group', title: 'Rename group',
    on: { click: () => setMode('rename') },
  }, icon('edit'));
  const count = h('p', { class: 'info-count', 'data-testid': 'group-info-count' });

  const renameInput = h('input', {
    type: 'text', class: 'text-input', 'data-testid': 'group-rename-input',
    'aria-label': 'Group name', autocomplete: 'off',
    on: {
      input: () => renameInput.setCustomValidity(''),
      keydown: (event) => {
        if (event.key === 'Escape') {
          event.preventDefault(); // cancels the rename, not the panel
          setMode('view');
          renameButton.focus();
        }
      },
    },
  });
  const renameForm = h('form', {
    class: 'rename-form', hidden: true, on: { submit: (event) => { event.preventDefault(); rename(); } },
  }, renameInput,
  h('button', { type: 'submit', class: 'icon-btn', 'data-testid': 'group-rename-save', 'aria-label': 'Save name' },
    icon('check')));

  const picker = createMemberPicker(store, {
    id: 'group-add', label: 'Search people to add', excluded: () => new Set(room?.users ?? []), onChange: updateAdd,
  });
  const addConfirm = h('button', {
    type: 'submit', class: 'dialog-btn primary', 'data-testid': 'group-add-confirm',
  }, 'Add');
  const addForm = h('form', {
    class: 'add-form', 'data-testid': 'group-add-form', hidden: true, 'aria-label': 'Add members',
    on: {
      submit: (event) => { event.preventDefault(); add(); },
      keydown: (event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          setMode('view');
          addButton.focus();
        }
      },
    },
  }, picker.el, h('div', { class: 'dialog-actions' },
    h('button', {
      type: 'button', class: 'dialog-btn', 'data-testid': 'group-add-cancel',
      on: { click: () => { setMode('view'); addButton.focus(); } },
    }, 'Cancel'),
    addConfirm));
  const addButton = h('button', {
    type: 'button', class: 'chat-item info-action', 'data-testid': 'group-add-member',
    on: { click: () => setMode('add') },
  }, h('span', { class: 'avatar avatar-sm avatar-action', 'aria-hidden': 'true' }, icon('addPerson')),
  h('span', { class: 'info-action-label' }, 'Add member'));

  const membersHeading = h('h3', {
    class: 'list-heading', id: 'group-members-heading', 'data-testid': 'group-members-heading', tabindex: '-1',
  });
  const members = h('ul', { class: 'chat-list info-members', 'data-testid': 'group-members', 'aria-labelledby': 'group-members-heading' });
  arrowNavigation(members, '.member-menu-btn');
  const exit = h('button', {
    type: 'button', class: 'chat-item info-action danger', 'data-testid': 'group-exit', on: { click: () => onExit() },
  }, h('span', { class: 'info-action-icon', 'aria-hidden': 'true' }, icon('signOut')),
  h('span', { class: 'info-action-label' }, 'Exit group'));
  const outNotice = h('p', { class: 'info-note', 'data-testid': 'group-info-not-member' },
    'You are no longer a member of this group');

  const el = h('aside', { class: 'side-panel', 'data-testid': 'group-info', 'aria-labelledby': 'group-info-title' },
    h('header', { class: 'pane-header side-panel-header' }, close, h('h2', { id: 'group-info-title' }, 'Group info')),
    h('div', { class: 'side-panel-body' },
      h('section', { class: 'info-card info-top' }, bigAvatar,
        h('div', { class: 'info-name-row' }, name, renameButton), renameForm, count),
      h('section', { class: 'info-card' }, membersHeading, addButton, addForm, members),
      h('section', { class: 'info-card' }, exit, outNotice)));

  function setMode(next) {
    mode = next;
    if (next === 'rename') renameInput.value = room.room_name;
    if (next === 'add') picker.reset();
    render();
    if (next === 'rename') {
      renameInput.focus();
      renameInput.select();
    }
    if (next === 'add') picker.focus();
  }

  async function rename() {
    const value = renameInput.value.trim();
    if (!value || value === room.room_name) {
      setMode('view');
      return;
    }
    // Counted as the server counts it (no maxlength: that would count an emoji as two).
    const error = groupNameError(value);
    if (error) {
      renameInput.setCustomValidity(error);
      renameInput.reportValidity();
      return;
    }
    if (await store.renameGroup(room.room_uuid, value)) {
      setMode('view');
      renameButton.focus();
    }
  }

  function updateAdd() {
    const chosen = picker.chosen().length;
    addConfirm.disabled = chosen === 0;
    setText(addConfirm, chosen > 1 ? `Add ${chosen} people` : 'Add');
  }

  async function add() {
    const usernames = picker.chosen();
    if (usernames.length === 0) return;
    if (await store.addMembers(room.room_uuid, usernames)) {
      setMode('view');
      addButton.focus();
    }
  }

  function createMember(member) {
    return h('li', { class: 'chat-row member-row', 'data-testid': 'group-member', 'data-user': member.username });
  }

  function updateMember(li, member) {
    const mine = member.username === me;
    const actions = memberActions(member);
    const signature = JSON.stringify([member.online, member.last_seen, member.role, actions.map((a) => a.id),
      member.display_name ?? null, member.about ?? null]);
    if (li.dataset.signature === signature) return;
    li.dataset.signature = signature;
    const label = ROLE_LABEL[member.role];
    const menu = actions.length === 0 ? null : h('div', { class: 'menu', role: 'menu', hidden: true },
      actions.map((action) => h('button', {
        type: 'button', class: `menu-item${action.danger ? '' : ' plain'}`, role: 'menuitem',
        'data-testid': `member-${action.id}`,
        on: {
          click: () => {
            menu.hidden = true;
            // The row is drawn again (or goes) when the change lands: keep the keyboard's place in the panel.
            refocus = action.id === 'remove' ? null : member.username;
            if (action.id === 'remove') membersHeading.focus();
            action.run();
          },
        },
      }, h('span', {}, action.label))));
    if (menu) arrowNavigation(menu, '[role="menuitem"]');
    const menuButton = actions.length === 0 ? null : h('button', {
      type: 'button', class: 'icon-btn member-menu-btn', 'data-testid': 'member-menu-button',
      'aria-label': `Options for ${shownName(member)}`, 'aria-haspopup': 'menu', title: 'Options',
      on: {
        click: () => {
          menu.hidden = !menu.hidden;
          if (!menu.hidden) menu.querySelector('button').focus();
        },
      },
    }, icon('more'));
    replaceChildren(li, h('div', { class: 'member-item' },
      avatar(member.username, { online: member.online, label: shownName(member) }),
      h('span', { class: 'chat-main' },
        h('span', { class: 'chat-line' },
          h('span', { class: 'chat-name', 'data-testid': 'member-name' }, mine ? 'You' : shownName(member)),
          label ? h('span', { class: 'role-badge', 'data-testid': 'member-role' }, label) : null),
        h('span', { class: 'chat-line' },
          h('span', { class: 'chat-preview', 'data-testid': 'member-presence' },
            mine ? '' : member.online ? 'online' : lastSeen(member.last_seen))),
        member.about ? h('span', { class: 'chat-line' },
          h('span', { class: 'chat-preview member-about', 'data-testid': 'member-about' }, member.about)) : null),
      menuButton ? h('div', {
        class: 'menu-anchor',
        on: {
          focusout: (event) => { if (!event.currentTarget.contains(event.relatedTarget)) menu.hidden = true; },
          keydown: (event) => {
            if (event.key === 'Escape' && !menu.hidden) {
              event.preventDefault(); // closes the menu only, not the panel
              menu.hidden = true;
              menuButton.focus();
            }
          },
        },
      }, menuButton, menu) : null));
    if (refocus === member.username) {
      refocus = null;
      (menuButton ?? membersHeading).focus();
    }
  }

  /** What I may do to `member`: admins make members admins and remove anyone but the owner; the owner dismisses admins. */
  function memberActions(member) {
    if (member.username === me || !canManage(room, me)) return [];
    const actions = [];
    if (member.role === 'member') {
      actions.push({ id: 'make-admin', label: 'Make group admin', run: () => store.setRole(room.room_uuid, member.username, 'admin') });
    }
    if (member.role === 'admin' && myRole(room, me) === 'owner') {
      actions.push({ id: 'dismiss-admin', label: 'Dismiss as admin', run: () => store.setRole(room.room_uuid, member.username, 'member') });
    }
    if (member.role !== 'owner') {
      const uuid = room.room_uuid;
      actions.push({ id: 'remove', label: `Remove ${shownName(member)}`, danger: true, run: () => confirm.ask({
        question: [`Remove ${shownName(member)} from "`, h('bdi', {}, room.room_name), '"?'], label: 'Remove',
        confirm: () => store.removeMember(uuid, member.username),
      }) });
    }
    return actions;
  }

  /** Me first, then the owner, the admins and the members, each by name. */
  function sortedMembers() {
    return [...room.members].sort((a, b) => (a.username === me ? -1 : b.username === me ? 1 : 0)
      || (ROLE_ORDER[a.role] ?? 3) - (ROLE_ORDER[b.role] ?? 3) || a.username.localeCompare(b.username));
  }

  function render() {
    if (!room) return;
    const manage = canManage(room, me);
    const member = room.member !== false;
    if (!manage && mode !== 'view') mode = 'view'; // dismissed (or removed) while renaming or adding
    bigAvatar.replaceChildren(groupAvatar(room, { size: 'xl' }));
    setText(name, room.room_name);
    const countText = room.users.length === 1 ? '1 member' : `${room.users.length} members`;
    setText(count, `Group · ${countText}`);
    setText(membersHeading, countText);
    renameButton.hidden = !manage || mode === 'rename';
    name.hidden = mode === 'rename';
    renameForm.hidden = mode !== 'rename';
    addButton.hidden = !manage || mode === 'add';
    addForm.hidden = mode !== 'add';
    if (mode === 'add') picker.render();
    updateAdd();
    reconcile(members, sortedMembers(), (m) => m.username, createMember, updateMember);
    exit.hidden = !member;
    outNotice.hidden = member;
    setAttr(el, 'data-room', room.room_uuid);
  }

  return {
    el,
    /** Shows `nextRoom` as `state` has it now; a different group starts in view mode. */
    update(state, nextRoom) {
      if (room?.room_uuid !== nextRoom.room_uuid) {
        mode = 'view';
        seen = new Set(nextRoom.users);
      }
      room = nextRoom;
      me = state.me.username;
      // An 'added' event names the new members but not whether they are online, and the server sends presence only
      // when it changes: while this panel shows their rows, read the room again once for them.
      if (nextRoom.users.some((username) => !seen.has(username))) {
        nextRoom.users.forEach((username) => seen.add(username));
        store.refreshRoom(nextRoom.room_uuid);
      }
      render();
    },
    /** The cursor goes to the panel's first control (the panel was just opened: it starts from the members shown). */
    focus() {
      seen = new Set(room?.users ?? []);
      close.focus();
    },
  };
}
