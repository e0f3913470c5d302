// One modal question with Cancel and an action ("Remove bob from "Trip 2027"?", "Exit "Trip 2027"?"): a native
// <dialog>, so Escape cancels and focus stays inside it while it is open.

import { h, replaceChildren, setText } from '../dom.js';

export function createConfirmDialog() {
  let onConfirm = null;
  const title = h('h2', { class: 'dialog-title', id: 'confirm-dialog-title' });
  const text = h('p', { class: 'dialog-text', 'data-testid': 'confirm-text' });
  const action = h('button', {
    type: 'button', class: 'dialog-btn primary', 'data-testid': 'confirm-action',
    on: { click: () => { el.close(); onConfirm?.(); } },
  });
  const el = h('dialog', {
    class: 'confirm-dialog', 'data-testid': 'confirm-dialog', 'aria-labelledby': 'confirm-dialog-title',
  }, title, text, h('div', { class: 'dialog-actions' },
    h('button', {
      type: 'button', class: 'dialog-btn', 'data-testid': 'confirm-cancel', on: { click: () => el.close() },
    }, 'Cancel'),
    action));

  return {
    el,
    /**
     * Asks `question` (text, or an array of text and elements: a group's name goes in a <bdi>); `confirm()` runs
     * only when the action button is pressed (red when `danger`).
     */
    ask({ question, detail = '', label, confirm, danger = true }) {
      replaceChildren(title, question);
      setText(text, detail);
      text.hidden = !detail;
      setText(action, label);
      action.classList.toggle('danger', danger);
      onConfirm = confirm;
      el.showModal();
    },
  };
}
