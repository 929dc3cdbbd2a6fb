/**
 * DATABASE_URL with libpq's TLS settings: `sslmode`, `sslrootcert`, `sslcert`, `sslkey` in the
 * URL, or PGSSLMODE / PGSSLROOTCERT / PGSSLCERT / PGSSLKEY for what the URL does not say (the URL
 * wins, as in libpq). The settings stay in the URL so that every pool and client made from it
 * (including graphile-worker's, which shares the product's pool) connects the same way; the
 * Postgres adapter turns them into Node TLS options (src/postgres/pg-ssl.ts).
 */
import { existsSync } from 'node:fs';
import { isUrl, type Reader } from './env-reader.ts';
import type { EnvName } from './known-env.ts';

/**
 * libpq's `allow` and `prefer` fall back to plain text when TLS fails; node-postgres cannot, so
 * they are refused rather than quietly turned into something stricter or weaker.
 */
export const PG_SSL_MODES = ['disable', 'require', 'verify-ca', 'verify-full'] as const;
export type PgSslMode = (typeof PG_SSL_MODES)[number];

const FROM_ENV: [param: string, variable: EnvName][] = [
  ['sslmode', 'PGSSLMODE'],
  ['sslrootcert', 'PGSSLROOTCERT'],
  ['sslcert', 'PGSSLCERT'],
  ['sslkey', 'PGSSLKEY'],
];

export function readDatabaseUrl(r: Reader): string {
  const url = r.secretUrl('DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/rfid', {
    test: (v) => isUrl(v, ['postgres:', 'postgresql:']),
    rule: 'must be a postgres:// URL',
    example: 'postgres://app:secret@db.internal:5432/rfid?sslmode=verify-full&sslrootcert=/etc/rfid/tls/ca.pem',
  });
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url; // reported above
  }
  let changed = false;
  for (const [param, variable] of FROM_ENV) {
    const value = r.raw(variable);
    if (value !== undefined && !u.searchParams.has(param)) {
      u.searchParams.set(param, value);
      changed = true;
    }
  }
  const mode = u.searchParams.get('sslmode') ?? 'disable';
  if (!(PG_SSL_MODES as readonly string[]).includes(mode)) {
    r.problems.push(
      `sslmode=${JSON.stringify(mode)} (DATABASE_URL or PGSSLMODE): must be one of ${PG_SSL_MODES.join(', ')} (libpq's allow/prefer fall back to plain text, which this client does not do), e.g. PGSSLMODE=verify-full`,
    );
  }
  const rootCert = u.searchParams.get('sslrootcert');
  if ((mode === 'verify-ca' || mode === 'verify-full') && rootCert === null) {
    r.problems.push(
      `sslmode=${mode} needs the CA: sslrootcert=/path/ca.pem in DATABASE_URL or PGSSLROOTCERT=/path/ca.pem (or sslrootcert=system for the public CAs)`,
    );
  }
  for (const [param, variable] of FROM_ENV.slice(1)) {
    const file = u.searchParams.get(param);
    if (file !== null && !(param === 'sslrootcert' && file === 'system') && !existsSync(file)) {
      r.problems.push(`${param}=${file} (DATABASE_URL or ${variable}): no such file`);
    }
  }
  if (u.searchParams.has('sslcert') !== u.searchParams.has('sslkey')) {
    r.problems.push('sslcert and sslkey (DATABASE_URL or PGSSLCERT/PGSSLKEY): a client certificate needs its key (set both, or neither)');
  }
  return changed ? u.toString() : url;
}
