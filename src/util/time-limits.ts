/**
 * Bounding how long a step may take. `within` never rejects (for shutdown steps that must not
 * keep a stopping process alive); `withTimeout` rejects with a message that names the step (for
 * probes such as `rfid doctor`).
 *
 * @example
 * if (!(await within(consumer.close(), 10_000))) logger.warn('close did not finish in time')
 * await withTimeout(admin.metadata({ topics: [] }), 5_000, 'Kafka metadata')
 */
import { RfidError } from '../errors.ts';

/** Waits for `promise` at most `ms`; true when it settled (either way), false on timeout. */
export async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([
      promise.then(
        () => true,
        () => true,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** `promise`, or a TIMEOUT RfidError naming `what` after `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RfidError('TIMEOUT', `${what} did not finish within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
