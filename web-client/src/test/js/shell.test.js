// The service worker's app shell lists every file the web client has, and it leaves the API and the socket alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SHELL, isShellRequest } from '../../main/resources/web/js/shell.js';

const WEB = fileURLToPath(new URL('../../main/resources/web', import.meta.url));

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

test('every file of the web client is in the app shell (index.html as "/", the worker itself aside)', () => {
  const expected = files(WEB)
    .map((path) => '/' + relative(WEB, path).split(sep).join('/'))
    .filter((path) => path !== '/sw.js')
    .map((path) => (path === '/index.html' ? '/' : path))
    .sort();

  assert.deepEqual([...SHELL].sort(), expected);
});

test('the API, the socket and observe are never answered from the cache', () => {
  const origin = 'https://chat.example.com';
  const shell = (method, path, from = origin) => isShellRequest(method, new URL(path, from), origin);

  assert.equal(shell('GET', '/js/main.js'), true);
  assert.equal(shell('GET', '/?room=1'), true);
  assert.equal(shell('GET', '/api/me'), false);
  assert.equal(shell('GET', '/ws'), false);
  assert.equal(shell('GET', '/observe/health'), false);
  assert.equal(shell('POST', '/'), false);
  assert.equal(shell('GET', '/js/main.js', 'https://elsewhere.example'), false);
});
