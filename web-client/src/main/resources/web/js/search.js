// Message search (GET /api/search/): the state of one search box as a pure reducer, the controller that runs its
// requests (one at a time, the previous one aborted), and how a result reads. No DOM, so node --test covers it all.

import { searchErrorText } from './errorText.js';
import { memberName, roomTitle } from './selectors.js';

/** Results a page asks for (the server's default; it allows up to 50). */
export const SEARCH_PAGE = 20;
const MAX_PAGE = 50;
// A page may come back short, even empty, while the server has more (`next`): pages follow one another by
// themselves until one user action has a page's worth, but never more than this many for it.
const AUTO_PAGES = 5;
// An edit of a result runs the search again this long after the last edit of a burst: the index takes a moment to
// hold the new text (until then the server leaves the message out), and one request serves the whole burst.
export const REFRESH_DELAY_MS = 1_000;
// An edited result that did not come back (its new text may not be indexed yet, or no longer matches), or a refresh
// that failed: the search runs once more, this much later.
export const RECHECK_DELAY_MS = 3_000;

/**
 * A search box with nothing searched. `status`: 'idle' | 'searching' (its first page on the way) | 'done' | 'error'
 * (the first page failed); `more`: 'idle' | 'loading' | 'error' for the pages after it; `retry`: whether asking again
 * can help after an error. `id` names the request the results belong to: an answer for another one is dropped.
 */
export function initialSearch() {
  return { query: '', roomUuid: null, status: 'idle', results: [], next: null, more: 'idle', error: null, retry: false,
    id: 0 };
}

/**
 * The search box's next state after `action`: 'start', 'more', 'page', 'failed', 'clear'; 'removed' (a result's
 * message was deleted), 'refresh' and 'refreshed' (the search run again in place, its results then replacing those
 * shown).
 */
export function searchReducer(state, action) {
  switch (action.type) {
    case 'start':
      return { ...initialSearch(), query: action.query, roomUuid: action.roomUuid ?? null, status: 'searching',
        id: action.id };
    case 'more':
      if (action.id !== state.id || state.status !== 'done' || !state.next || state.more === 'loading') return state;
      return { ...state, more: 'loading', error: null };
    case 'page': {
      if (action.id !== state.id || state.status === 'idle') return state;
      const seen = new Set(state.results.map((hit) => hit.message.message_uuid));
      // A message can move between pages while paging (an edit); it shows once, where it was first found.
      const fresh = (Array.isArray(action.page?.results) ? action.page.results : [])
        .filter((hit) => hit?.message?.message_uuid && hit.room?.room_uuid && !seen.has(hit.message.message_uuid));
      return { ...state, status: 'done', more: 'idle', error: null, results: [...state.results, ...fresh],
        next: action.page?.next ?? null };
    }
    case 'failed': {
      if (action.id !== state.id || state.status === 'idle') return state;
      const retry = action.retry !== false;
      return state.status === 'searching'
        ? { ...state, status: 'error', error: action.error, retry }
        : { ...state, more: 'error', error: action.error, retry };
    }
    case 'removed': {
      const results = state.results.filter((hit) => hit.message.message_uuid !== action.messageUuid);
      return results.length === state.results.length ? state : { ...state, results };
    }
    case 'refresh':
      // The page on its way for "Load more" is given up: the refresh reads at least as far.
      if (state.status !== 'done') return state;
      return { ...state, id: action.id, more: state.more === 'loading' ? 'idle' : state.more };
    case 'refreshed':
      if (action.id !== state.id || state.status !== 'done') return state;
      return searchReducer({ ...state, results: [] }, { type: 'page', id: action.id, page: action.page });
    case 'clear':
      return { ...initialSearch(), id: action.id ?? state.id };
    default:
      return state;
  }
}

/**
 * What a search box shows under it: 'searching' before anything is found, 'empty' when nothing was, 'error', or
 * 'results' (then `more` tells what its end shows: 'loading', 'button' to load more, 'error', or nothing).
 */
export function searchView(state) {
  if (state.status === 'idle') return { kind: 'idle' };
  if (state.status === 'error') return { kind: 'error', text: state.error, retry: state.retry };
  if (state.status === 'searching' || (state.results.length === 0 && state.more === 'loading')) {
    return { kind: 'searching' };
  }
  const more = state.more === 'loading' ? 'loading' : state.more === 'error' ? 'error' : state.next ? 'button' : null;
  if (state.results.length === 0 && more !== 'error') return { kind: 'empty', more };
  return more === 'error'
    ? { kind: 'results', more, text: state.error, retry: state.retry }
    : { kind: 'results', more, text: null };
}

