// Message search outside a browser: the snippet's runs (js/search.js), the chat filter (js/selectors.js), the search
// box's reducer and its controller (one request at a time, the cursor, short pages, errors), how results read, and
// the API call. Run with `node --test web-client/src/test/js`.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, mock, test } from 'node:test';
import { ApiError, createApi } from '../../main/resources/web/js/api.js';
import { searchErrorText } from '../../main/resources/web/js/errorText.js';
import {
  MessageSearch, RECHECK_DELAY_MS, REFRESH_DELAY_MS, initialSearch, resultChatName, resultSender, retryHelps,
  searchReducer, searchView, snippetParts,
} from '../../main/resources/web/js/search.js';
import { chatMatches, foldText, sortedRooms } from '../../main/resources/web/js/selectors.js';
import { createState, upsertRoom } from '../../main/resources/web/js/state.js';

const GOLDEN = new URL('../../../../protocol/src/test/resources/golden/', import.meta.url);
const golden = (path) => JSON.parse(readFileSync(new URL(`${path}.json`, GOLDEN), 'utf8'));

/** A result like the golden one, for message `n` (its own uuid and seq). */
const hit = (n, room = golden('rest/search-page').results[0].room) => ({
  ...golden('rest/search-page').results[0], room,
  message: { ...golden('rest/search-page').results[0].message, message_uuid: `m-${n}`, seq: n },
});

describe('snippetParts', () => {
  test('the golden snippet is its runs as they are, the HTML in it plain text', () => {
    assert.deepEqual(snippetParts(golden('rest/search-page').results[0].snippet), [
      { text: "Let's ", match: false }, { text: 'meet', match: true }, { text: ' <b>where</b> the ', match: false },
      { text: 'café', match: true }, { text: ' is, at 7', match: false },
    ]);
  });

  test('adjacent runs of one kind join, empty runs and runs that are not text go', () => {
    assert.deepEqual(snippetParts([{ text: 'me', match: true }, { text: 'et', match: true }, { text: '', match: false },
      null, { text: 42, match: true }, { match: false }, { text: ' <img src=x onerror=alert(1)>', match: 'yes' }]), [
      { text: 'meet', match: true }, { text: ' <img src=x onerror=alert(1)>', match: false },
    ]);
  });

  test('a snippet that is a string is text without highlight; none at all falls back to the message', () => {
    assert.deepEqual(snippetParts('<b>where</b> we meet'), [{ text: '<b>where</b> we meet', match: false }]);
    assert.deepEqual(snippetParts(undefined, 'see you <i>there</i>'), [{ text: 'see you <i>there</i>', match: false }]);
    assert.deepEqual(snippetParts([], ''), []);
  });
});

describe('the chat filter', () => {
  function stateWith(me, rooms) {
    const state = createState();
    state.me = { username: me };
    for (const room of rooms) upsertRoom(state, room);
    return state;
  }
  const direct = golden('rest/room');
  const group = { ...golden('rest/room-group'), room_name: 'Café Crème' };

  test('finds a direct chat by the other person, never by my own name in the pair name', () => {
    const state = stateWith('alice', [direct]);

    assert.equal(chatMatches(direct, 'bo', 'alice'), true);
    assert.equal(chatMatches(direct, 'alic', 'alice'), false);
    assert.equal(chatMatches(direct, '&', 'alice'), false);
    assert.deepEqual(sortedRooms(state, 'BOB').map((r) => r.room_uuid), [direct.room_uuid]);
  });

  test('finds a group by its name (case and accents aside) and by its members, but not by me', () => {
    const state = stateWith('alice', [direct, group]);

    assert.deepEqual(sortedRooms(state, 'cafe creme').map((r) => r.room_uuid), [group.room_uuid]);
    assert.deepEqual(sortedRooms(state, 'caro').map((r) => r.room_uuid), [group.room_uuid]);
    assert.deepEqual(sortedRooms(state, 'bob').map((r) => r.room_uuid).sort(),
      [direct.room_uuid, group.room_uuid].sort());
    assert.equal(chatMatches(state.rooms.get(group.room_uuid), 'alice', 'alice'), false);
    assert.equal(sortedRooms(state, '  ').length, 2);
  });

  test('folds case and accents', () => {
    assert.equal(foldText('Ünïcødé CAFÉ'), 'unicøde cafe'); // ø is a letter of its own, not an o with a mark
  });
});

