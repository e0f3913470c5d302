// The REST half of the protocol. Same origin only: the HttpOnly session cookie authenticates every call,
// so the page never sees (or stores) the token.

/** A failed call: `status` is the HTTP status (0 when the server could not be reached), `code` the server's error code. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

/**
 * How long a GET may take, its answer read whole: on a network that drops packets silently a fetch waits for minutes,
 * long after the network is back. It then fails as a server out of reach does (and is retried as such a failure is).
 * Only reads: a change that timed out may still have been made, and uploads (their own XMLHttpRequest) may take long.
 */
export const REQUEST_TIMEOUT_MS = 15_000;

/**
 * Creates the API client; `fetchImpl` is injectable so the store can be exercised without a network, and
 * `timeoutMs` (REQUEST_TIMEOUT_MS) so that tests need not wait for it.
 */
export function createApi(fetchImpl = (...args) => fetch(...args), { timeoutMs = REQUEST_TIMEOUT_MS } = {}) {
  /** `signal` (an AbortSignal) cancels the call: it then rejects with an ApiError of code 'aborted'. */
  async function request(method, path, body, { signal } = {}) {
    const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const timeout = method === 'GET' ? AbortSignal.timeout(timeoutMs) : null;
    const signals = [signal, timeout].filter(Boolean);
    if (signals.length) init.signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
    const timedOut = () => new ApiError(0, 'network', "The server didn't answer. Check your connection.");
    let response;
    try {
      response = await fetchImpl(path, init);
    } catch {
      if (signal?.aborted) throw new ApiError(0, 'aborted', 'Cancelled.');
      if (timeout?.aborted) throw timedOut();
      throw new ApiError(0, 'network', "Can't reach the server. Check your connection.");
    }
    if (response.status === 204) return null;
    let cutOff = false;
    const data = await response.json().catch(() => {
      cutOff = true;
      return null;
    });
    if (signal?.aborted) throw new ApiError(0, 'aborted', 'Cancelled.');
    if (cutOff && timeout?.aborted) throw timedOut(); // the answer began but did not arrive whole in time
    if (!response.ok) {
      const error = new ApiError(response.status, data?.error ?? 'http_' + response.status,
        data?.message ?? `The server answered ${response.status}.`);
      error.retryAfter = Number(response.headers?.get?.('Retry-After')) || null; // seconds, on a 429 or 503
      throw error;
    }
    return data;
  }

  const query = (params) => new URLSearchParams(
    Object.entries(params).filter(([, value]) => value != null).map(([k, v]) => [k, String(v)])).toString();

  return {
    register: (username, password) => request('POST', '/api/auth/register', { username, password }),
    login: (username, password) => request('POST', '/api/auth/login', { username, password }),
    logout: () => request('POST', '/api/auth/logout'),
    me: () => request('GET', '/api/me'),
    /** Changes my profile: any of { display_name, about } (null clears one); resolves to me as I am now. */
    updateProfile: (fields) => request('PATCH', '/api/me', fields),
    /** My privacy settings: { last_seen: 'contacts' | 'nobody', read_receipts }. */
    settings: () => request('GET', '/api/me/settings/'),
    updateSettings: (fields) => request('PATCH', '/api/me/settings/', fields),
    /** My signed-in devices, most recently used first: [{id, created_at, last_used_at, user_agent, address, current}]. */
    sessions: () => request('GET', '/api/sessions/'),
    /** Signs one of my devices out (its sockets close); another user's id, or one already gone, is a 404. */
    endSession: (id) => request('DELETE', `/api/sessions/${encodeURIComponent(id)}`, {}),
    /** Signs every device of mine out, this one too. */
    endAllSessions: () => request('DELETE', '/api/sessions/', {}),
    /**
     * Why the socket did not open (a browser cannot read a refused upgrade's status): a plain GET /ws always fails,
     * with 401 when the session ended, 503 with `retryAfter` (seconds) while the server takes too many connections at
     * once, else 400.
     */
    socketProbe: () => request('GET', '/ws'),
    searchUsers: (prefix) => request('GET', '/api/users/?' + query({ q: prefix })),
    rooms: () => request('GET', '/api/rooms/'),
    /** People the caller blocked: [{username, blocked_at}]. */
    blockedUsers: () => request('GET', '/api/users/blocked/'),
    block: (username) => request('POST', `/api/users/${encodeURIComponent(username)}/block`, {}),
    unblock: (username) => request('DELETE', `/api/users/${encodeURIComponent(username)}/block`, {}),
    openRoom: (username) => request('POST', '/api/rooms/', { user: username }),
    /** One room as the list shows it, with every member's watermarks now. */
    room: (roomUuid) => request('GET', `/api/rooms/${encodeURIComponent(roomUuid)}/`),
    createGroup: (name, members) => request('POST', '/api/rooms/', { name, members }),
    // my own settings of a chat: any of pinned, muted_until, archived, marked_unread, cleared_seq
    chatSettings: (roomUuid, changes) => request('PATCH',
      `/api/rooms/${encodeURIComponent(roomUuid)}/settings/`, changes),
    renameGroup: (roomUuid, name) => request('PATCH', `/api/rooms/${encodeURIComponent(roomUuid)}/`, { name }),
    addMembers: (roomUuid, users) =>
      request('POST', `/api/rooms/${encodeURIComponent(roomUuid)}/members/`, { users }),
    /** Removes a member, or leaves the group when `username` is mine. */
    removeMember: (roomUuid, username) => request('DELETE',
      `/api/rooms/${encodeURIComponent(roomUuid)}/members/${encodeURIComponent(username)}/`, {}),
    setRole: (roomUuid, username, role) => request('PATCH',
      `/api/rooms/${encodeURIComponent(roomUuid)}/members/${encodeURIComponent(username)}/`, { role }),
    /** The server's limits: { edit_window_seconds, delete_window_seconds, max_content_length, max_group_members }. */
    limits: () => request('GET', '/api/limits/'),
    /** One page of history in ascending seq: the newest page, or the page just `before` or `after` a seq. */
    messages: (roomUuid, { before, after, limit } = {}) =>
      request('GET', '/api/messages/?' + query({ room_uuid: roomUuid, before, after, limit })),
    /**
     * One page of my messages that match `q`, newest first, in all my chats or in `roomUuid`'s: `{results: [{message,
     * room: {room_uuid, room_name, kind}, snippet: [{text, match}]}], next}`; `before` is the `next` of the page before.
     */
    search: (q, { roomUuid, before, limit, signal } = {}) =>
      request('GET', '/api/search/?' + query({ q, room_uuid: roomUuid, before, limit }), undefined, { signal }),
    upload: (roomUuid, file, onProgress) => upload(roomUuid, file, onProgress),
  };
}

