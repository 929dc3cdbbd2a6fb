/**
 * `rfid apikey` as a user runs it: create prints the key once, alone on stdout; list never shows
 * a secret (table and --json); revoke by prefix or id makes the key useless; bad input exits non-zero.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiKeyVerifier } from '../../src/http/api-key-verifier.ts';
import { openServices, type Services } from '../support/services.ts';
import { makeTestEnv, runCli } from '../support/test-env.ts';

const t = makeTestEnv('apikeycli');
let services: Services;

before(async () => {
  services = await openServices(t);
});
after(async () => {
  await services.close();
});

const KEY_LINE = /^rfid_([0-9a-f]{12})_([0-9a-f]{64})\n$/;

test('create prints one line with the key; it authenticates with its role; list hides the secret; revoke ends it', async () => {
  const created = await runCli(['apikey', 'create', '--name', 'console', '--role', 'ingest'], t.env);
  assert.equal(created.code, 0, created.stderr);
  const m = KEY_LINE.exec(created.stdout);
  assert.ok(m, `stdout is exactly the key line: ${JSON.stringify(created.stdout)}`);
  const [key, prefix, secret] = [created.stdout.trim(), m[1]!, m[2]!];
  assert.ok(!created.stderr.includes(secret), 'the secret is not repeated on stderr');
  const verifier = new ApiKeyVerifier(services.pool, { cacheMs: 0 });
  assert.deepEqual(
    { ...(await verifier.verify(key)) },
    { id: (await services.pool.query('SELECT id::text FROM api_keys')).rows[0].id, name: 'console', role: 'ingest', prefix },
  );

  const second = await runCli(['apikey', 'create', '--name', 'reader', '--role', 'read'], t.env);
  assert.equal(second.code, 0, second.stderr);
  const table = await runCli(['apikey', 'list'], t.env);
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /^ID\s+PREFIX\s+NAME\s+ROLE\s+CREATED\s+LAST USED\s+REVOKED/);
  assert.match(table.stdout, new RegExp(`${prefix}\\s+console\\s+ingest`));
  assert.ok(!table.stdout.includes(secret) && !table.stdout.includes(second.stdout.trim().split('_')[2]!), 'no secret in the table');
  const json = await runCli(['apikey', 'list', '--json'], t.env);
  const listed = json.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(listed.length, 2);
  assert.deepEqual(Object.keys(listed[0]).sort(), ['created_at', 'id', 'last_used_at', 'name', 'prefix', 'revoked_at', 'role']);
  assert.ok(!json.stdout.includes(secret));

  const revoked = await runCli(['apikey', 'revoke', prefix], t.env);
  assert.equal(revoked.code, 0, revoked.stderr);
  assert.equal(await verifier.verify(key), undefined, 'a revoked key no longer authenticates');
  const after = (await runCli(['apikey', 'list', '--json'], t.env)).stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.ok(after.find((k) => k.prefix === prefix).revoked_at !== null);
  const byId = await runCli(['apikey', 'revoke', listed.find((k) => k.name === 'reader').id], t.env);
  assert.equal(byId.code, 0, byId.stderr);
});

test('bad input: unknown role, unknown key to revoke → non-zero exit with a message', async () => {
  const badRole = await runCli(['apikey', 'create', '--name', 'x', '--role', 'root'], t.env);
  assert.notEqual(badRole.code, 0);
  assert.match(badRole.stderr, /--role "root": must be one of read, ingest, admin/);
  assert.equal(badRole.stdout, '');
  const unknown = await runCli(['apikey', 'revoke', 'ffffffffffff'], t.env);
  assert.notEqual(unknown.code, 0);
  assert.match(unknown.stderr, /no API key with id or prefix/);
});