describe('the search box reducer', () => {
  const started = () => searchReducer(initialSearch(), { type: 'start', query: 'meet', roomUuid: null, id: 1 });

  test('a new query searches from nothing', () => {
    const before = { ...initialSearch(), query: 'old', status: 'done', results: [hit(1)], next: 'c', id: 0 };

    assert.deepEqual(searchReducer(before, { type: 'start', query: 'meet', roomUuid: 'r', id: 1 }),
      { ...initialSearch(), query: 'meet', roomUuid: 'r', status: 'searching', id: 1 });
  });

  test('pages add their results in order, each message once, and keep the cursor', () => {
    let state = searchReducer(started(), { type: 'page', id: 1, page: { results: [hit(9), hit(8)], next: 'c1' } });
    state = searchReducer(state, { type: 'more', id: 1 });
    assert.equal(state.more, 'loading');
    state = searchReducer(state, { type: 'page', id: 1, page: { results: [hit(8), hit(5)], next: null } });

    assert.deepEqual(state.results.map((r) => r.message.seq), [9, 8, 5]);
    assert.equal(state.next, null);
    assert.equal(state.more, 'idle');
    assert.equal(state.status, 'done');
  });

  test("an answer for another query changes nothing, nor does 'more' without a cursor", () => {
    const state = started();

    assert.equal(searchReducer(state, { type: 'page', id: 0, page: { results: [hit(1)], next: null } }), state);
    const done = searchReducer(state, { type: 'page', id: 1, page: { results: [], next: null } });
    assert.equal(searchReducer(done, { type: 'more', id: 1 }), done);
  });

  test('a failed first page is an error, a failed later page keeps what was found', () => {
    assert.deepEqual(searchReducer(started(), { type: 'failed', id: 1, error: 'Nope.', retry: true }),
      { ...started(), status: 'error', error: 'Nope.', retry: true });
    let state = searchReducer(started(), { type: 'page', id: 1, page: { results: [hit(3)], next: 'c' } });
    state = searchReducer(searchReducer(state, { type: 'more', id: 1 }),
      { type: 'failed', id: 1, error: 'Later.', retry: false });

    assert.deepEqual([state.status, state.more, state.error, state.retry, state.results.length],
      ['done', 'error', 'Later.', false, 1]);
  });

  test('a deleted message leaves the results, in their order; one not among them changes nothing', () => {
    const state = searchReducer(started(), { type: 'page', id: 1, page: { results: [hit(9), hit(8), hit(7)], next: 'c' } });

    assert.deepEqual(searchReducer(state, { type: 'removed', messageUuid: 'm-8' }),
      { ...state, results: [hit(9), hit(7)] });
    assert.equal(searchReducer(state, { type: 'removed', messageUuid: 'm-1' }), state);
  });

  test('a refresh keeps the results shown until its answer replaces them, cursor and all', () => {
    let state = searchReducer(started(), { type: 'page', id: 1, page: { results: [hit(9), hit(8)], next: 'c1' } });
    state = searchReducer(state, { type: 'more', id: 1 });
    state = searchReducer(state, { type: 'refresh', id: 2 });

    assert.deepEqual(state, { ...started(), status: 'done', results: [hit(9), hit(8)], next: 'c1', id: 2 });
    assert.equal(searchReducer(state, { type: 'page', id: 1, page: { results: [hit(5)], next: null } }), state,
      'the page asked for before is dropped');
    const fresh = { ...hit(9), snippet: [{ text: 'new text', match: true }] };
    assert.deepEqual(searchReducer(state, { type: 'refreshed', id: 2, page: { results: [fresh, hit(6)], next: 'c2' } }),
      { ...state, results: [fresh, hit(6)], next: 'c2' });
    assert.equal(searchReducer(initialSearch(), { type: 'refresh', id: 3 }).status, 'idle');
  });

  test('what the box shows in each state', () => {
    const page = (results, next) => searchReducer(started(), { type: 'page', id: 1, page: { results, next } });
    assert.deepEqual(searchView(initialSearch()), { kind: 'idle' });
    assert.deepEqual(searchView(started()), { kind: 'searching' });
    assert.deepEqual(searchView(page([], null)), { kind: 'empty', more: null });
    assert.deepEqual(searchView(page([], 'c')), { kind: 'empty', more: 'button' });
    assert.deepEqual(searchView(searchReducer(page([], 'c'), { type: 'more', id: 1 })), { kind: 'searching' });
    assert.deepEqual(searchView(page([hit(1)], 'c')), { kind: 'results', more: 'button', text: null });
    assert.deepEqual(searchView(page([hit(1)], null)), { kind: 'results', more: null, text: null });
    assert.deepEqual(searchView(searchReducer(started(), { type: 'failed', id: 1, error: 'E.', retry: true })),
      { kind: 'error', text: 'E.', retry: true });
    assert.deepEqual(searchView(searchReducer(started(), { type: 'failed', id: 1, error: 'E.', retry: false })),
      { kind: 'error', text: 'E.', retry: false });
    const later = searchReducer(searchReducer(page([hit(1)], 'c'), { type: 'more', id: 1 }),
      { type: 'failed', id: 1, error: 'L.', retry: false });
    assert.deepEqual(searchView(later), { kind: 'results', more: 'error', text: 'L.', retry: false });
  });
});

