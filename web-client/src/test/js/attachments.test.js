// Attachments outside a browser: what js/attachments.js decides (photos, sizes, icons, the chat list's preview, the
// server's limits) against the protocol's golden examples, and the Store's uploads: progress, cancel, retry, the
// offline refusal, the send frame that names the uploads, and the queue (three at once, in the order picked, a 429's
// Retry-After waited out by itself). Run with `node --test web-client/src/test/js`.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, mock, test } from 'node:test';
import {
  albumTiles, attachmentPreview, attachmentView, checkFiles, fileKind, fileTypeLabel, formatBytes, isPhoto, photoSize, roomPhotos,
  viewerPosition,
} from '../../main/resources/web/js/attachments.js';
import { ApiError } from '../../main/resources/web/js/api.js';
import { canEdit, lastPreview, timeline } from '../../main/resources/web/js/selectors.js';
import { applyFrame, DEFAULT_LIMITS } from '../../main/resources/web/js/state.js';
import { MAX_RUNNING_UPLOADS, Store } from '../../main/resources/web/js/store.js';

const GOLDEN = new URL('../../../../protocol/src/test/resources/golden/', import.meta.url);
const golden = (path) => JSON.parse(readFileSync(new URL(`${path}.json`, GOLDEN), 'utf8'));

const message = () => golden('rest/message-with-attachments');
const [PHOTO, PDF] = message().attachments;

describe('attachment views', () => {
  test('a photo is an image with a thumbnail; a PDF, or an image without one, is a document', () => {
    assert.deepEqual([isPhoto(PHOTO), isPhoto(PDF), isPhoto({ ...PHOTO, thumbnail_url: null })], [true, false, false]);
  });

  test('a photo is drawn at its aspect ratio, its longest side 280 px, never enlarged', () => {
    assert.deepEqual(photoSize(PHOTO), { width: 210, height: 280 }); // 3024 x 4032, portrait
    assert.deepEqual(photoSize({ width: 4000, height: 1000 }), { width: 280, height: 70 });
    assert.deepEqual(photoSize({ width: 100, height: 50 }), { width: 100, height: 60 });
    assert.deepEqual(photoSize({ width: null, height: null }), { width: 280, height: 280 });
  });

  test('several photos make an album: two side by side, then a 2×2 grid whose fourth tile says +N for the rest', () => {
    const photos = (n) => Array.from({ length: n }, (_, i) => ({ ...PHOTO, attachment_uuid: `p${i + 1}` }));
    const laid = (n) => albumTiles(photos(n)).map((t) => [t.photo.attachment_uuid, t.width, t.height, t.more, t.wide]);
    assert.deepEqual(laid(1), [['p1', 210, 280, 0, false]]);
    assert.deepEqual(laid(2), [['p1', 138, 138, 0, false], ['p2', 138, 138, 0, false]]);
    assert.deepEqual(laid(3), [['p1', 138, 138, 0, false], ['p2', 138, 138, 0, false], ['p3', 280, 138, 0, true]]);
    assert.deepEqual(laid(4).map((t) => t[3]), [0, 0, 0, 0]);
    assert.deepEqual(laid(10), [['p1', 138, 138, 0, false], ['p2', 138, 138, 0, false], ['p3', 138, 138, 0, false],
      ['p4', 138, 138, 7, false]]);
  });

  test('a document has an icon by its type and a short type label', () => {
    const file = (name, mime) => ({ name, mime });
    assert.deepEqual([PDF, file('a.zip', 'application/zip'), file('song.mp3', 'audio/mpeg'),
      file('clip.mp4', 'video/mp4'), file('notes.txt', 'text/plain'), file('sums.xlsx', 'application/octet-stream'),
      file('setup', 'application/octet-stream')].map(fileKind),
    ['pdf', 'archive', 'audio', 'video', 'text', 'sheet', 'file']);
    assert.deepEqual([fileTypeLabel(PDF), fileTypeLabel(file('a.docx', '')), fileTypeLabel(file('README', ''))],
      ['PDF', 'DOCX', 'File']);
  });

  test('sizes read as people say them', () => {
    assert.deepEqual([1, 512, 2048, 181344, 2483201, 26214400].map(formatBytes),
      ['1 byte', '512 bytes', '2 KB', '177 KB', '2.4 MB', '25 MB']);
  });

  test('an upload answer becomes the view the server will send for it', () => {
    assert.deepEqual([attachmentView(golden('rest/attachment-uploaded')),
      attachmentView(golden('rest/attachment-uploaded-file'))], [PHOTO, PDF]);
  });

  test("the viewer moves through the room's photos in order, deleted ones left out, each with its sender and time", () => {
    const second = { ...PHOTO, attachment_uuid: 'p2' };
    const later = '2026-11-24T10:00:00Z';
    const messages = [message(), { ...message(), seq: 52, user: 'bob', created_at: later, attachments: [second] },
      { ...message(), seq: 53, deleted: true }, { ...message(), seq: 54, attachments: [] }];
    assert.deepEqual(roomPhotos(messages), [{ ...PHOTO, user: 'alice', sent_at: '2026-11-24T09:21:13.004211Z' },
      { ...second, user: 'bob', sent_at: later }]);
  });

  test('the viewer says "3 of 5" once every photo of the chat is known, nothing before or for a lone photo', () => {
    assert.deepEqual([viewerPosition(2, 5, true), viewerPosition(2, 5, false), viewerPosition(0, 1, true)],
      ['3 of 5', '', '']);
  });
});