/**
 * Whether asking again can help after `error`: when the server could not be reached, was busy or broken (5xx), or
 * asked to wait (429); not when it refused the search itself (another 4xx: too many words, a chat no longer mine).
 */
export function retryHelps(error) {
  const status = error?.status;
  return !(status >= 400 && status < 500 && status !== 429);
}

/**
 * Runs one search box's requests: at most one on its way (a new query aborts the one before), the pages after the
 * first with the cursor. `fetchPage({ query, roomUuid, before, limit, signal })` resolves to the server's page.
 * Results follow edits and deletes (messageChanged). Dispatches 'change' after every change of `state`.
 */
export class MessageSearch extends EventTarget {
  state = initialSearch();
  #fetchPage;
  #limit;
  #ids = 0;
  #abort = null;
  #refreshTimer = 0;
  /** A refresh on its way; `more()` asked for meanwhile waits for it (it replaces the results the page would follow). */
  #refreshing = null;
  #moreAfterRefresh = false;
  /** Messages deleted since the search started: an answer already on its way when they went does not bring them back. */
  #deleted = new Set();
  /** Results edited since the search last ran: the next refresh looks whether they came back. */
  #edited = new Set();

  constructor(fetchPage, { limit = SEARCH_PAGE } = {}) {
    super();
    this.#fetchPage = fetchPage;
    this.#limit = limit;
  }

  /** Searches for `query` (in the room `roomUuid`, else everywhere); an empty query clears. */
  search(query, roomUuid = null) {
    const text = String(query ?? '').trim();
    if (!text) {
      this.clear();
      return;
    }
    this.#forget();
    const id = ++this.#ids;
    this.#apply({ type: 'start', query: text, roomUuid, id });
    this.#fetch(id, null, AUTO_PAGES);
  }

  /** The next (older) page, if there is one and none is on its way. */
  more() {
    const { state } = this;
    if (state.status !== 'done' || !state.next || state.more === 'loading') return;
    if (this.#refreshing) {
      this.#moreAfterRefresh = true;
      return;
    }
    this.#apply({ type: 'more', id: state.id });
    this.#fetch(state.id, state.next, AUTO_PAGES);
  }

  /** Asks again for what failed: the first page, or the next one. */
  retry() {
    if (this.state.status === 'error') this.search(this.state.query, this.state.roomUuid);
    else if (this.state.more === 'error') this.more();
  }

  /** Forgets the query and its results; an answer still on its way is aborted. */
  clear() {
    this.#forget();
    if (this.state.status === 'idle') return;
    this.#apply({ type: 'clear', id: ++this.#ids });
  }

  /**
   * Follows a message edited or deleted (`action` 'edit' | 'delete', `message` as it is now): a deleted result goes
   * at once; an edited one has the search run again a moment later, in place (only the server knows whether the new
   * text still matches, and what its snippet is now).
   */
  messageChanged({ action, message }) {
    const uuid = message?.message_uuid;
    if (!uuid || this.state.status === 'idle') return;
    if (action === 'delete' || message.deleted) {
      this.#deleted.add(uuid);
      this.#edited.delete(uuid);
      this.#apply({ type: 'removed', messageUuid: uuid });
    } else if (action === 'edit' && this.state.results.some((hit) => hit.message.message_uuid === uuid)) {
      this.#edited.add(uuid);
      this.#refreshIn(REFRESH_DELAY_MS);
    }
  }

  #forget() {
    this.#abort?.abort();
    this.#abort = null;
    this.#refreshing = null;
    this.#moreAfterRefresh = false;
    clearTimeout(this.#refreshTimer);
    this.#deleted.clear();
    this.#edited.clear();
  }

  #refreshIn(delay, recheck = false) {
    clearTimeout(this.#refreshTimer);
    this.#refreshTimer = setTimeout(() => this.#refresh(recheck), delay);
  }

