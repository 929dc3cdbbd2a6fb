/**
 * Drawing a new API key and hashing keys for storage and lookup.
 *
 * SHA-256, not a password hash (bcrypt, scrypt, argon2): a key carries 256 random bits, so no
 * dictionary or brute force can invert its hash, and a slow hash would only add milliseconds to
 * every request. The hash is the lookup key (unique index), so a request costs one indexed read.
 *
 * @example
 * const { key, prefix, hash } = createApiKey()
 * hashApiKey(key).equals(hash) // true
 */
import { hash, randomBytes } from 'node:crypto';
import { formatApiKey } from '../domain/api-key.ts';

export function hashApiKey(key: string): Buffer {
  // One-shot crypto.hash: no Hash object per request (the API hashes the key of every request).
  return hash('sha256', key, 'buffer');
}

/** A new key: its text (shown once), display prefix and hash (stored). */
export function createApiKey(random: (n: number) => Buffer = randomBytes): { key: string; prefix: string; hash: Buffer } {
  const prefix = random(6).toString('hex');
  const key = formatApiKey(prefix, random(32).toString('hex'));
  return { key, prefix, hash: hashApiKey(key) };
}
