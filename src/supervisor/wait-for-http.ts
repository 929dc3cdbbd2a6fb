/**
 * Polls a URL until it answers with a 2xx status or `limitMs` passes (the API's `/health` after
 * its child started). Resolves true when it answered.
 *
 * @example
 * await waitForHttp('http://127.0.0.1:8080/health', 60_000) // true once the API listens
 */
import { setTimeout as sleep } from 'node:timers/promises';

export async function waitForHttp(url: string, limitMs: number, signal?: AbortSignal): Promise<boolean> {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline && !signal?.aborted) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      if (response.ok) return true;
    } catch {
      /* not listening yet */
    }
    await sleep(250);
  }
  return false;
}
