// The message box: Enter sends, Shift+Enter breaks the line, drafts are kept per chat (in the store, so
// across reloads too).

import { h, setAttr, setText } from '../dom.js';
import { MAX_CONTENT } from '../store.js';
import { icon } from './icons.js';

// The interface is in English, so are its numbers: "4,200", whatever the browser's locale.
const NUMBER = new Intl.NumberFormat('en');

/** `onSent()` runs after a message was queued (the first send is a good moment to ask for notifications). */
export function createComposer(store, { onSent }) {
  let roomUuid = null;

  const input = h('textarea', {
    class: 'composer-input', id: 'composer', 'data-testid': 'composer', rows: '1',
    placeholder: 'Type a message', 'aria-label': 'Type a message', 'aria-describedby': 'composer-count',
    on: {
      keydown: (event) => {
        // isComposing: Enter that confirms an IME candidate (Japanese, Chinese...) must not send.
        if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
          event.preventDefault();
          submit();
        }
      },
      input: () => {
        if (input.value.trim()) store.typing(roomUuid);
        store.setDraft(roomUuid, input.value);
        updateCount();
      },
    },
  });
  const count = h('span', {
    class: 'composer-count', id: 'composer-count', 'data-testid': 'composer-count', 'aria-live': 'polite',
  });
  const send = h('button', {
    type: 'submit', class: 'icon-btn send-btn', id: 'send', 'data-testid': 'send', 'aria-label': 'Send', title: 'Send',
  }, icon('send'));

  const el = h('form', {
    class: 'composer', 'data-testid': 'composer-form', 'aria-label': 'Write a message',
    on: { submit: (event) => { event.preventDefault(); submit(); } },
  }, h('div', { class: 'composer-box' }, input, count), send);

  function submit() {
    if (!roomUuid || !store.send(roomUuid, input.value)) return;
    input.value = '';
    store.setDraft(roomUuid, '');
    updateCount();
    input.focus();
    onSent();
  }

  /**
   * WhatsApp has no counter; one only appears near the server's limit, counting what would be sent (trimmed) in
   * code points as the server does. Past the limit it explains itself and Send is disabled: the draft stays.
   */
  function updateCount() {
    const length = [...input.value.trim()].length;
    const over = length > MAX_CONTENT;
    const counted = `${NUMBER.format(length)} / ${NUMBER.format(MAX_CONTENT)}`;
    const text = over ? `Message is too long: ${counted} characters` : length > MAX_CONTENT - 200 ? counted : '';
    setText(count, text);
    setAttr(count, 'hidden', !text);
    count.classList.toggle('over', over);
    setAttr(input, 'aria-invalid', over ? 'true' : null);
    send.disabled = over;
  }

  return {
    el,
    /** Switches to another chat, keeping what was typed in the previous one. */
    setRoom(next) {
      if (next === roomUuid) return;
      roomUuid = next;
      input.value = store.draft(next);
      updateCount();
    },
    focus() {
      input.focus();
    },
    /**
     * While the chat is blocked (or a group I am no longer in) nothing can be typed or sent; the draft stays for
     * later. `reason` is the placeholder that says why.
     */
    setDisabled(disabled, reason) {
      const unblocked = input.disabled && !disabled;
      input.disabled = disabled;
      if (unblocked) input.focus(); // back from "blocked": ready to write again
      setAttr(input, 'placeholder', disabled ? reason : 'Type a message');
      send.disabled = disabled || count.classList.contains('over');
    },
  };
}