describe('MessageSearch', () => {
  /** A controller over a fetchPage whose calls wait until the test answers them. */
  function controlled(options) {
    const calls = [];
    const search = new MessageSearch((params) => new Promise((resolve, reject) => {
      calls.push({ params, resolve, reject });
      params.signal.addEventListener('abort', () => reject(new ApiError(0, 'aborted', 'Cancelled.')));
    }), options);
    return { search, calls };
  }
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  test('a new query aborts the one on its way, whose late answer is dropped', async () => {
    const { search, calls } = controlled();
    search.search('mee');
    search.search('meet', 'room-1');

    assert.equal(calls[0].params.signal.aborted, true);
    calls[0].resolve({ results: [hit(1)], next: null });
    calls[1].resolve({ results: [hit(2)], next: null });
    await settle();

    assert.deepEqual(calls.map((c) => [c.params.query, c.params.roomUuid, c.params.before]),
      [['mee', null, null], ['meet', 'room-1', null]]);
    assert.deepEqual(search.state.results.map((r) => r.message.seq), [2]);
    assert.equal(search.state.status, 'done');
  });

  test('more asks for the next page with the cursor, once, and stops when the cursor runs out', async () => {
    const { search, calls } = controlled({ limit: 2 });
    search.search('meet');
    calls[0].resolve({ results: [hit(9), hit(8)], next: 'c1' });
    await settle();
    search.more();
    search.more(); // already on its way: not twice

    assert.equal(calls.length, 2);
    assert.equal(calls[1].params.before, 'c1');
    calls[1].resolve({ results: [hit(7)], next: null });
    await settle();
    search.more();

    assert.equal(calls.length, 2);
    assert.deepEqual(search.state.results.map((r) => r.message.seq), [9, 8, 7]);
  });

  test('a short page with a cursor is followed by the next by itself, a bounded number of times', async () => {
    const { search, calls } = controlled({ limit: 20 });
    search.search('meet');
    for (let i = 0; i < 5; i++) {
      assert.equal(calls.length, i + 1);
      assert.equal(searchView(search.state).kind, 'searching');
      calls[i].resolve({ results: [], next: `c${i + 1}` });
      await settle();
    }

    assert.equal(calls.length, 5);
    assert.deepEqual(calls.map((c) => c.params.before), [null, 'c1', 'c2', 'c3', 'c4']);
    assert.deepEqual(searchView(search.state), { kind: 'empty', more: 'button' });
  });

  test("a refusal shows the server's words, with the wait it asked for, and Try again asks again", async () => {
    const { search, calls } = controlled();
    search.search('meet');
    const refusal = new ApiError(429, 'rate_limited', 'too many searches');
    refusal.retryAfter = 3;
    calls[0].reject(refusal);
    await settle();

    assert.deepEqual(searchView(search.state),
      { kind: 'error', text: 'Too many searches. Try again in 3 seconds.', retry: true });
    search.retry();
    assert.equal(calls.length, 2);
    assert.equal(search.state.status, 'searching');
  });

  test('clearing aborts what is on its way and forgets the results', async () => {
    const { search, calls } = controlled();
    search.search('meet');
    search.clear();
    calls[0].resolve({ results: [hit(1)], next: null });
    await settle();

    assert.equal(calls[0].params.signal.aborted, true);
    assert.deepEqual(search.state, { ...initialSearch(), id: search.state.id });
  });

  test('a refusal that asking again cannot change offers no Try again; a network error, 5xx or 429 do', async () => {
    const { search, calls } = controlled();
    search.search('one two three four five six seven eight nine ten eleven');
    calls[0].reject(new ApiError(400, 'validation', 'the search has too many words: at most 10'));
    await settle();

    assert.deepEqual(searchView(search.state),
      { kind: 'error', text: 'The search has too many words: at most 10.', retry: false });
    assert.deepEqual([400, 403, 404, 413].map((status) => retryHelps(new ApiError(status, 'x', 'x'))),
      [false, false, false, false]);
    assert.deepEqual([0, 429, 500, 503].map((status) => retryHelps(new ApiError(status, 'x', 'x'))),
      [true, true, true, true]);
    assert.equal(retryHelps(new TypeError('failed to fetch')), true);
  });

  test('an empty query searches nothing', () => {
    const { search, calls } = controlled();
    search.search('   ');

    assert.equal(calls.length, 0);
    assert.equal(search.state.status, 'idle');
  });
});

