/**
 * A private redis-server with TLS only (`port 0`, `tls-port`), client certificates required, the
 * `default` user off and one ACL user — the Debian build of Redis 7 has TLS built in.
 */
import { spawn } from 'node:child_process';
import { openSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect } from 'node:net';
import { isAlive, stopProcess } from '../../../src/stack/processes.ts';
import type { Certificates } from './certificates.ts';

/** The ACL the product needs: the cache's commands (incl. its Lua scripts' GET/MGET/SET/MSET/DEL), probes and connection set-up. */
export const REDIS_ACL_COMMANDS = '+get +mget +set +mset +del +exists +eval +evalsha +scan +unlink +ping +info +select +client|setname';

export interface SecureRedis {
  port: number;
  stop(): Promise<void>;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

export async function startSecureRedis(dir: string, o: { port: number; certs: Certificates; user: string; password: string }): Promise<SecureRedis> {
  const conf = path.join(dir, 'redis.conf');
  writeFileSync(
    conf,
    [
      'port 0',
      `tls-port ${o.port}`,
      // 127.0.0.2 is not in the server certificate: the host-name mismatch case.
      'bind 127.0.0.1 127.0.0.2',
      `tls-cert-file ${o.certs.serverCert}`,
      `tls-key-file ${o.certs.serverKey}`,
      `tls-ca-cert-file ${o.certs.caCert}`,
      'tls-auth-clients yes',
      'user default off',
      // Only the commands the product sends (docs/security.md lists the same set).
      `user ${o.user} on >${o.password} resetkeys ~* resetchannels ${REDIS_ACL_COMMANDS}`,
      'save ""',
      'appendonly no',
      `dir ${dir}`,
      '',
    ].join('\n'),
  );
  const out = openSync(path.join(dir, 'redis.log'), 'a');
  const child = spawn('redis-server', [conf], { detached: true, stdio: ['ignore', out, out] });
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not start redis-server');
  child.unref();
  const stop = async () => {
    if (isAlive(pid)) await stopProcess(pid, 10_000);
  };
  const deadline = Date.now() + 15_000;
  while (!(await portOpen(o.port))) {
    if (!isAlive(pid) || Date.now() > deadline) {
      await stop();
      throw new Error(`redis-server with TLS did not start:\n${readFileSync(path.join(dir, 'redis.log'), 'utf8').split('\n').slice(-15).join('\n')}`);
    }
    await sleep(100);
  }
  return { port: o.port, stop };
}
