// The message box: Enter sends, Shift+Enter breaks the line, drafts are kept per chat (in the store, so
// across reloads too). Above it, the message being answered (Reply) or the one being edited (Editing): Escape
// cancels either (after closing a panel open beside the chat), Enter sends the reply or saves the edit; Up in an
// empty box edits my last message. Between the bars and the box, a hint line says why something did not happen (an
// empty edit, an edit that was refused).
// Files picked with the attach button (or dropped on the conversation, or pasted) wait above the box, each with its
// state (waiting its turn, uploading with its progress, done, failed), Cancel and Retry; the text typed meanwhile
// becomes their caption. The smiley (or Ctrl+Alt+E) opens the emoji picker, which inserts at the caret.

import { attachmentPreview, fileKind, formatBytes } from '../attachments.js';
import { h, reconcile, replaceChildren, setAttr, setText } from '../dom.js';
import { canEdit, canReply, draftWith } from '../selectors.js';
import { colourIndex } from './avatar.js';
import { createEmojiPicker } from './emojiPicker.js';
import { fileIcon, icon } from './icons.js';

// The interface is in English, so are its numbers: "4,200", whatever the browser's locale.
const NUMBER = new Intl.NumberFormat('en');

/**
 * `onSent()` runs after a message was queued (the first send is a good moment to ask for notifications);
 * `onEditLast()` answers the message of mine Up arrow edits (or null); `panelOpen()` whether a panel shows beside
 * the chat (Escape closes it before it cancels an edit or a reply).
 */
