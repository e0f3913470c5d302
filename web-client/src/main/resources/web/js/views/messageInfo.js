// Message info for a message of mine in a group: the message, then who read it, who has it and who does not yet,
// from each member's watermarks (read again from the server when the panel opens, then kept current by receipts).

import { h, reconcile, replaceChildren, setText } from '../dom.js';
import { formatTime } from '../format.js';
import { messageReceipts, messageStatus, shownName, tombstoneText } from '../selectors.js';
import { avatar } from './avatar.js';
import { icon, statusIcon } from './icons.js';
import { richText } from './messageRows.js';

const SECTIONS = [
  { key: 'readBy', title: 'Read by', testId: 'read-by', status: 'read' },
  { key: 'deliveredTo', title: 'Delivered to', testId: 'delivered-to', status: 'delivered' },
  { key: 'waiting', title: 'Not delivered yet', testId: 'waiting-for', status: 'sent' },
];

/** `onClose()` closes the panel. */
export function createMessageInfo({ onClose }) {
  const close = h('button', {
    type: 'button', class: 'icon-btn', 'data-testid': 'message-info-close', 'aria-label': 'Close message info',
    title: 'Close', on: { click: () => onClose() },
  }, icon('close'));
  const preview = h('div', { class: 'info-message' });
  const sections = SECTIONS.map((section) => {
    const list = h('ul', { class: 'chat-list', 'data-testid': section.testId, 'aria-label': section.title });
    const empty = h('p', { class: 'info-note' });
    const heading = h('h3', { class: 'list-heading receipt-heading' }, statusIcon(section.status), h('span', {}, section.title));
    return { ...section, list, empty, el: h('section', { class: 'info-card' }, heading, list, empty) };
  });

  const el = h('aside', { class: 'side-panel', 'data-testid': 'message-info', 'aria-labelledby': 'message-info-title' },
    h('header', { class: 'pane-header side-panel-header' }, close, h('h2', { id: 'message-info-title' }, 'Message info')),
    h('div', { class: 'side-panel-body' }, h('section', { class: 'info-card info-message-card' }, preview),
      sections.map((section) => section.el)));

  let shown = null;

  function createPerson(member) {
    return h('li', { class: 'chat-row', 'data-testid': 'receipt-member', 'data-user': member.username },
      h('div', { class: 'member-item' }, avatar(member.username, { online: member.online }),
        h('span', { class: 'chat-main' }, h('span', { class: 'chat-line' },
          h('span', { class: 'chat-name', 'data-testid': 'receipt-member-name' }, shownName(member))))));
  }

  function updatePerson(li, member) {
    const name = li.querySelector('.chat-name');
    if (name.textContent !== shownName(member)) name.textContent = shownName(member);
  }

  return {
    el,
    /** Shows `message` of mine in `room` as `me`. */
    update(room, message, me) {
      const status = messageStatus(message, room, me);
      const key = JSON.stringify([message.message_uuid, status, message.content, message.deleted, message.edited_at]);
      if (shown !== key) {
        shown = key;
        replaceChildren(preview, h('div', { class: 'message mine' }, h('div', { class: 'bubble' },
          message.deleted ? h('span', { class: 'text tombstone' }, tombstoneText(message, me, room))
            : h('span', { class: 'text', dir: 'auto' }, richText(message.content)),
          h('span', { class: 'meta' },
            message.edited_at && !message.deleted ? h('span', { class: 'edited' }, 'Edited') : null,
            h('time', { datetime: message.created_at }, formatTime(message.created_at)),
            statusIcon(status)))));
      }
      const receipts = messageReceipts(room, message, me);
      for (const section of sections) {
        const people = receipts[section.key];
        reconcile(section.list, people, (m) => m.username, createPerson, updatePerson);
        // "Read by" says when nobody has; the others show only when someone is in them.
        section.el.hidden = section.key !== 'readBy' && people.length === 0;
        setText(section.empty, people.length > 0 ? '' : 'Nobody yet');
        section.empty.hidden = people.length > 0;
      }
    },
    focus() {
      close.focus();
    },
  };
}
