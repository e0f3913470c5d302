// The "New group" drawer: the group's name, then the people to add (found by name, shown as chips), then Create.

import { h, setAttr, setText } from '../dom.js';
import { groupNameError } from '../limits.js';
import { icon } from './icons.js';
import { createMemberPicker } from './memberPicker.js';

/** `onCreate(name, usernames)` creates the group (resolving to false when that failed); `onClose()` goes back. */
export function createNewGroup(store, { onCreate, onClose }) {
  let busy = false;
  const name = h('input', {
    type: 'text', class: 'text-input', id: 'group-name', 'data-testid': 'group-name',
    placeholder: 'Group name', 'aria-label': 'Group name', autocomplete: 'off', 'aria-describedby': 'group-hint',
    on: {
      input: update,
      keydown: (event) => {
        if (event.key === 'Enter') {
          event.preventDefault();
          picker.focus(); // as a form would: on to the next field, never a half-made group
        }
      },
    },
  });
  const picker = createMemberPicker(store, { id: 'group-member', label: 'Search people to add', onChange: update });
  const hint = h('p', { class: 'field-hint', id: 'group-hint', 'data-testid': 'group-hint' });
  const create = h('button', {
    type: 'submit', class: 'fab', 'data-testid': 'group-create', 'aria-label': 'Create group', title: 'Create group',
  }, icon('check'));

  const el = h('section', { class: 'new-chat-panel new-group-panel', 'data-testid': 'new-group-panel', 'aria-label': 'New group' },
    h('header', { class: 'drawer-header' },
      h('button', {
        type: 'button', class: 'icon-btn', 'data-testid': 'new-group-back', 'aria-label': 'Back to chats',
        on: { click: onClose },
      }, icon('back')),
      h('h2', {}, 'New group')),
    h('form', {
      class: 'new-group-form', 'aria-label': 'New group',
      on: { submit: (event) => { event.preventDefault(); submit(); } },
    },
    h('div', { class: 'field' }, h('label', { for: 'group-name', class: 'field-label' }, 'Group name'), name),
    h('h3', { class: 'list-heading' }, 'Add members'),
    picker.el,
    h('div', { class: 'form-footer' }, hint, create)));

  function valid() {
    return groupNameError(name.value) === null && picker.chosen().length > 0;
  }

  function update() {
    const members = picker.chosen().length;
    // No maxlength on the field: it would count an emoji as two and stop at half the emoji the server takes.
    setText(hint, groupNameError(name.value)
      ?? (members === 0 ? 'Add at least one person.' : members === 1 ? '1 person chosen' : `${members} people chosen`));
    create.disabled = busy || !valid();
    setAttr(create, 'aria-disabled', create.disabled ? 'true' : null);
  }

  async function submit() {
    if (busy || !valid()) return;
    busy = true;
    update();
    await onCreate(name.value.trim(), picker.chosen());
    busy = false;
    update();
  }

  return {
    el,
    /** A blank form each time the drawer opens. */
    reset() {
      name.value = '';
      picker.reset();
      busy = false;
      update();
    },
    update() {
      picker.render();
    },
    /** The cursor goes to the first field, the name; only works once the drawer is shown. */
    focus() {
      name.focus();
    },
  };
}
