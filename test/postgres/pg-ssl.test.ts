import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pgConnection } from '../../src/postgres/pg-ssl.ts';
import { isRfidError } from '../../src/errors.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'rfid-pg-ssl-'));
const ca = path.join(dir, 'ca.pem');
writeFileSync(ca, 'CA-PEM');
const base = 'postgres://app:pg-Secret-9@db.internal:5432/rfid';

test('no TLS parameters: the URL as given, TLS off (PGSSLMODE in the process environment cannot switch it on behind our back)', () => {
  assert.deepEqual(pgConnection(base), { connectionString: base, ssl: false });
  assert.deepEqual(pgConnection(`${base}?sslmode=disable`), { connectionString: base, ssl: false });
});

test('libpq meanings: require encrypts without verifying, verify-ca skips the host name, verify-full checks both', () => {
  const require = pgConnection(`${base}?sslmode=require`);
  assert.equal(require.connectionString, base);
  assert.deepEqual(require.ssl, { rejectUnauthorized: false });

  const verifyCa = pgConnection(`${base}?sslmode=verify-ca&sslrootcert=${encodeURIComponent(ca)}`);
  assert.ok(verifyCa.ssl);
  assert.equal(verifyCa.ssl.ca, 'CA-PEM');
  assert.equal(verifyCa.ssl.rejectUnauthorized, true);
  assert.equal(typeof verifyCa.ssl.checkServerIdentity, 'function');

  const full = pgConnection(`${base}?application_name=x&sslmode=verify-full&sslrootcert=${encodeURIComponent(ca)}`);
  assert.equal(full.connectionString, `${base}?application_name=x`);
  assert.deepEqual(full.ssl, { ca: 'CA-PEM', rejectUnauthorized: true });

  const system = pgConnection(`${base}?sslmode=verify-full&sslrootcert=system`);
  assert.deepEqual(system.ssl, { rejectUnauthorized: true });
});

test('client certificate files are read; an unreadable one is a configuration error naming the parameter', () => {
  const cert = path.join(dir, 'client.pem');
  const key = path.join(dir, 'client.key');
  writeFileSync(cert, 'CERT');
  writeFileSync(key, 'KEY');
  const c = pgConnection(`${base}?sslmode=verify-full&sslrootcert=${ca}&sslcert=${cert}&sslkey=${key}`);
  assert.ok(c.ssl);
  assert.equal(c.ssl.cert, 'CERT');
  assert.equal(c.ssl.key, 'KEY');
  assert.throws(
    () => pgConnection(`${base}?sslmode=require&sslcert=${dir}/gone.pem&sslkey=${key}`),
    (e: unknown) => isRfidError(e, 'CONFIG_INVALID') && /sslcert=.*gone\.pem: cannot read \(ENOENT\)/.test(e.message) && !e.message.includes('pg-Secret-9'),
  );
});
