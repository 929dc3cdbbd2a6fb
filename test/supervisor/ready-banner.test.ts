import { test } from 'node:test';
import assert from 'node:assert/strict';
import { productUrls, readyBanner } from '../../src/supervisor/ready-banner.ts';

test('a wildcard bind address is shown as loopback; an IPv6 host in brackets', () => {
  assert.deepEqual(productUrls('0.0.0.0', 8080), { api: 'http://127.0.0.1:8080/', docs: 'http://127.0.0.1:8080/docs' });
  assert.equal(productUrls('::1', 9000).api, 'http://[::1]:9000/');
  assert.equal(productUrls('10.0.0.5', 80).docs, 'http://10.0.0.5:80/docs');
});

test('the banner names the URLs, the children, the key once and how to stop', () => {
  const text = readyBanner({
    urls: productUrls('127.0.0.1', 8080),
    children: [
      { name: 'ingest-1', pid: 11, startedAt: undefined, restarts: 0, lastExit: undefined },
      { name: 'api', pid: undefined, startedAt: undefined, restarts: 2, lastExit: 'code 1' },
    ],
    detached: false,
    apiAnswers: true,
    demo: undefined,
    adminKey: 'rfid_admin_x',
    logDir: '/r/.run/logs',
  });
  assert.match(text, /API \+ console\s+http:\/\/127\.0\.0\.1:8080\//);
  assert.match(text, /running\s+ingest-1 \(pid 11\), api \(restarting\)/);
  assert.match(text, /rfid_admin_x/);
  assert.match(text, /Ctrl-C/);
  const detached = readyBanner({
    urls: productUrls('127.0.0.1', 8080),
    children: [],
    detached: true,
    apiAnswers: false,
    demo: 'x',
    adminKey: undefined,
    logDir: '/r/.run/logs',
  });
  assert.match(detached, /rfid down/);
  assert.match(detached, /not answering yet: see the api lines in \/r\/\.run\/logs\/api\.log/);
  assert.doesNotMatch(detached, /admin API key/);
});
