/**
 * REDIS_URL with an ACL user and TLS: `rediss://` turns TLS on (REDIS_TLS_* give the CA and a
 * client certificate); REDIS_USERNAME / REDIS_PASSWORD (or _FILE) fill the URL's credentials so
 * the URL itself can live in a ConfigMap and the password in a Secret.
 */
import { isUrl, type Reader } from './env-reader.ts';
import { anyTlsVariableSet, readTlsMaterial, type TlsMaterial } from './tls-config.ts';

export function readRedisConfig(r: Reader, env: Record<string, string | undefined>): { url: string; tls: TlsMaterial | undefined } {
  const url = r.secretUrl('REDIS_URL', 'redis://127.0.0.1:6379', {
    test: (v) => isUrl(v, ['redis:', 'rediss:']),
    rule: 'must be a redis:// or rediss:// (TLS) URL',
    example: 'rediss://rfid@redis.internal:6380/0',
  });
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { url, tls: undefined }; // reported above
  }
  const username = r.raw('REDIS_USERNAME');
  const password = r.secret('REDIS_PASSWORD');
  if (password !== undefined && u.password !== '') {
    r.problems.push('REDIS_PASSWORD and a password inside REDIS_URL: set only one');
  }
  if (username !== undefined) u.username = encodeURIComponent(username);
  if (password !== undefined) u.password = encodeURIComponent(password);
  const tls = u.protocol === 'rediss:';
  if (!tls && anyTlsVariableSet(env, 'REDIS_TLS')) {
    r.problems.push('REDIS_TLS_* variables are set but REDIS_URL is redis://: use rediss:// for TLS');
  }
  return {
    url: username !== undefined || password !== undefined ? u.toString() : url,
    tls: tls ? readTlsMaterial(r, 'REDIS_TLS') : undefined,
  };
}