describe('editing', () => {
  test('a caption can be edited, files alone offer no Edit', () => {
    const room = { room_uuid: message().room_uuid, member: true, members: [] };
    const now = Date.parse(message().created_at) + 1000;
    assert.deepEqual([canEdit(message(), room, 'alice', DEFAULT_LIMITS, now),
      canEdit({ ...message(), content: '' }, room, 'alice', DEFAULT_LIMITS, now)], [true, false]);
  });
});

describe('the chat list preview', () => {
  const withFiles = (attachments, content = '') => ({ ...message(), attachments, content });

  test('photos say so, a file gives its name, several files their count, the caption follows', () => {
    assert.deepEqual([
      attachmentPreview(withFiles([PHOTO])),
      attachmentPreview(withFiles([PHOTO, { ...PHOTO, attachment_uuid: 'p2' }], 'Our view')),
      attachmentPreview(withFiles([PDF], 'Tickets')),
      attachmentPreview(withFiles([PHOTO, PDF])),
      attachmentPreview(withFiles([])),
    ], ['📷 Photo', '📷 2 photos Our view', '📄 boarding pass.pdf Tickets', '📎 2 files', null]);
  });
});

describe('the limits from GET /api/limits/', () => {
  const limits = { ...DEFAULT_LIMITS, max_attachment_bytes: 1000, max_attachments_per_message: 3 };
  const file = (name, size) => ({ name, size });

  test('too large and empty files are refused with the reason; past the count, the extra ones', () => {
    const { accepted, refused } = checkFiles(
      [file('a', 10), file('big', 1001), file('b', 1000), file('empty', 0), file('c', 5)], 1, limits);
    assert.deepEqual(accepted.map((f) => f.name), ['a', 'b']);
    assert.deepEqual(refused.map((r) => r.reason), ['"big" is larger than 1000 bytes', '"empty" is empty',
      'At most 3 files in one message']);
  });
});