describe('MessageSearch following edits and deletes', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
  afterEach(() => mock.timers.reset());

  function controlled(options) {
    const calls = [];
    const search = new MessageSearch((params) => new Promise((resolve, reject) => {
      calls.push({ params, resolve, reject });
      params.signal.addEventListener('abort', () => reject(new ApiError(0, 'aborted', 'Cancelled.')));
    }), options);
    return { search, calls };
  }
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  const edited = (n, text) => ({ action: 'edit', message: { ...hit(n).message, content: text } });
  const deleted = (n) => ({ action: 'delete', message: { ...hit(n).message, content: '', deleted: true } });
  const seqs = (search) => search.state.results.map((r) => r.message.seq);

  /** A search showing `results` (one page, `next` its cursor), every request answered. */
  async function showing(results, next = null, options = { limit: 2 }) {
    const { search, calls } = controlled(options);
    search.search('meet');
    calls[0].resolve({ results, next });
    await settle();
    return { search, calls };
  }

  test('a deleted result goes at once, without asking the server', async () => {
    const { search, calls } = await showing([hit(9), hit(8)]);

    search.messageChanged(deleted(9));
    mock.timers.tick(RECHECK_DELAY_MS * 2);

    assert.deepEqual(seqs(search), [8]);
    assert.equal(calls.length, 1);
  });

  test('a page on its way when a message was deleted does not bring it back', async () => {
    const { search, calls } = controlled({ limit: 2 });
    search.search('meet');
    search.messageChanged(deleted(9));
    calls[0].resolve({ results: [hit(9), hit(8)], next: null });
    await settle();

    assert.deepEqual(seqs(search), [8]);
  });

  test('edits of results run the search again once, a moment after the burst, as far as the results reached', async () => {
    const { search, calls } = await showing([hit(9), hit(8)], 'c1');
    search.more();
    calls[1].resolve({ results: [hit(7), hit(6)], next: 'c2' });
    await settle();
    const changes = [];
    search.addEventListener('change', () => changes.push(searchView(search.state).kind));

    search.messageChanged(edited(9, 'meet at 8'));
    mock.timers.tick(REFRESH_DELAY_MS - 1);
    search.messageChanged(edited(7, 'we meet there'));
    mock.timers.tick(REFRESH_DELAY_MS - 1);
    assert.equal(calls.length, 2, 'nothing asked while the edits go on');
    mock.timers.tick(1);

    assert.equal(calls.length, 3);
    assert.deepEqual(calls[2].params, { ...calls[0].params, limit: 4, signal: calls[2].params.signal });
    const fresh9 = { ...hit(9), snippet: [{ text: 'meet', match: true }, { text: ' at 8', match: false }] };
    calls[2].resolve({ results: [fresh9, hit(7), hit(6), hit(5)], next: 'c3' });
    await settle();

    assert.deepEqual(search.state.results, [fresh9, hit(7), hit(6), hit(5)]);
    assert.equal(search.state.next, 'c3');
    assert.deepEqual(changes, ['results', 'results'], 'never "Searching…" meanwhile');
  });

  test('a refresh reads page after page until it reaches as far as before, at most the usual number', async () => {
    const { search, calls } = await showing(Array.from({ length: 60 }, (_, i) => hit(100 - i)), 'c',
      { limit: 20 });
    search.messageChanged(edited(100, 'new'));
    mock.timers.tick(REFRESH_DELAY_MS);
    calls[1].resolve({ results: Array.from({ length: 49 }, (_, i) => hit(100 - i)), next: 'r1' });
    await settle();
    calls[2].resolve({ results: Array.from({ length: 50 }, (_, i) => hit(51 - i)), next: 'r2' });
    await settle();

    assert.deepEqual(calls.slice(1).map((c) => [c.params.before, c.params.limit]), [[null, 50], ['r1', 50]]);
    assert.equal(search.state.results.length, 99);
    assert.equal(search.state.next, 'r2');
  });

  test('an edited result that did not come back is looked for once more later, then not again', async () => {
    const { search, calls } = await showing([hit(9), hit(8)]);
    search.messageChanged(edited(9, 'no longer matching'));
    mock.timers.tick(REFRESH_DELAY_MS);
    calls[1].resolve({ results: [hit(8)], next: null });
    await settle();
    assert.deepEqual(seqs(search), [8]);

    mock.timers.tick(RECHECK_DELAY_MS);
    assert.equal(calls.length, 3, 'the index may not have held the new text yet');
    calls[2].resolve({ results: [hit(9), hit(8)], next: null });
    await settle();
    assert.deepEqual(seqs(search), [9, 8]);

    mock.timers.tick(RECHECK_DELAY_MS * 2);
    assert.equal(calls.length, 3);
  });

  test('a reaction, or an edit of a message not among the results, asks nothing', async () => {
    const { search, calls } = await showing([hit(9)]);

    search.messageChanged({ action: 'react', message: hit(9).message });
    search.messageChanged(edited(4, 'meet'));
    mock.timers.tick(RECHECK_DELAY_MS * 2);

    assert.equal(calls.length, 1);
  });

  test('a refresh that fails keeps what shows; a new query or clearing drops a refresh still to come', async () => {
    const { search, calls } = await showing([hit(9), hit(8)]);
    search.messageChanged(edited(9, 'x'));
    mock.timers.tick(REFRESH_DELAY_MS);
    calls[1].reject(new ApiError(503, 'unavailable', 'busy'));
    await settle();
    assert.deepEqual([searchView(search.state).kind, ...seqs(search)], ['results', 9, 8]);

    search.clear();
    mock.timers.tick(RECHECK_DELAY_MS * 2);
    assert.equal(calls.length, 2);
  });

  test('a refresh gives up the page "Load more" was waiting for, and a late answer to it is dropped', async () => {
    const { search, calls } = await showing([hit(9), hit(8)], 'c1');
    search.more();
    search.messageChanged(edited(8, 'x'));
    mock.timers.tick(REFRESH_DELAY_MS);

    assert.equal(calls[1].params.signal.aborted, true);
    calls[2].resolve({ results: [hit(9), hit(8)], next: 'c1' });
    await settle();
    assert.deepEqual(searchView(search.state), { kind: 'results', more: 'button', text: null });
    search.more();
    assert.equal(calls[3].params.before, 'c1');
  });

  test('"Load more" while a refresh is on its way waits for it, then follows its cursor', async () => {
    const { search, calls } = await showing([hit(9), hit(8)], 'c1');
    search.messageChanged(edited(9, 'x'));
    mock.timers.tick(REFRESH_DELAY_MS);
    search.more();
    assert.equal(calls.length, 2, 'the refresh only');

    calls[1].resolve({ results: [hit(9), hit(8)], next: 'r1' });
    await settle();
    assert.equal(calls.length, 3);
    assert.equal(calls[2].params.before, 'r1');
    calls[2].resolve({ results: [hit(7)], next: null });
    await settle();
    assert.deepEqual(seqs(search), [9, 8, 7]);
  });
});

