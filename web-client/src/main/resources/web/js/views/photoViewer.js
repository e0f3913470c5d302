// The full-size photo viewer: a modal <dialog> over the app (so focus stays inside while it is open and Escape
// closes it), the photo at its own URL (same origin: the CSP allows nothing else), Left and Right moving through the
// room's photos: past the oldest one loaded, the chat's older history is paged in (as scrolling up would) until an
// older photo turns up or the chat has no more. Its bar says, as WhatsApp's, who sent the photo and when, and
// "3 of 5"; the file's name and size are in the download button's tooltip. Closing gives focus back to the thumbnail
// that opened it.

import { formatBytes, viewerPosition } from '../attachments.js';
import { h, setAttr, setText } from '../dom.js';
import { dayAndTime } from '../format.js';
import { icon } from './icons.js';

export function createPhotoViewer() {
  // Where the photos come from: { photos() (the room's loaded photos, oldest first, with user and sent_at),
  // hasOlder(), loadOlder() (a promise of whether older history arrived), sender(username) (the name to show) }.
  // Asked again at every step: history grows while the viewer is open.
  let source = null;
  let photos = [];
  let index = 0;
  let opener = null;
  let paging = null; // the walk back through older history on its way, if one is

  // The photo is an element only while the viewer shows it: closed, nothing is loading and the page has no stray <img>.
  let image = null;
  const sender = h('span', { class: 'viewer-sender', 'data-testid': 'viewer-sender', id: 'viewer-sender' });
  const sentAt = h('span', { class: 'viewer-time', 'data-testid': 'viewer-time' });
  const position = h('span', { class: 'viewer-position', 'data-testid': 'viewer-position' });
  const download = h('a', {
    class: 'icon-btn viewer-download', 'data-testid': 'viewer-download', 'aria-label': 'Download', title: 'Download',
  }, icon('download'));
  const close = h('button', {
    type: 'button', class: 'icon-btn viewer-close', 'data-testid': 'viewer-close', 'aria-label': 'Close',
    title: 'Close (Esc)', on: { click: () => el.close() },
  }, icon('close'));
  const previous = h('button', {
    type: 'button', class: 'viewer-nav viewer-prev', 'data-testid': 'viewer-prev', 'aria-label': 'Previous photo',
    title: 'Previous photo', on: { click: () => step(-1) },
  }, icon('prev'));
  const next = h('button', {
    type: 'button', class: 'viewer-nav viewer-next', 'data-testid': 'viewer-next', 'aria-label': 'Next photo',
    title: 'Next photo', on: { click: () => step(1) },
  }, icon('next'));

  const el = h('dialog', {
    class: 'photo-viewer', 'data-testid': 'photo-viewer', 'aria-labelledby': 'viewer-sender',
    on: {
      keydown: (event) => {
        if (event.altKey || event.ctrlKey || event.metaKey) return;
        if (event.key === 'ArrowLeft') step(-1);
        else if (event.key === 'ArrowRight') step(1);
        else return;
        event.preventDefault();
      },
      // A click on the dark backdrop (not on the photo or a control) closes, as in WhatsApp.
      click: (event) => { if (event.target === el || event.target.classList.contains('viewer-stage')) el.close(); },
      close: () => {
        image?.remove(); // also stops a large download that is no longer wanted
        image = null;
        source = null;
        paging = null;
        if (opener?.isConnected) opener.focus();
        opener = null;
      },
    },
  },
  h('header', { class: 'viewer-bar' },
    h('div', { class: 'viewer-title' }, sender, h('span', { class: 'viewer-detail' }, sentAt, position)), download,
    close),
  h('div', { class: 'viewer-stage' }, previous, next));

  /** The room's photos as they are now, and the shown one's place among them (by uuid: older ones may have come). */
  function refresh() {
    const uuid = photos[index]?.attachment_uuid;
    photos = source.photos();
    index = Math.max(0, photos.findIndex((p) => p.attachment_uuid === uuid));
  }

  function step(delta) {
    if (!el.open) return;
    refresh();
    if (delta < 0 && index === 0) older();
    else show(index + delta);
  }

  /** Left at the oldest loaded photo: older pages until one holds a photo, or none is left (or the viewer moved on). */
  async function older() {
    if (paging || !source.hasOlder()) return;
    const walk = {};
    paging = walk;
    const from = photos[index]?.attachment_uuid;
    setText(position, 'Loading older photos…');
    try {
      while (paging === walk && source.hasOlder()) {
        if (!(await source.loadOlder())) break; // the page failed: the chat's notice says why
        if (paging !== walk) return; // closed meanwhile
        refresh();
        if (photos[index]?.attachment_uuid === from && index > 0) {
          show(index - 1);
          return;
        }
      }
      if (paging === walk) show(index); // nothing older: the same photo, its line and arrows as they now are
    } finally {
      if (paging === walk) paging = null;
    }
  }

  function show(at) {
    if (at < 0 || at >= photos.length) return;
    index = at;
    const photo = photos[index];
    // Its own dimensions reserve the box before the bytes arrive, so the photo does not jump in.
    const shown = h('img', {
      class: 'viewer-image', 'data-testid': 'viewer-image', src: photo.url, alt: photo.name,
      width: photo.width || null, height: photo.height || null,
    });
    if (image) image.replaceWith(shown);
    else previous.after(shown);
    image = shown;
    setText(sender, source.sender(photo.user));
    setText(sentAt, photo.sent_at ? dayAndTime(photo.sent_at) : '');
    // "2 of 5" counts the chat's photos: while older history is still to be loaded the count is not known yet.
    setText(position, viewerPosition(index, photos.length, !source.hasOlder()));
    download.href = photo.url;
    setAttr(download, 'download', photo.name);
    setAttr(download, 'title', `Download ${photo.name} (${formatBytes(photo.size)})`);
    setAttr(download, 'aria-label', `Download ${photo.name}, ${formatBytes(photo.size)}`);
    previous.hidden = index === 0 && !source.hasOlder();
    next.hidden = index === photos.length - 1;
    if (!el.contains(document.activeElement) || document.activeElement.hidden) close.focus();
  }

  return {
    el,
    /** Opens `uuid` among the photos of `from` (see `source` above); `from` gets focus back when it closes. */
    open(photosOf, uuid, from) {
      source = photosOf;
      paging = null;
      photos = source.photos();
      opener = from ?? null;
      const at = Math.max(0, photos.findIndex((p) => p.attachment_uuid === uuid));
      if (!el.open) el.showModal();
      show(at);
      close.focus();
    },
    get isOpen() {
      return el.open;
    },
  };
}
