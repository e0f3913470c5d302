// Parley's service worker: the app shell from the network when the server answers (always the newest files), from
// the cache when it does not, so that a reload during an outage shows the app and its "Reconnecting…" state
// instead of the browser's error page. The API, the WebSocket and /observe are never touched.
import { CACHE, SHELL, isShellRequest } from './js/shell.js';

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (!isShellRequest(request.method, new URL(request.url), self.location.origin)) return;
  event.respondWith(fetch(request)
    .then((response) => {
      if (response.ok) {
        const copy = response.clone();
        event.waitUntil(caches.open(CACHE).then((cache) => cache.put(request, copy)));
      }
      return response;
    })
    .catch(async () => (await caches.match(request, { ignoreSearch: true }))
      ?? (request.mode === 'navigate' ? caches.match('/') : Response.error())));
});