describe('how a result reads', () => {
  test('a direct chat is named after the other person as in the list; an unknown chat by the name it carries', () => {
    const state = createState();
    state.me = { username: 'alice' };
    upsertRoom(state, golden('rest/room'));
    const inDirect = hit(1, { room_uuid: golden('rest/room').room_uuid, room_name: 'alice & bob', kind: 'direct' });

    assert.equal(resultChatName(inDirect, state.rooms, 'alice'), 'bob');
    const elsewhere = hit(2, { room_uuid: '9a1c3f0e-0000-4000-8000-000000000000', room_name: 'Trip 2027',
      kind: 'group' });
    assert.equal(resultChatName(elsewhere, state.rooms, 'alice'), 'Trip 2027');
  });

  test('the sender: You for mine, the name in a group, nobody in a direct chat', () => {
    const direct = { room_uuid: 'r', room_name: 'alice & bob', kind: 'direct' };
    assert.equal(resultSender(hit(1), 'alice'), 'You');
    assert.equal(resultSender(hit(1), 'bob'), 'alice');
    assert.equal(resultSender(hit(1, direct), 'bob'), null);
  });

  test("a group member's display name, where the chat list's copy of the group knows one", () => {
    const group = { room_uuid: 'g', room_name: 'Tea', kind: 'group' };
    const rooms = new Map([['g', { ...group, members: [{ username: 'alice', display_name: 'Alice Liddell' }] }]]);

    assert.equal(resultSender(hit(1, group), 'bob', rooms), 'Alice Liddell');
  });

  test('search errors in words', () => {
    assert.equal(searchErrorText(new ApiError(400, 'validation', 'q must not be empty')), 'Q must not be empty.');
    const tooFast = new ApiError(429, 'rate_limited', 'searching too fast: at most 5 searches a second');
    tooFast.retryAfter = 1;
    assert.equal(searchErrorText(tooFast), 'Searching too fast: at most 5 searches a second. Try again in 1 second.');
    const saysWhen = new ApiError(429, 'rate_limited', 'slow down, retry in 2 s');
    saysWhen.retryAfter = 2;
    assert.equal(searchErrorText(saysWhen), 'Slow down, retry in 2 s.');
    assert.equal(searchErrorText(new ApiError(0, 'network', 'x')), "Can't reach the server. Check your connection.");
    assert.equal(searchErrorText(new ApiError(503, 'unavailable', 'x')),
      "Search isn't working right now. Try again in a moment.");
    assert.equal(searchErrorText(new ApiError(404, 'not_found', 'no room')), 'This chat is no longer available.');
  });
});