describe('uploads in the Store', () => {
  const ROOM = message().room_uuid;
  const room = () => ({ room_uuid: ROOM, name: 'Trip 2027', kind: 'group', last_seq: 50, unread_count: 0,
    members: [{ username: 'alice', role: 'admin', delivered_seq: 50, read_seq: 50 }], last_message: null,
    created_at: '2026-11-20T09:00:00Z' });

  /** alice signed in with the room open; each upload waits in `uploads` for the test to settle or abort it. */
  async function signedIn({ online = () => true, random = Math.random } = {}) {
    const uploads = [];
    const api = {
      me: async () => ({ username: 'alice' }), rooms: async () => [room()], blockedUsers: async () => [],
      limits: async () => ({ ...DEFAULT_LIMITS, max_attachments_per_message: 2 }), messages: async () => [],
      upload: (roomUuid, file, onProgress) => {
        const call = { roomUuid, file, onProgress, aborted: false };
        call.promise = new Promise((resolve, reject) => Object.assign(call, { resolve, reject }));
        uploads.push(call);
        return { promise: call.promise, abort: () => { call.aborted = true; call.reject(new ApiError(0, 'aborted', '')); } };
      },
    };
    const store = new Store({ api, online, random });
    const sent = [];
    store.useTransport((frame) => sent.push(frame) > 0);
    await store.boot();
    store.setConnection('open');
    store.openRoom(ROOM);
    await new Promise((resolve) => setImmediate(resolve));
    return { store, sent, uploads };
  }
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  const photoFile = { name: 'IMG_2041.jpg', size: 2483201, type: 'image/jpeg' };
  const pdfFile = { name: 'boarding pass.pdf', size: 181344, type: 'application/pdf' };
  const states = (store) => store.uploadsOf(ROOM).map((u) => [u.name, u.status, u.progress, u.error]);

  test('picked files upload at once with their progress; the send names them, its text the caption', async () => {
    const { store, sent, uploads } = await signedIn();
    store.addFiles(ROOM, [photoFile, pdfFile]);
    uploads[0].onProgress(0.5);
    assert.deepEqual(states(store), [['IMG_2041.jpg', 'uploading', 0.5, null],
      ['boarding pass.pdf', 'uploading', 0, null]]);
    assert.equal(store.send(ROOM, 'Our tickets'), false, 'nothing is sent before every file is uploaded');

    uploads[0].resolve(golden('rest/attachment-uploaded'));
    uploads[1].resolve(golden('rest/attachment-uploaded-file'));
    await settle();
    assert.equal(store.send(ROOM, '  Our tickets, and the view from the hotel '), true);

    assert.deepEqual({ ...sent.at(-1), client_id: 'c-8d21' }, golden('client/send-with-attachments'));
    assert.deepEqual(store.uploadsOf(ROOM), []);
    const pending = timeline(store.state, ROOM).at(-1);
    assert.deepEqual(pending.attachments, [PHOTO, PDF]);
    assert.equal(lastPreview(store.state, store.state.rooms.get(ROOM)).attachments.length, 2);
  });

  test('a message may be files alone, without a caption', async () => {
    const { store, sent, uploads } = await signedIn();
    store.addFiles(ROOM, [photoFile]);
    uploads[0].resolve(golden('rest/attachment-uploaded'));
    await settle();
    assert.equal(store.send(ROOM, ''), true);
    assert.deepEqual([sent.at(-1).content, sent.at(-1).attachments], ['', [PHOTO.attachment_uuid]]);
  });

  test('cancel aborts the upload and drops the file', async () => {
    const { store, uploads } = await signedIn();
    store.addFiles(ROOM, [photoFile, pdfFile]);
    store.removeUpload(ROOM, store.uploadsOf(ROOM)[0].id);
    await settle();
    assert.equal(uploads[0].aborted, true);
    assert.deepEqual(states(store), [['boarding pass.pdf', 'uploading', 0, null]]);
  });

  test('a refused upload fails with the reason and can be retried', async () => {
    const { store, uploads } = await signedIn();
    store.addFiles(ROOM, [photoFile]);
    uploads[0].reject(new ApiError(413, 'too_large', 'too large'));
    await settle();
    assert.deepEqual(states(store), [['IMG_2041.jpg', 'failed', 0, 'Larger than 25 MB.']]);

    store.retryUpload(ROOM, store.uploadsOf(ROOM)[0].id);
    assert.equal(uploads.length, 2);
    uploads[1].resolve(golden('rest/attachment-uploaded'));
    await settle();
    assert.deepEqual(states(store), [['IMG_2041.jpg', 'done', 1, null]]);
  });

  test('offline, an upload fails at once and says why instead of waiting out of sight', async () => {
    let online = false;
    const { store, uploads } = await signedIn({ online: () => online });
    store.addFiles(ROOM, [photoFile]);
    assert.deepEqual(states(store), [['IMG_2041.jpg', 'failed', 0, "You're offline. Uploads need a connection."]]);
    assert.equal(uploads.length, 0);

    online = true;
    store.retryUpload(ROOM, store.uploadsOf(ROOM)[0].id);
    assert.deepEqual(states(store), [['IMG_2041.jpg', 'uploading', 0, null]]);
  });

  test("past the server's count the extra files are refused with a notice", async () => {
    const { store } = await signedIn();
    store.addFiles(ROOM, [photoFile, pdfFile, { name: 'third.txt', size: 3, type: 'text/plain' }]);
    assert.deepEqual(store.uploadsOf(ROOM).map((u) => u.name), ['IMG_2041.jpg', 'boarding pass.pdf']);
    assert.equal(store.state.notice, 'At most 2 files in one message.');
  });

  describe('the queue', () => {
    beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
    afterEach(() => mock.timers.reset());

    const files = (n) => Array.from({ length: n }, (_, i) => ({ name: `f${i + 1}.txt`, size: 10, type: 'text/plain' }));
    const started = (uploads) => uploads.map((u) => u.file.name);
    const statuses = (store) => store.uploadsOf(ROOM).map((u) => u.status);
    /** What the server answers past its upload limits: 429 with the seconds to wait in Retry-After. */
    const refused = (retryAfter, message = 'uploading too fast: at most 60 files a minute') =>
      Object.assign(new ApiError(429, 'rate_limited', message), { retryAfter });
    const fiveAllowed = async (options) => {
      const signed = await signedIn(options);
      signed.store.state.limits.max_attachments_per_message = 10;
      return signed;
    };

    test('at most three run at once; the others wait and start in the order picked as uploads end', async () => {
      const { store, uploads } = await fiveAllowed();
      store.addFiles(ROOM, files(5));
      assert.equal(MAX_RUNNING_UPLOADS, 3);
      assert.deepEqual([started(uploads), statuses(store)],
        [['f1.txt', 'f2.txt', 'f3.txt'], ['uploading', 'uploading', 'uploading', 'waiting', 'waiting']]);
      assert.equal(store.send(ROOM, 'all of them'), false, 'nothing is sent while files wait their turn');

      uploads[1].resolve(golden('rest/attachment-uploaded'));
      await settle();
      assert.deepEqual(started(uploads), ['f1.txt', 'f2.txt', 'f3.txt', 'f4.txt']);
      uploads[0].reject(new ApiError(413, 'too_large', 'too large'));
      await settle();
      assert.deepEqual([started(uploads), statuses(store)], [['f1.txt', 'f2.txt', 'f3.txt', 'f4.txt', 'f5.txt'],
        ['failed', 'done', 'uploading', 'uploading', 'uploading']]);
    });

    test('cancelling a waiting file takes it out of the queue: it never starts', async () => {
      const { store, uploads } = await fiveAllowed();
      store.addFiles(ROOM, files(5));
      store.removeUpload(ROOM, store.uploadsOf(ROOM)[3].id);
      uploads[0].resolve(golden('rest/attachment-uploaded'));
      uploads[1].resolve(golden('rest/attachment-uploaded'));
      await settle();
      assert.deepEqual(started(uploads), ['f1.txt', 'f2.txt', 'f3.txt', 'f5.txt']);
      assert.deepEqual(store.uploadsOf(ROOM).map((u) => u.name), ['f1.txt', 'f2.txt', 'f3.txt', 'f5.txt']);
    });

    test('cancelling a running upload lets the next waiting one start', async () => {
      const { store, uploads } = await fiveAllowed();
      store.addFiles(ROOM, files(4));
      store.removeUpload(ROOM, store.uploadsOf(ROOM)[1].id);
      await settle();
      assert.deepEqual([started(uploads), uploads[1].aborted, statuses(store)],
        [['f1.txt', 'f2.txt', 'f3.txt', 'f4.txt'], true, ['uploading', 'uploading', 'uploading']]);
    });

    test('a 429 with a short Retry-After waits, saying so, and is tried again by itself after it and the jitter',
      async () => {
        const { store, sent, uploads } = await fiveAllowed({ random: () => 0.5 });
        store.addFiles(ROOM, files(1));
        uploads[0].reject(refused(2));
        await settle();
        assert.deepEqual(store.uploadsOf(ROOM).map((u) => [u.status, u.retrying, u.error]), [['waiting', true, null]]);

        mock.timers.tick(2_499); // 2 s asked for, and half of the 1 s of jitter
        assert.equal(uploads.length, 1);
        mock.timers.tick(1);
        assert.deepEqual([started(uploads), store.uploadsOf(ROOM).map((u) => [u.status, u.retrying])],
          [['f1.txt', 'f1.txt'], [['uploading', false]]]);
        uploads[1].resolve(golden('rest/attachment-uploaded'));
        await settle();
        assert.equal(store.send(ROOM, 'at last'), true);
        assert.deepEqual(sent.at(-1).attachments, [PHOTO.attachment_uuid]);
      });

    test('while the server asks for a pause no other upload starts; then the refused one goes first', async () => {
      const { store, uploads } = await fiveAllowed({ random: () => 0 });
      store.addFiles(ROOM, files(4));
      uploads[0].reject(refused(1, 'at most 4 uploads at once'));
      await settle();
      assert.deepEqual([started(uploads), statuses(store)],
        [['f1.txt', 'f2.txt', 'f3.txt'], ['waiting', 'uploading', 'uploading', 'waiting']]);

      mock.timers.tick(1_000);
      assert.deepEqual([started(uploads), statuses(store)],
        [['f1.txt', 'f2.txt', 'f3.txt', 'f1.txt'], ['uploading', 'uploading', 'uploading', 'waiting']]);
    });

    test('after a pause uploads start one at a time until the server takes one, then three at once again',
      async () => {
        const { store, uploads } = await fiveAllowed({ random: () => 0 });
        store.addFiles(ROOM, files(5));
        for (const call of uploads.slice(0, 3)) call.reject(refused(1));
        await settle();
        mock.timers.tick(1_000);
        assert.deepEqual(started(uploads), ['f1.txt', 'f2.txt', 'f3.txt', 'f1.txt']);
        uploads[3].reject(refused(1));
        await settle();
        mock.timers.tick(1_000);
        assert.deepEqual(started(uploads), ['f1.txt', 'f2.txt', 'f3.txt', 'f1.txt', 'f1.txt']);

        uploads[4].resolve(golden('rest/attachment-uploaded'));
        await settle();
        assert.deepEqual([started(uploads).slice(5), statuses(store)], [['f2.txt', 'f3.txt', 'f4.txt'],
          ['done', 'uploading', 'uploading', 'uploading', 'waiting']]);
      });

    test("a 429 with a long Retry-After (the quota of files not sent) fails with the server's words until Retry",
      async () => {
        const { store, uploads } = await fiveAllowed({ random: () => 0 });
        store.addFiles(ROOM, files(1));
        uploads[0].reject(refused(86_400, 'too many files uploaded but not sent (at most 50 files or 500 MiB): send'
          + ' or wait for them to expire'));
        await settle();
        assert.deepEqual(store.uploadsOf(ROOM).map((u) => [u.status, u.error]), [['failed',
          'Too many files uploaded but not sent (at most 50 files or 500 MiB): send or wait for them to expire.']]);
        mock.timers.tick(86_400_000 + 1_000);
        assert.equal(uploads.length, 1, 'never tried again by itself');

        store.retryUpload(ROOM, store.uploadsOf(ROOM)[0].id);
        assert.deepEqual([uploads.length, statuses(store)], [2, ['uploading']]);
      });

    test('offline, every picked file fails at once, those that would have waited too', async () => {
      const { store, uploads } = await fiveAllowed({ online: () => false });
      store.addFiles(ROOM, files(4));
      assert.deepEqual([uploads.length, statuses(store)], [0, ['failed', 'failed', 'failed', 'failed']]);
    });
  });

  test("the ack replaces my pending message with the server's view, attachments and all", async () => {
    const { store, sent, uploads } = await signedIn();
    store.addFiles(ROOM, [photoFile]);
    uploads[0].resolve(golden('rest/attachment-uploaded'));
    await settle();
    store.send(ROOM, '');
    const stored = { ...message(), client_id: sent.at(-1).client_id, attachments: [PHOTO], content: '' };
    applyFrame(store.state, { type: 'ack', client_id: stored.client_id, message: stored });
    assert.deepEqual(store.state.outbox, []);
    assert.deepEqual(timeline(store.state, ROOM).at(-1).attachments, [PHOTO]);
  });
});
