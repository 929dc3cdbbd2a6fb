/**
 * Secrets never reach a log line, an error message or `rfid doctor` output. The configuration
 * registers every secret value it reads (passwords, private keys, the password part of
 * connection URLs); `redactSecrets` masks those values and any `scheme://user:password@` in a
 * text. The set is process-wide on purpose: a library error (pg, ioredis, Kafka) can quote a
 * secret anywhere, and the places that print text (logger, CLI, doctor) cannot know which
 * configuration object it came from.
 *
 * @example
 * registerSecret('s3cret')
 * redactSecrets('auth failed for s3cret at redis://:s3cret@h:6379') // 'auth failed for *** at redis://:***@h:6379'
 */

const MASK = '***';
// Shorter values would mask ordinary words and digits all over the output; a password this
// short is refused by no store, but masking it would make every line unreadable.
const MIN_SECRET_LENGTH = 4;
const known = new Set<string>();

export function registerSecret(value: string | undefined): void {
  if (value === undefined || value.length < MIN_SECRET_LENGTH) return;
  known.add(value);
  // The same value as it appears percent-encoded in a URL and escaped inside a JSON string.
  for (const form of [encodeURIComponent(value), JSON.stringify(value).slice(1, -1)]) {
    if (form !== value) known.add(form);
  }
}

/** The password part of a URL (decoded and raw), when it has one. */
export function registerUrlSecret(url: string): void {
  try {
    const u = new URL(url);
    if (u.password === '') return;
    registerSecret(u.password);
    registerSecret(decodeURIComponent(u.password));
  } catch {
    // Not a URL: nothing to take apart (the variable's problem message never echoes it).
  }
}

// scheme://user:password@ — the password stops at the first '@' (a literal '@' must be
// percent-encoded in a URL) or white space.
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/[^:@/\s]*):[^@\s]+@/gi;

export function redactSecrets(text: string): string {
  let out = text.replace(URL_CREDENTIALS, `$1:${MASK}@`);
  // Longest first, so a secret that contains another is masked whole.
  for (const secret of [...known].sort((a, b) => b.length - a.length)) {
    if (out.includes(secret)) out = out.split(secret).join(MASK);
  }
  return out;
}

/** Forgets registered secrets (tests only: each test file loads several configurations). */
export function forgetSecrets(): void {
  known.clear();
}