export function createComposer(store, { onSent, onEditLast, panelOpen = () => false }) {
  let roomUuid = null;
  // The message the next send answers, per chat (kept across chat switches, as WhatsApp does); the one being edited.
  const replies = new Map();
  let editing = null; // { message, draft }: the draft is given back when the edit ends

  const input = h('textarea', {
    class: 'composer-input', id: 'composer', 'data-testid': 'composer', rows: '1', dir: 'auto',
    placeholder: 'Type a message', 'aria-label': 'Type a message', 'aria-describedby': 'composer-hint composer-count',
    on: {
      keydown: (event) => {
        // isComposing: Enter that confirms an IME candidate (Japanese, Chinese...) must not send.
        if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
          event.preventDefault();
          submit();
        } else if (event.key === 'Escape' && emojiPicker.isOpen) {
          event.preventDefault(); // the picker left open by a click goes first, before an edit, reply or panel
          emojiPicker.close(true);
        } else if (event.key === 'Escape' && (editing || replies.has(roomUuid)) && !panelOpen()) {
          // Cancels the edit or reply only. With a panel open, the app's Escape closes that first, as it would from
          // anywhere else: the panel is what was opened last, and the edit or reply is still there once it is closed.
          event.preventDefault();
          cancel();
        } else if (event.key === 'ArrowUp' && !input.value && !editing && !replies.has(roomUuid) && !event.shiftKey
            && !event.altKey && !event.ctrlKey && !event.metaKey) {
          // Only an empty box with no reply in progress: Up there is for moving the caret, not for dropping a reply.
          const last = onEditLast();
          if (last) {
            event.preventDefault();
            startEdit(last);
          }
        }
      },
      input: () => {
        showHint(null);
        if (!editing) {
          if (input.value.trim()) store.typing(roomUuid);
          store.setDraft(roomUuid, input.value);
        }
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
  const contextLabel = h('span', { class: 'composer-context-label', 'data-testid': 'composer-context-label' });
  const contextText = h('span', { class: 'composer-context-text', 'data-testid': 'composer-context-text' });
  const contextCancel = h('button', {
    type: 'button', class: 'icon-btn composer-context-cancel', 'data-testid': 'composer-context-cancel',
    on: { click: () => { cancel(); input.focus(); } },
  }, icon('close'));
  const hint = h('p', {
    class: 'composer-hint', id: 'composer-hint', 'data-testid': 'composer-hint', role: 'status', hidden: true,
  });
  const contextQuote = h('div', { class: 'composer-context-quote' }, contextLabel, contextText);
  const context = h('div', { class: 'composer-context', 'data-testid': 'composer-context', hidden: true },
    contextQuote, contextCancel);

  const fileInput = h('input', {
    type: 'file', multiple: true, hidden: true, 'data-testid': 'attach-input', tabindex: '-1',
    on: { change: () => { addFiles(fileInput.files); fileInput.value = ''; } },
  });
  const attach = h('button', {
    type: 'button', class: 'icon-btn attach-btn', 'data-testid': 'attach', 'aria-label': 'Attach photos or files',
    title: 'Attach photos or files', on: { click: () => fileInput.click() },
  }, icon('attach'));
  const emojiPicker = createEmojiPicker({
    frequent: () => store.frequentEmoji(),
    onPick: (emoji, byKeyboard) => {
      insertAtCaret(emoji);
      if (!byKeyboard) input.focus();
    },
    onClose: (refocus) => {
      setAttr(emojiButton, 'aria-expanded', 'false');
      if (refocus) input.focus();
    },
  });
  const emojiButton = h('button', {
    type: 'button', class: 'icon-btn emoji-btn', 'data-testid': 'emoji-button', 'aria-label': 'Emoji',
    title: 'Emoji (Ctrl+Alt+E)', 'aria-haspopup': 'dialog', 'aria-expanded': 'false',
    'aria-controls': 'composer-emoji-picker', on: { click: () => toggleEmoji() },
  }, icon('smile'));
  const tray = h('ul', { class: 'upload-tray', 'data-testid': 'upload-tray', 'aria-label': 'Files to send', hidden: true });

  const el = h('form', {
    class: 'composer', 'data-testid': 'composer-form', 'aria-label': 'Write a message',
    on: { submit: (event) => { event.preventDefault(); submit(); } },
  }, emojiPicker.el, context, tray, hint,
  h('div', { class: 'composer-row' }, emojiButton, attach, fileInput, h('div', { class: 'composer-box' }, input, count), send));

  // A pasted screenshot or copied file joins the next message, as a picked one would.
  input.addEventListener('paste', (event) => {
    const files = [...(event.clipboardData?.files ?? [])];
    if (files.length === 0) return;
    event.preventDefault();
    addFiles(files);
  });

  /** Opens the emoji picker on its first emoji, or closes it (focus back in the composer). */
  function toggleEmoji() {
    if (emojiPicker.isOpen) {
      emojiPicker.close(true);
    } else if (roomUuid && !input.disabled) {
      setAttr(emojiButton, 'aria-expanded', 'true');
      emojiPicker.open();
    }
  }

  /** Puts `text` where the caret is (replacing a selection), as typing it would: the draft and the count follow. */
  function insertAtCaret(text) {
    if (!roomUuid || input.disabled) return;
    input.setRangeText(text, input.selectionStart, input.selectionEnd, 'end');
    input.dispatchEvent(new Event('input'));
  }

  function addFiles(files) {
    if (!roomUuid || input.disabled || editing || !files?.length) return;
    store.addFiles(roomUuid, files);
    input.focus();
  }

  /** The picked files above the box: a thumbnail (once the server made one) or the file's icon, name and state. */
  function renderUploads() {
    const uploads = roomUuid ? store.uploadsOf(roomUuid) : [];
    tray.hidden = uploads.length === 0;
    reconcile(tray, uploads, (u) => u.id, () => h('li', { class: 'upload-item', 'data-testid': 'upload-item' }),
      updateUpload);
    // A file that just failed may be a card scrolled out of the tray's view (many files, a narrow screen): show it.
    const failed = tray.querySelectorAll('[data-just-failed]');
    failed[0]?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    for (const li of failed) delete li.dataset.justFailed;
    el.classList.toggle('with-uploads', uploads.length > 0);
    setAttr(input, 'placeholder', input.disabled ? input.placeholder
      : uploads.length ? 'Add a caption' : 'Type a message');
    updateCount();
  }

  function updateUpload(li, upload) {
    const signature = JSON.stringify([upload.status, upload.retrying, Math.round(upload.progress * 100), upload.error]);
    if (li.dataset.signature === signature) return;
    li.dataset.signature = signature;
    if (upload.status === 'failed' && li.dataset.status !== 'failed') li.dataset.justFailed = 'true';
    setAttr(li, 'data-status', upload.status);
    const refocus = li.contains(document.activeElement) ? document.activeElement.dataset.testid : null;
    const thumb = upload.attachment?.thumbnail_url;
    const percent = Math.round(upload.progress * 100);
    const state = upload.status === 'uploading' ? `Uploading… ${percent}%`
      : upload.status === 'waiting' ? (upload.retrying ? 'Too many uploads just now. Retrying soon…' : 'Waiting…')
        : upload.status === 'failed' ? upload.error : formatBytes(upload.size);
    const unfinished = upload.status === 'uploading' || upload.status === 'waiting';
    replaceChildren(li,
      h('span', { class: 'upload-preview' }, thumb
        ? h('img', { src: thumb, alt: '', class: 'upload-thumb', 'data-testid': 'upload-thumb' })
        : fileIcon(fileKind(upload))),
      h('span', { class: 'upload-text' },
        h('span', { class: 'upload-name', 'data-testid': 'upload-name', title: upload.name }, upload.name),
        h('span', { class: 'upload-state', 'data-testid': 'upload-state', role: upload.status === 'failed' ? 'alert' : null },
          state),
        upload.status === 'uploading'
          ? h('progress', { class: 'upload-progress', max: '100', value: String(percent),
            'aria-label': `Uploading ${upload.name}` })
          : null),
      upload.status === 'failed' ? h('button', {
        type: 'button', class: 'icon-btn upload-retry', 'data-testid': 'upload-retry',
        'aria-label': `Retry uploading ${upload.name}`, title: 'Retry',
        on: { click: () => store.retryUpload(roomUuid, upload.id) },
      }, icon('retry')) : null,
      h('button', {
        type: 'button', class: 'icon-btn upload-remove', 'data-testid': 'upload-remove',
        'aria-label': unfinished ? `Cancel uploading ${upload.name}` : `Remove ${upload.name}`,
        title: unfinished ? 'Cancel upload' : 'Remove',
        on: { click: () => { store.removeUpload(roomUuid, upload.id); input.focus(); } },
      }, icon('close')));
    // Retry disappears once pressed: the keyboard stays on the card, on its Cancel.
    if (refocus) (li.querySelector(`[data-testid="${refocus}"]`) ?? li.querySelector('.upload-remove'))?.focus();
  }

  function submit() {
    if (!roomUuid) return;
    if (editing) {
      if (!input.value.trim()) {
        // Saving nothing would delete it, which takes the menu's Delete (asked first, and final): say so, stay.
        showHint("A message can't be empty — delete it instead");
        input.focus();
        return;
      }
      if (!store.edit(roomUuid, editing.message, input.value)) return;
      endEdit();
      input.focus();
      return;
    }
    const uploads = store.uploadsOf(roomUuid);
    if (uploads.some((u) => u.status === 'uploading' || u.status === 'waiting')) {
      showHint('Wait for the files to finish uploading');
      return;
    }
    if (uploads.some((u) => u.status === 'failed')) {
      showHint('Retry or remove the files that could not be uploaded');
      // The keyboard goes where the fix is: the first failed file's Retry (Enter retries it), scrolled into view.
      const retry = tray.querySelector('[data-status=failed] [data-testid=upload-retry]');
      if (retry) {
        retry.focus({ preventScroll: true });
        retry.closest('li').scrollIntoView({ block: 'nearest', inline: 'nearest' });
      }
      return;
    }
    if (!store.send(roomUuid, input.value, { replyTo: replies.get(roomUuid) ?? null })) return;
    replies.delete(roomUuid);
    input.value = '';
    store.setDraft(roomUuid, '');
    showHint(null);
    showContext(null);
    updateCount();
    input.focus();
    onSent();
  }

  function cancel() {
    if (editing) endEdit();
    else {
      replies.delete(roomUuid);
      showContext(null);
    }
  }

  function startEdit(message) {
    if (!editing) editing = { message, draft: input.value };
    else editing.message = message;
    replies.delete(roomUuid); // as WhatsApp: editing replaces a reply being written
    input.value = message.content;
    showContext(null);
    updateCount();
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
  }

  function endEdit() {
    input.value = editing?.draft ?? '';
    editing = null;
    showHint(null);
    showContext(null);
    updateCount();
  }

  /**
   * Ends an edit that can no longer be saved (its window ended, the message was deleted) without losing what was
   * typed: the changed text stays in the box as an ordinary message (after the draft set aside, if any), `reason`
   * above it.
   */
  function abandonEdit(reason) {
    const typed = input.value;
    const changed = typed.trim() && typed.trim() !== editing.message.content;
    const draft = changed ? draftWith(editing.draft, typed) : editing.draft;
    editing.draft = draft;
    endEdit();
    store.setDraft(roomUuid, draft);
    showHint(reason);
  }

  /** The hint line between the bars and the box (null hides it). */
  function showHint(text) {
    setText(hint, text ?? '');
    hint.hidden = !text;
  }

  // The server refused an edit I saved (its window ended meanwhile): the store put its text back in the chat's draft.
  store.addEventListener('edit-refused', ({ detail }) => {
    if (detail.roomUuid !== roomUuid) {
      store.showNotice(`Edit not saved. ${detail.text} Your text is in that chat's draft.`);
      return;
    }
    const draft = store.draft(roomUuid);
    if (editing) editing.draft = draft;
    else input.value = draft;
    updateCount();
    showHint(`Edit not saved. ${detail.text}`);
  });

  /** The bar above the box: "Editing" with the original text, or whom I answer with what they said. */
  function showContext(state) {
    const me = state?.me?.username ?? store.state.me?.username;
    const reply = replies.get(roomUuid);
    const target = editing?.message ?? reply ?? null;
    context.hidden = !target;
    el.classList.toggle('editing', Boolean(editing));
    setAttr(context, 'data-mode', editing ? 'edit' : reply ? 'reply' : null);
    if (send.dataset.mode !== (editing ? 'save' : 'send')) {
      send.dataset.mode = editing ? 'save' : 'send';
      setAttr(send, 'aria-label', editing ? 'Save' : 'Send');
      setAttr(send, 'title', editing ? 'Save' : 'Send');
      replaceChildren(send, icon(editing ? 'check' : 'send'));
    }
    if (!target) return;
    contextLabel.className = `composer-context-label${editing ? '' : ` sender-c${colourIndex(target.user)}`}`;
    contextQuote.className = `composer-context-quote${editing ? '' : ` quote-c${colourIndex(target.user)}`}`;
    setText(contextLabel, editing ? 'Editing' : target.user === me ? 'You' : target.user);
    setText(contextText, editing ? target.content : attachmentPreview(target) ?? target.content);
    setAttr(contextCancel, 'aria-label', editing ? 'Cancel editing' : 'Cancel reply');
    setAttr(contextCancel, 'title', editing ? 'Cancel editing' : 'Cancel reply');
  }

  /**
   * WhatsApp has no counter; one only appears near the server's limit, counting what would be sent (trimmed) in
   * code points as the server does. Past the limit it explains itself and Send is disabled: the draft stays.
   */
  function updateCount() {
    const length = [...input.value.trim()].length;
    const max = store.maxContent;
    const over = length > max;
    const counted = `${NUMBER.format(length)} / ${NUMBER.format(max)}`;
    const text = over ? `Message is too long: ${counted} characters` : length > max - 200 ? counted : '';
    setText(count, text);
    setAttr(count, 'hidden', !text);
    count.classList.toggle('over', over);
    setAttr(input, 'aria-invalid', over ? 'true' : null);
    const uploading = roomUuid
      && store.uploadsOf(roomUuid).some((u) => u.status === 'uploading' || u.status === 'waiting');
    send.disabled = over || input.disabled || Boolean(uploading);
    attach.disabled = input.disabled || Boolean(editing);
  }

  return {
    el,
    /** Switches to another chat, keeping what was typed in the previous one (an edit there ends unsaved). */
    setRoom(next) {
      if (next === roomUuid) return;
      if (editing) endEdit();
      emojiPicker.close(false);
      roomUuid = next;
      input.value = store.draft(next);
      showHint(null);
      showContext(null);
      renderUploads();
    },
    /** Files dropped on the conversation or pasted: they join the next message (uploading at once). */
    addFiles,
    /** The next message answers `message`. */
    replyTo(message) {
      if (editing) endEdit();
      replies.set(roomUuid, message);
      showContext(null);
      input.focus();
    },
    /** Edits my `message` here: its text in the box, "Editing" above it; Enter saves, Escape cancels. */
    edit(message) {
      startEdit(message);
    },
    /**
     * Keeps the reply and the edit in step with the conversation: the message they are about may have been edited
     * (the bar shows its new text) or deleted meanwhile (then there is nothing left to answer or edit).
     */
    update(state, messages, room, now) {
      const me = state.me.username;
      const current = (m) => m && messages.find((x) => x.seq === m.seq);
      const reply = current(replies.get(roomUuid));
      if (replies.has(roomUuid)) {
        if (canReply(reply, room)) replies.set(roomUuid, reply);
        else replies.delete(roomUuid);
      }
      if (editing) {
        const edited = current(editing.message);
        if (!edited || edited.deleted || !canEdit(edited, room, me, state.limits, now)) {
          abandonEdit(edited?.deleted ? 'Edit not saved. The message was deleted.'
            : 'Edit not saved. The time for editing this message is over.');
        } else editing.message = edited;
      }
      showContext(state);
      renderUploads();
    },
    /** The message being edited, or null. */
    get editing() {
      return editing?.message ?? null;
    },
    focus() {
      input.focus();
    },
    /** Ctrl+Alt+E: opens (or closes) the emoji picker. */
    toggleEmoji,
    /**
     * While the chat is blocked (or a group I am no longer in) nothing can be typed or sent; the draft stays for
     * later. `reason` is the placeholder that says why.
     */
    setDisabled(disabled, reason) {
      const unblocked = input.disabled && !disabled;
      if (disabled && input.disabled !== disabled) {
        if (editing) endEdit();
        replies.delete(roomUuid);
        showContext(null);
      }
      input.disabled = disabled;
      emojiButton.disabled = disabled;
      if (disabled) emojiPicker.close(false);
      if (unblocked) input.focus(); // back from "blocked": ready to write again
      setAttr(input, 'placeholder', disabled ? reason
        : store.uploadsOf(roomUuid).length ? 'Add a caption' : 'Type a message');
      send.disabled = disabled || count.classList.contains('over');
      attach.disabled = disabled || Boolean(editing);
    },
  };
}
