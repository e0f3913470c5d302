// What the client decides about attachments without a DOM: which are photos, how big a thumbnail is drawn (so the
// room is reserved before it loads), what a file's icon and size read, the chat list's preview, and which picked
// files may be uploaded at all (the server's limits from GET /api/limits/).

// The longest side of a photo in a bubble, in CSS pixels (the server's thumbnails are at most 480).
export const PHOTO_BOX = 280;

/** A photo shows as a picture: an image the server could make a thumbnail of (else it is a document like any file). */
export function isPhoto(attachment) {
  return Boolean(attachment?.thumbnail_url) && String(attachment.mime ?? '').startsWith('image/');
}

/**
 * The size a photo is drawn at, its aspect ratio kept: the longest side `box` pixels (never enlarged), the shortest
 * at least 60 so a panorama stays tappable. Unknown dimensions give a square.
 */
export function photoSize(attachment, box = PHOTO_BOX) {
  const { width, height } = attachment ?? {};
  if (!(width > 0 && height > 0)) return { width: box, height: box };
  const scale = Math.min(1, box / Math.max(width, height));
  return {
    width: Math.max(60, Math.round(width * scale)),
    height: Math.max(60, Math.round(height * scale)),
  };
}

// The gap between the tiles of an album, in CSS pixels (the bubble's colour shows through it).
export const ALBUM_GAP = 4;
// Tiles an album shows at most; the last of them says "+N" for the photos behind it.
export const ALBUM_TILES = 4;

/**
 * How a message's photos are laid out in its bubble, as WhatsApp lays out an album: one photo alone at its own aspect
 * ratio (photoSize); two side by side; three or more in a 2×2 grid `box` pixels wide (three: the third across the
 * bottom), past four the fourth tile saying "+N" for the photos not shown (it opens the viewer at the fourth, and the
 * viewer goes on to the others). Each tile: { photo, width, height, more (0, or N), wide (spans both columns) }.
 */
export function albumTiles(photos, box = PHOTO_BOX) {
  if (photos.length === 1) return [{ photo: photos[0], ...photoSize(photos[0], box), more: 0, wide: false }];
  const half = Math.floor((box - ALBUM_GAP) / 2);
  const shown = photos.slice(0, ALBUM_TILES);
  return shown.map((photo, i) => {
    const wide = photos.length === 3 && i === 2;
    const more = i === ALBUM_TILES - 1 ? photos.length - ALBUM_TILES + 1 : 0;
    return { photo, width: wide ? box : half, height: half, more: more > 1 ? more : 0, wide };
  });
}

/** A file's kind, for its icon: 'pdf' | 'image' | 'audio' | 'video' | 'archive' | 'sheet' | 'text' | 'file'. */
export function fileKind(attachment) {
  const mime = String(attachment?.mime ?? '').toLowerCase();
  const ext = String(attachment?.name ?? '').toLowerCase().split('.').at(-1);
  if (mime === 'application/pdf' || ext === 'pdf') return 'pdf';
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('audio/')) return 'audio';
  if (mime.startsWith('video/')) return 'video';
  if (/zip|compressed|x-tar|gzip|x-7z|x-rar/.test(mime) || ['zip', 'gz', 'tgz', '7z', 'rar', 'tar'].includes(ext)) {
    return 'archive';
  }
  if (/spreadsheet|excel|csv/.test(mime) || ['xls', 'xlsx', 'ods', 'csv'].includes(ext)) return 'sheet';
  if (mime.startsWith('text/') || /word|opendocument\.text|rtf/.test(mime)
      || ['txt', 'md', 'doc', 'docx', 'odt', 'rtf'].includes(ext)) return 'text';
  return 'file';
}

/** The short label under a document's name: "PDF", "ZIP", else the extension in capitals, else "File". */
export function fileTypeLabel(attachment) {
  if (fileKind(attachment) === 'pdf') return 'PDF';
  const name = String(attachment?.name ?? '');
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1) : '';
  return ext && ext.length <= 5 ? ext.toUpperCase() : 'File';
}

const UNITS = ['KB', 'MB', 'GB'];

/** "512 bytes", "1 byte", "181 KB", "2.4 MB": in English, as the rest of the interface. */
export function formatBytes(bytes) {
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  if (bytes < 1024) return bytes === 1 ? '1 byte' : `${bytes} bytes`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = value < 10 ? Math.round(value * 10) / 10 : Math.round(value);
  return `${shown} ${UNITS[unit]}`;
}

/**
 * What the chat list shows for a message with attachments: "📷 Photo", "📷 3 photos", "📄 ticket.pdf",
 * "📎 4 files", followed by the caption when there is one; null for a message without attachments.
 */
export function attachmentPreview(message) {
  const attachments = message?.attachments ?? [];
  if (attachments.length === 0) return null;
  const photos = attachments.filter(isPhoto).length;
  let label;
  if (photos === attachments.length) label = photos === 1 ? '📷 Photo' : `📷 ${photos} photos`;
  else if (attachments.length === 1) label = `📄 ${attachments[0].name}`;
  else label = `📎 ${attachments.length} files`;
  const caption = (message.content ?? '').trim();
  return caption ? `${label} ${caption}` : label;
}

/**
 * Which of `files` (anything with name and size) may join the `already` picked for one message: the rest are
 * refused with the reason to show. Empty files and files over max_attachment_bytes are refused; past
 * max_attachments_per_message the extra ones are.
 */
export function checkFiles(files, already, limits) {
  const accepted = [];
  const refused = [];
  for (const file of files) {
    if (file.size > limits.max_attachment_bytes) {
      refused.push({ file, reason: `"${file.name}" is larger than ${formatBytes(limits.max_attachment_bytes)}` });
    } else if (file.size === 0) {
      refused.push({ file, reason: `"${file.name}" is empty` });
    } else if (already + accepted.length >= limits.max_attachments_per_message) {
      refused.push({ file, reason: `At most ${limits.max_attachments_per_message} files in one message` });
    } else accepted.push(file);
  }
  return { accepted, refused };
}

/** The message view of an upload (what the server will answer for it), for my pending message meanwhile. */
export function attachmentView(uploaded) {
  const url = `/api/attachments/${encodeURIComponent(uploaded.attachment_uuid)}`;
  return {
    attachment_uuid: uploaded.attachment_uuid, name: uploaded.name, mime: uploaded.mime, size: uploaded.size,
    width: uploaded.width ?? null, height: uploaded.height ?? null, url,
    thumbnail_url: uploaded.thumbnail ? `${url}/thumbnail` : null,
  };
}

/**
 * The room's photos in the order shown (oldest first), for the viewer's arrows, each with who sent it (`user`) and
 * when (`sent_at`), which the viewer shows over it.
 */
export function roomPhotos(messages) {
  return messages.filter((m) => !m.deleted).flatMap((m) => (m.attachments ?? []).filter(isPhoto)
    .map((photo) => ({ ...photo, user: m.user, sent_at: m.created_at })));
}

/**
 * The viewer's "3 of 5": the photo's place among the chat's photos, once they are all known (`complete`: no older
 * history left to load, where more could be); empty while they are not, or for a chat's only photo.
 */
export function viewerPosition(index, count, complete) {
  return complete && count > 1 ? `${index + 1} of ${count}` : '';
}
