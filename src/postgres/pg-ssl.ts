/**
 * libpq's TLS settings in a postgres:// URL (`sslmode`, `sslrootcert`, `sslcert`, `sslkey`;
 * validated by src/config/postgres-config.ts) turned into node-postgres options with libpq's
 * meaning. node-postgres' own URL parser would read `require` and `verify-ca` as `verify-full`
 * (and warn), so the settings are taken out of the URL here and passed as `ssl` explicitly.
 *
 * @example
 * pgConnection('postgres://app@db:5432/rfid?sslmode=verify-full&sslrootcert=/tls/ca.pem')
 * // { connectionString: 'postgres://app@db:5432/rfid', ssl: { ca: '-----BEGIN…', rejectUnauthorized: true } }
 */
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { RfidError } from '../errors.ts';

const TLS_PARAMS = ['sslmode', 'sslrootcert', 'sslcert', 'sslkey'];

function readPem(param: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new RfidError('CONFIG_INVALID', `${param}=${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, {
      hint: 'set sslrootcert/sslcert/sslkey in DATABASE_URL or PGSSLROOTCERT/PGSSLCERT/PGSSLKEY to readable PEM files',
    });
  }
}

export function pgConnection(databaseUrl: string): { connectionString: string; ssl: false | ConnectionOptions } {
  let u: URL;
  try {
    u = new URL(databaseUrl);
  } catch {
    return { connectionString: databaseUrl, ssl: false };
  }
  const get = (p: string) => u.searchParams.get(p) ?? undefined;
  const mode = get('sslmode') ?? 'disable';
  const rootCert = get('sslrootcert');
  const cert = get('sslcert');
  const key = get('sslkey');
  if (!TLS_PARAMS.some((p) => u.searchParams.has(p))) return { connectionString: databaseUrl, ssl: false };
  for (const p of TLS_PARAMS) u.searchParams.delete(p);
  const connectionString = u.toString();
  if (mode === 'disable') return { connectionString, ssl: false };
  const ssl: ConnectionOptions = {};
  if (rootCert !== undefined && rootCert !== 'system') ssl.ca = readPem('sslrootcert', rootCert);
  if (cert !== undefined) ssl.cert = readPem('sslcert', cert);
  if (key !== undefined) ssl.key = readPem('sslkey', key);
  if (mode === 'require' && rootCert === undefined) {
    // libpq: encrypted, server not verified (with a root certificate it verifies like verify-ca).
    ssl.rejectUnauthorized = false;
  } else if (mode === 'require' || mode === 'verify-ca') {
    // The chain must lead to the CA, but the host name is not compared with the certificate.
    ssl.rejectUnauthorized = true;
    ssl.checkServerIdentity = () => undefined;
  } else if (mode === 'verify-full') {
    ssl.rejectUnauthorized = true;
  } else {
    throw new RfidError('CONFIG_INVALID', `sslmode=${mode}: must be one of disable, require, verify-ca, verify-full`);
  }
  return { connectionString, ssl };
}