  /**
   * Runs the search again from its first page, as far as the results shown reached (in as few requests as the
   * server's page size allows), and puts what it found in their place at once: no "Searching…" meanwhile, and the
   * results that stay keep their place. An edited result that did not come back is looked for once more later.
   */
  async #refresh(recheck) {
    const { status, query, roomUuid, results } = this.state;
    if (status !== 'done') return;
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    this.#refreshing = abort;
    const id = ++this.#ids;
    this.#apply({ type: 'refresh', id });
    const edited = [...this.#edited];
    this.#edited.clear();
    const wanted = Math.max(results.length, 1);
    const limit = Math.min(MAX_PAGE, Math.max(this.#limit, wanted));
    const found = [];
    let next = null;
    try {
      for (let pages = 0; pages < AUTO_PAGES && (pages === 0 || (next && found.length < wanted)); pages++) {
        const page = await this.#fetchPage({ query, roomUuid, before: next, limit, signal: abort.signal });
        if (id !== this.#ids) return;
        found.push(...this.#kept(page));
        next = page?.next ?? null;
      }
      this.#apply({ type: 'refreshed', id, page: { results: found, next } });
      const back = new Set(found.map((hit) => hit.message?.message_uuid));
      if (!recheck) this.#recheck(edited.filter((uuid) => !back.has(uuid)));
    } catch (error) {
      if (id !== this.#ids || error?.code === 'aborted') return;
      // What shows stays as it was (deletes went already); the edited results are looked for once more later.
      if (!recheck) this.#recheck(edited);
    } finally {
      if (this.#abort === abort) this.#abort = null;
      if (this.#refreshing === abort) this.#refreshing = null;
    }
    if (this.#moreAfterRefresh && id === this.#ids) {
      this.#moreAfterRefresh = false;
      this.more();
    }
  }

  #recheck(uuids) {
    if (uuids.length === 0) return;
    const coming = this.#edited.size > 0; // a newer edit's refresh, which then looks for these too
    uuids.forEach((uuid) => this.#edited.add(uuid));
    if (!coming) this.#refreshIn(RECHECK_DELAY_MS, true);
  }

  /** A page's results without the messages deleted since the search started. */
  #kept(page) {
    const results = Array.isArray(page?.results) ? page.results : [];
    return this.#deleted.size ? results.filter((hit) => !this.#deleted.has(hit?.message?.message_uuid)) : results;
  }

  async #fetch(id, before, budget) {
    const abort = new AbortController();
    this.#abort = abort;
    const { query, roomUuid } = this.state;
    try {
      const page = await this.#fetchPage({ query, roomUuid, before, limit: this.#limit, signal: abort.signal });
      if (id !== this.#ids) return;
      this.#apply({ type: 'page', id, page: { ...page, results: this.#kept(page) } });
      const found = Array.isArray(page?.results) ? page.results.length : 0;
      if (page?.next && found < this.#limit && budget > 1) {
        this.#apply({ type: 'more', id });
        await this.#fetch(id, page.next, budget - 1);
      }
    } catch (error) {
      if (id !== this.#ids || error?.code === 'aborted') return;
      this.#apply({ type: 'failed', id, error: searchErrorText(error), retry: retryHelps(error) });
    } finally {
      if (this.#abort === abort) this.#abort = null;
    }
  }

  #apply(action) {
    const next = searchReducer(this.state, action);
    if (next === this.state) return;
    this.state = next;
    this.dispatchEvent(new Event('change'));
  }
}

/**
 * A result's snippet as runs of plain text, `match` marking what to highlight: adjacent runs of the same kind are
 * joined, empty ones dropped. Whatever else the server sends is taken as text (a string snippet, no highlight); with
 * no snippet at all, `fallback` (the message's own text) is shown plain.
 */
export function snippetParts(snippet, fallback = '') {
  const parts = [];
  const runs = typeof snippet === 'string' ? [{ text: snippet, match: false }] : Array.isArray(snippet) ? snippet : [];
  for (const run of runs) {
    const text = typeof run?.text === 'string' ? run.text : '';
    if (!text) continue;
    const match = run.match === true;
    const last = parts.at(-1);
    if (last && last.match === match) last.text += text;
    else parts.push({ text, match });
  }
  if (parts.length === 0 && fallback) parts.push({ text: String(fallback), match: false });
  return parts;
}

/**
 * The chat a result is in, named as the chat list names it (for a direct chat the other person, from the room as
 * the list holds it); the name the result carries when the list does not hold that chat.
 */
export function resultChatName(hit, rooms, me) {
  const room = rooms.get(hit.room.room_uuid);
  return room ? roomTitle(room, me) : hit.room.room_name;
}

/**
 * Who wrote a result, as its line starts: "You", a group member's name (their display name where the list's copy of
 * the group knows one), or nobody in a direct chat (it is them).
 */
export function resultSender(hit, me, rooms = new Map()) {
  if (hit.message.user === me) return 'You';
  return hit.room.kind === 'group' ? memberName(rooms.get(hit.room.room_uuid), hit.message.user) : null;
}