/**
 * Uploads `file` to a room with its bytes as the body (XMLHttpRequest: fetch cannot report upload progress).
 * `onProgress(fraction)` follows the bytes sent. Returns `{ promise, abort }`: the promise gives the server's
 * answer ({attachment_uuid, name, mime, size, width?, height?, thumbnail}) or rejects with an ApiError (code
 * 'aborted' after `abort()`, status 0 when the server could not be reached).
 */
export function upload(roomUuid, file, onProgress = () => {}) {
  const xhr = new XMLHttpRequest();
  const promise = new Promise((resolve, reject) => {
    const params = new URLSearchParams({ room_uuid: roomUuid, filename: file.name || 'file' });
    xhr.open('POST', `/api/attachments/?${params}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    if (file.type) xhr.setRequestHeader('Content-Type', file.type);
    else xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    });
    xhr.addEventListener('load', () => {
      let data = null;
      try {
        data = JSON.parse(xhr.responseText);
      } catch { /* an error page: keep the status */ }
      if (xhr.status >= 200 && xhr.status < 300 && data) resolve(data);
      else {
        const error = new ApiError(xhr.status, data?.error ?? `http_${xhr.status}`,
          data?.message ?? `The server answered ${xhr.status}.`);
        error.retryAfter = Number(xhr.getResponseHeader('Retry-After')) || null;
        reject(error);
      }
    });
    xhr.addEventListener('error', () => reject(new ApiError(0, 'network', "Can't reach the server.")));
    xhr.addEventListener('abort', () => reject(new ApiError(0, 'aborted', 'Upload cancelled.')));
    xhr.send(file);
  });
  return { promise, abort: () => xhr.abort() };
}
