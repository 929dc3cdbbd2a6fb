/**
 * TLS material for a client (Kafka, Redis): CA, client certificate and key as PEM text, each from
 * NAME (the PEM itself) or NAME_FILE (a path), plus certificate verification (on by default).
 */
import type { Reader } from './env-reader.ts';
import type { EnvName } from './known-env.ts';

/** The clients with TLS variables: KAFKA_SSL_* and REDIS_TLS_*. */
export type TlsPrefix = 'KAFKA_SSL' | 'REDIS_TLS';

export interface TlsMaterial {
  /** PEM of the CA(s) that signed the server certificate; undefined = Node's built-in public CAs. */
  ca: string | undefined;
  /** PEM of the client certificate (mutual TLS), with its key. */
  cert: string | undefined;
  key: string | undefined;
  /** Passphrase of an encrypted client key. */
  passphrase: string | undefined;
  /** false only for a test set-up: accepts any server certificate. */
  rejectUnauthorized: boolean;
}

const PEM = /-----BEGIN [A-Z0-9 ]+-----/;

function pem(r: Reader, name: EnvName, secret: boolean): string | undefined {
  const value = secret ? r.secret(name) : r.raw(name);
  if (value === undefined) return undefined;
  if (!PEM.test(value)) {
    // A path in NAME instead of NAME_FILE is the usual slip; say so rather than fail at connect.
    const hint = secret ? 'value not shown' : `got ${JSON.stringify(value.slice(0, 60))}`;
    r.problems.push(
      `${name}: not PEM text (${hint}); put the PEM itself in ${name} or its path in ${name}_FILE, e.g. ${name}_FILE=/etc/rfid/tls/${name.toLowerCase().split('_').pop()}.pem`,
    );
    return undefined;
  }
  return value;
}

/** Names of the variables `readTlsMaterial(r, prefix)` reads, for "only with TLS" checks. */
export function tlsVariableNames(prefix: TlsPrefix): EnvName[] {
  return (['CA', 'CERT', 'KEY', 'KEY_PASSWORD', 'REJECT_UNAUTHORIZED'] as const).map((s) => `${prefix}_${s}` as const);
}

/** True when any of the prefix's TLS variables (or their _FILE forms) is set. */
export function anyTlsVariableSet(env: Record<string, string | undefined>, prefix: TlsPrefix): boolean {
  return tlsVariableNames(prefix).some((n) => (env[n] ?? '') !== '' || (env[`${n}_FILE`] ?? '') !== '');
}

export function readTlsMaterial(r: Reader, prefix: TlsPrefix): TlsMaterial {
  const cert = pem(r, `${prefix}_CERT`, false);
  const key = pem(r, `${prefix}_KEY`, true);
  if ((cert === undefined) !== (key === undefined)) {
    r.problems.push(`${prefix}_CERT and ${prefix}_KEY: a client certificate needs its key and the other way round (set both, or neither)`);
  }
  return {
    ca: pem(r, `${prefix}_CA`, false),
    cert,
    key,
    passphrase: r.secret(`${prefix}_KEY_PASSWORD`),
    rejectUnauthorized: r.bool(`${prefix}_REJECT_UNAUTHORIZED`, true),
  };
}
