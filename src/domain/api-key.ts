/**
 * API keys and roles (issue 11), pure: the key's text format and which role may do what.
 * A key reads `rfid_<prefix>_<secret>`: the prefix (12 hex digits) names the key in listings and
 * logs; the secret (64 hex digits, 256 random bits) is shown once and only its hash is stored.
 * Hex keeps the whole key one "word" that a double click selects.
 *
 * @example
 * const key = formatApiKey('0123456789ab', 'f'.repeat(64)) // 'rfid_0123456789ab_fff…'
 * parseApiKey(key)?.prefix // '0123456789ab'
 * roleAllows('ingest', 'read') // true
 */
export const API_ROLES = ['read', 'ingest', 'admin'] as const;
export type ApiRole = (typeof API_ROLES)[number];

const PREFIX_HEX = 12;
const SECRET_HEX = 64;
const KEY_RE = /^rfid_([0-9a-f]{12})_([0-9a-f]{64})$/;

export function isApiRole(value: unknown): value is ApiRole {
  return typeof value === 'string' && (API_ROLES as readonly string[]).includes(value);
}

/**
 * Whether a key with role `have` may call a route that needs `need`: admin may do everything,
 * ingest may post events and imports and read, read may only read.
 *
 * @example
 * roleAllows('read', 'ingest') // false
 */
export function roleAllows(have: ApiRole, need: ApiRole): boolean {
  return API_ROLES.indexOf(have) >= API_ROLES.indexOf(need);
}

/**
 * The key text from its two random parts (hex), which the caller draws.
 *
 * @example
 * formatApiKey('aaaaaaaaaaaa', 'b'.repeat(64)).length // 82
 */
export function formatApiKey(prefixHex: string, secretHex: string): string {
  if (prefixHex.length !== PREFIX_HEX || secretHex.length !== SECRET_HEX) throw new RangeError('an API key needs a 12-digit prefix and a 64-digit secret');
  return `rfid_${prefixHex}_${secretHex}`;
}

/**
 * The prefix of a well-formed key, or undefined for anything else (no lookup is worth doing then).
 *
 * @example
 * parseApiKey('Bearer nonsense') // undefined
 */
export function parseApiKey(text: string): { prefix: string } | undefined {
  const m = KEY_RE.exec(text);
  return m === null ? undefined : { prefix: m[1]! };
}

/**
 * The key from an `Authorization` header value (`Bearer <key>`, scheme case-insensitive).
 *
 * @example
 * bearerToken('Bearer abc') // 'abc'
 * bearerToken('Basic abc') // undefined
 */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return m === null ? undefined : m[1];
}
