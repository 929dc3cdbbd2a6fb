/**
 * Sign-in with auth on: the console asks for a key, refuses a wrong one with a readable error,
 * keeps a good one for the tab only (a reload stays signed in, a new tab asks again), and signs
 * out. The read role is enough to look at every page.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createApiKey } from '../../src/auth/api-key-secret.ts';
import { insertApiKey } from '../../src/postgres/api-keys/insert-api-key.ts';
import { textOf, useConsole } from '../support/browser.ts';
import { makeTestEnv } from '../support/test-env.ts';

const t = makeTestEnv('console_signin', { RFID_TIMEZONE: 'Asia/Seoul', RFID_RATE_LIMIT_PER_MIN: '0' });
const c = useConsole(t, { seed: 3, count: 500 });

after(() => assert.deepEqual(c.errors, [], 'console errors'));

test('a wrong key is refused, a read key opens the console for this tab only, sign-out asks again', async () => {
  const key = createApiKey();
  await insertApiKey(c.services.pool, { name: 'console-test', role: 'read', prefix: key.prefix, hash: key.hash });
  await c.open('overview', '#apikey');
  assert.deepEqual(await c.axe(), []);
  await c.shoot('sign-in');

  await c.page.getByLabel('API key').fill('rfid_000000000000_wrong');
  await c.page.getByRole('button', { name: 'Sign in' }).click();
  await c.page.getByRole('alert').waitFor();
  assert.match((await c.page.getByRole('alert').textContent()) ?? '', /not valid/);
  // Chromium logs every 4xx answer as a console error: this one was asked for.
  const refused = c.errors.findIndex((e) => /401/.test(e));
  assert.ok(refused >= 0, 'the 401 was logged');
  c.errors.splice(refused, 1);

  await c.page.getByLabel('API key').fill(key.key);
  await c.page.getByRole('button', { name: 'Sign in' }).click();
  const cells = Number((await c.services.pool.query('SELECT count(*) AS n FROM inventory_current')).rows[0].n);
  await c.page.waitForFunction(
    (n) => (globalThis as any).document.querySelector('[data-testid="ov-cells"]')?.textContent?.replace(/,/g, '') === String(n),
    cells,
  );
  assert.equal(await textOf(c.page, 'ov-cells'), cells.toLocaleString('en-US'));

  await c.page.reload();
  await c.page.getByTestId('ov-cells').waitFor();
  const other = await c.page.context().newPage();
  try {
    await other.goto(`${c.base}/#/inventory`);
    await other.locator('#apikey').waitFor();
  } finally {
    await other.close();
  }
  await c.page.getByRole('button', { name: 'Sign out' }).click();
  await c.page.locator('#apikey').waitFor();
  assert.equal(await c.page.evaluate(() => (globalThis as any).sessionStorage.getItem('rfid.apiKey')), null);
});