describe('the search call', () => {
  test('sends the query, the room and the cursor, and reads the page', async () => {
    const urls = [];
    const api = createApi(async (url) => {
      urls.push(url);
      return { ok: true, status: 200, json: async () => golden('rest/search-page') };
    });

    const page = await api.search('meet café', { roomUuid: 'r-1', before: 'MTc2', limit: 20 });

    assert.deepEqual(urls, ['/api/search/?q=meet+caf%C3%A9&room_uuid=r-1&before=MTc2&limit=20']);
    assert.deepEqual(page, golden('rest/search-page'));
  });

  test('a 429 carries Retry-After; an aborted call rejects as aborted', async () => {
    const refused = createApi(async () => ({
      ok: false, status: 429, headers: new Headers({ 'Retry-After': '7' }),
      json: async () => ({ error: 'rate_limited', message: 'too many searches' }),
    }));
    await assert.rejects(refused.search('x'), (error) => error.code === 'rate_limited' && error.retryAfter === 7);

    const abort = new AbortController();
    const hanging = createApi((url, init) => new Promise((resolve, reject) => {
      init.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    }));
    const call = hanging.search('x', { signal: abort.signal });
    abort.abort();
    await assert.rejects(call, (error) => error instanceof ApiError && error.code === 'aborted');
  });
});
