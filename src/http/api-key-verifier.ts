/**
 * Turns a presented key into the identity it stands for, asking Postgres at most once per
 * `cacheMs` per key: one indexed read per key per interval instead of one per request (the cached
 * stock read must stay close to a bare route's speed). The price is stated in the config: a key
 * revoked by another process keeps working for at most `cacheMs`.
 *
 * Unknown keys are remembered too (bounded), so a client hammering with a wrong key costs no
 * lookups; that is always safe, since an unknown or revoked key never becomes valid.
 * `last_used_at` is written at most once a minute per key, off the request path.
 *
 * @example
 * const verifier = new ApiKeyVerifier(pool, { cacheMs: 10_000 })
 * const who = await verifier.verify('rfid_0123456789ab_…') // { id, name, role, prefix } | undefined
 */
import { hashApiKey } from '../auth/api-key-secret.ts';
import { parseApiKey } from '../domain/api-key.ts';
import { findApiKey, type ApiKeyIdentity } from '../postgres/api-keys/find-api-key.ts';
import { touchApiKeys } from '../postgres/api-keys/touch-api-keys.ts';
import type { Pool } from '../postgres/pool.ts';

const UNKNOWN_KEY_CACHE_MS = 60_000;
const MAX_ENTRIES = 10_000;
const TOUCH_EVERY_MS = 60_000;

export class ApiKeyVerifier {
  readonly #db: Pick<Pool, 'query'>;
  readonly #cacheMs: number;
  readonly #now: () => number;
  readonly #cache = new Map<string, { identity: ApiKeyIdentity | undefined; until: number }>();
  readonly #touched = new Map<string, number>();

  constructor(db: Pick<Pool, 'query'>, options: { cacheMs: number; now?: () => number }) {
    this.#db = db;
    this.#cacheMs = options.cacheMs;
    this.#now = options.now ?? Date.now;
  }

  /** The live key's identity, or undefined for a malformed, unknown or revoked key. */
  async verify(token: string): Promise<ApiKeyIdentity | undefined> {
    if (parseApiKey(token) === undefined) return undefined;
    const hash = hashApiKey(token);
    const cacheKey = hash.toString('base64');
    const now = this.#now();
    const hit = this.#cache.get(cacheKey);
    if (hit !== undefined && hit.until > now) {
      if (hit.identity) this.#touch(hit.identity.id, now);
      return hit.identity;
    }
    const identity = await findApiKey(this.#db, hash);
    const ttl = identity ? this.#cacheMs : UNKNOWN_KEY_CACHE_MS;
    if (ttl > 0) {
      this.#cache.delete(cacheKey); // re-insert at the end: the Map's order is the eviction order
      this.#cache.set(cacheKey, { identity, until: now + ttl });
      if (this.#cache.size > MAX_ENTRIES) this.#cache.delete(this.#cache.keys().next().value!);
    }
    if (identity) this.#touch(identity.id, now);
    return identity;
  }

  /** Forgets every cached answer (after a revocation made in this process). */
  clear(): void {
    this.#cache.clear();
  }

  #touch(id: string, now: number): void {
    const last = this.#touched.get(id);
    if (last !== undefined && now - last < TOUCH_EVERY_MS) return;
    this.#touched.set(id, now);
    // Bookkeeping only: a failure here must not fail the request that used the key.
    touchApiKeys(this.#db, [id], new Date(now)).catch(() => this.#touched.delete(id));
  }
}
