/**
 * Groups an async stream of records into batches bounded by count and by time: a batch closes at
 * `maxMessages`, or `maxWaitMs` after its first record arrived, whichever comes first. While a
 * batch is being processed nothing more is pulled beyond `2 × maxMessages` buffered, so the Kafka
 * stream's own back-pressure stops fetching.
 */
export class StreamEndedError extends Error {
  constructor(cause?: unknown) {
    super('the record stream ended', cause === undefined ? undefined : { cause });
    this.name = 'StreamEndedError';
  }
}

export class Batcher<T> {
  readonly #source: AsyncIterator<T>;
  readonly #maxMessages: number;
  readonly #maxWaitMs: number;
  #buffer: T[] = [];
  #ended = false;
  #error: unknown;
  #wake: (() => void) | undefined;
  #space: (() => void) | undefined;
  #stopped = false;

  constructor(source: AsyncIterable<T>, maxMessages: number, maxWaitMs: number) {
    this.#source = source[Symbol.asyncIterator]();
    this.#maxMessages = maxMessages;
    this.#maxWaitMs = maxWaitMs;
    void this.#pump();
  }

  async #pump(): Promise<void> {
    try {
      while (!this.#stopped) {
        // Up to two batches are buffered: the next one fills while the current one is applied.
        if (this.#buffer.length >= 2 * this.#maxMessages) {
          await new Promise<void>((resolve) => (this.#space = resolve));
          continue;
        }
        const next = await this.#source.next();
        if (next.done) break;
        this.#buffer.push(next.value);
        this.#notify();
      }
    } catch (error) {
      this.#error = error;
    }
    this.#ended = true;
    this.#notify();
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  #waitForData(ms: number | undefined): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(() => {
        this.#wake = undefined;
        resolve();
      }, ms);
      this.#wake = () => {
        if (timer) clearTimeout(timer);
        resolve();
      };
    });
  }

  /**
   * The next batch. Waits for a first record up to `idleMs` (then returns an empty batch, so the
   * caller can do housekeeping); throws StreamEndedError when the stream ended or failed.
   */
  async next(idleMs: number): Promise<T[]> {
    if (this.#buffer.length === 0) {
      if (this.#ended) throw new StreamEndedError(this.#error);
      await this.#waitForData(idleMs);
      if (this.#buffer.length === 0) {
        if (this.#ended) throw new StreamEndedError(this.#error);
        return [];
      }
    }
    const deadline = Date.now() + this.#maxWaitMs;
    while (this.#buffer.length < this.#maxMessages && !this.#ended) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      await this.#waitForData(left);
    }
    const batch = this.#buffer.splice(0, this.#maxMessages);
    const space = this.#space;
    this.#space = undefined;
    space?.();
    return batch;
  }

  /** Stops pulling; records already buffered are dropped (they were not applied, so not committed). */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#space?.();
    // Not awaited: return() on a stream iterator waits for a pending next(), which may never
    // come on a quiet topic. The owner closes the stream itself, which ends the iterator.
    void this.#source.return?.().catch(() => {});
  }
}
