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
