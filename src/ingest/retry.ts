/** Waiting out dependency outages: exponential backoff with jitter, cancellable on shutdown. */
import { setTimeout as sleep } from 'node:timers/promises';

export function backoffMs(attempt: number, baseMs = 100, maxMs = 5_000): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 16));
  return Math.round(exp / 2 + Math.random() * (exp / 2));
}

export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await sleep(ms, undefined, signal ? { signal } : undefined);
  } catch {
    /* aborted: the caller checks its own stop flag */
  }
}

/** Which dependency an error came from, for logs and the retry metric. */
export function dependencyOf(error: unknown): 'postgres' | 'kafka' | 'redis' | 'unknown' {
  const text = `${(error as Error)?.name ?? ''} ${(error as Error)?.message ?? ''} ${(error as { code?: string })?.code ?? ''}`;
  if (/^\d{2}[0-9A-Z]{3}$/.test((error as { code?: string })?.code ?? '') || /postgres|pg|ECONNREFUSED.*5432|terminat|Connection terminated/i.test(text)) return 'postgres';
  if (/kafka|broker|PLT_KFK/i.test(text)) return 'kafka';
  if (/redis/i.test(text)) return 'redis';
  return 'unknown';
}

/**
 * Waits for `promise` at most `ms`; resolves `false` on timeout instead of hanging. For shutdown
 * steps (closing network clients) that must never keep a stopping process alive.
 */
export async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true, () => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
