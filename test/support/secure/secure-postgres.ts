/**
 * A throwaway Postgres cluster (initdb from /usr/lib/postgresql/<newest>/bin into a temp dir)
 * with `ssl = on` from the test PKI, on a private port and on 127.0.0.1 and 127.0.0.2 (the
 * latter not in the certificate). TCP logins only over TLS (`hostssl`), with a password (SCRAM)
 * and a client certificate signed by the CA (`clientcert=verify-ca`).
 */
import { execFileSync } from 'node:child_process';
import { chownSync, copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Certificates } from './certificates.ts';

export interface SecurePostgres {
  port: number;
  stop(): Promise<void>;
}

function postgresBin(): string {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql');
  return `/usr/lib/postgresql/${versions[0]}/bin`;
}

/** The server refuses to run as root: as `postgres` when we are root. */
function asPostgres(tool: string, args: string[]): void {
  const bin = path.join(postgresBin(), tool);
  if (userInfo().uid === 0) execFileSync('runuser', ['-u', 'postgres', '--', bin, ...args], { stdio: 'pipe' });
  else execFileSync(bin, args, { stdio: 'pipe' });
}

export async function startSecurePostgres(
  dir: string,
  o: { port: number; certs: Certificates; user: string; password: string; database: string },
): Promise<SecurePostgres> {
  const data = path.join(dir, 'pgdata');
  const socket = path.join(dir, 'pgsocket');
  mkdirSync(data, { recursive: true });
  mkdirSync(socket, { recursive: true });
  // The server reads its key only when the server's user owns it and nobody else can read it.
  const tls = path.join(dir, 'pgtls');
  mkdirSync(tls, { recursive: true });
  for (const [from, to] of [
    [o.certs.serverCert, 'server.crt'],
    [o.certs.serverKey, 'server.key'],
    [o.certs.caCert, 'ca.crt'],
  ] as const) {
    copyFileSync(from, path.join(tls, to));
  }
  execFileSync('chmod', ['0600', path.join(tls, 'server.key')]);
  if (userInfo().uid === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    for (const d of [dir, data, socket, tls, ...['server.crt', 'server.key', 'ca.crt'].map((f) => path.join(tls, f))]) chownSync(d, uid, gid);
  }
  asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  writeFileSync(
    path.join(data, 'postgresql.auto.conf'),
    [
      `port = ${o.port}`,
      "listen_addresses = '127.0.0.1,127.0.0.2'",
      `unix_socket_directories = '${socket}'`,
      'fsync = off',
      'ssl = on',
      `ssl_cert_file = '${path.join(tls, 'server.crt')}'`,
      `ssl_key_file = '${path.join(tls, 'server.key')}'`,
      `ssl_ca_file = '${path.join(tls, 'ca.crt')}'`,
      "password_encryption = 'scram-sha-256'",
      '',
    ].join('\n'),
  );
  // Only the local socket (for setting up) without TLS; every TCP login needs TLS, a password
  // and a client certificate from the CA.
  writeFileSync(
    path.join(data, 'pg_hba.conf'),
    [
      'local all postgres trust',
      'hostssl all all 127.0.0.1/32 scram-sha-256 clientcert=verify-ca',
      'hostssl all all 127.0.0.2/32 scram-sha-256 clientcert=verify-ca',
      '',
    ].join('\n'),
  );
  const pgCtl = (args: string[]) => asPostgres('pg_ctl', ['-D', data, '-l', path.join(dir, 'postgres.log'), '-w', '-t', '60', ...args]);
  pgCtl(['start']);
  const stop = async () => {
    try {
      pgCtl(['stop', '-m', 'immediate']);
    } catch {
      /* already stopped */
    }
  };
  try {
    const admin = new pg.Client({ host: socket, port: o.port, user: 'postgres', database: 'postgres' });
    await admin.connect();
    await admin.query(`CREATE ROLE ${admin.escapeIdentifier(o.user)} LOGIN CREATEDB PASSWORD ${admin.escapeLiteral(o.password)}`);
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(o.database)} OWNER ${admin.escapeIdentifier(o.user)}`);
    await admin.end();
  } catch (error) {
    await stop();
    throw error;
  }
  return { port: o.port, stop };
}
