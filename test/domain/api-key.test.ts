import { test } from 'node:test';
import assert from 'node:assert/strict';
import { API_ROLES, bearerToken, formatApiKey, parseApiKey, roleAllows } from '../../src/domain/api-key.ts';
import { createApiKey, hashApiKey } from '../../src/auth/api-key-secret.ts';

test('roles: admin ⊇ ingest ⊇ read, and nothing more', () => {
  const allowed = API_ROLES.flatMap((have) => API_ROLES.filter((need) => roleAllows(have, need)).map((need) => `${have}>${need}`));
  assert.deepEqual(allowed, ['read>read', 'ingest>read', 'ingest>ingest', 'admin>read', 'admin>ingest', 'admin>admin']);
});

test('key format round trip; anything else is not a key', () => {
  const key = formatApiKey('0123456789ab', 'c'.repeat(64));
  assert.deepEqual(parseApiKey(key), { prefix: '0123456789ab' });
  for (const bad of ['', 'rfid_', `rfid_0123456789AB_${'c'.repeat(64)}`, `rfid_0123456789ab_${'c'.repeat(63)}`, `${key}x`, ` ${key}`])
    assert.equal(parseApiKey(bad), undefined, bad);
  assert.throws(() => formatApiKey('short', 'c'.repeat(64)), RangeError);
});

test('bearer header parsing', () => {
  assert.equal(bearerToken('Bearer abc'), 'abc');
  assert.equal(bearerToken('bearer   abc '), 'abc');
  for (const h of [undefined, '', 'Bearer', 'Basic abc', 'Bearer a b', 'abc']) assert.equal(bearerToken(h), undefined, String(h));
});

test('createApiKey: random parts, the hash is SHA-256 of the whole key', () => {
  let n = 0;
  const fixed = (size: number) => Buffer.alloc(size, ++n);
  const { key, prefix, hash } = createApiKey(fixed);
  assert.equal(prefix, '010101010101');
  assert.equal(key, `rfid_010101010101_${'02'.repeat(32)}`);
  assert.equal(hash.toString('hex'), hashApiKey(key).toString('hex'));
  assert.equal(hash.length, 32);
  assert.notEqual(createApiKey().key, createApiKey().key);
});
