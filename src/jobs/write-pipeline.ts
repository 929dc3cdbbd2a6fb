/**
 * Page writes in flight while the job computes the next page: at most `depth` transactions at
 * once (their pages hold disjoint key ranges, so they never wait on each other's rows). The jobs
 * use depth 1 (see WRITES_IN_FLIGHT in forecast-day.ts for the measurement).
 *
 * @example
 * const writes = createWritePipeline(1, (rows, cells) => {})
 * await writes.push(() => withTransaction(pool, write), cells.length)
 * await writes.drain()
 */
export interface WritePipeline {
  /** Starts a write, after waiting for the oldest one when `depth` are in flight. */
  push(start: () => Promise<number>, cells: number): Promise<void>;
  /** Waits for every write; the first failure is thrown. */
  drain(): Promise<void>;
  /** Waits for the writes in flight to end, successful or not (before reporting a failure). */
  settle(): Promise<void>;
}

export function createWritePipeline(depth: number, onWritten: (rows: number, cells: number) => void): WritePipeline {
  const inFlight: Array<{ write: Promise<number>; cells: number }> = [];
  const finishOldest = async (): Promise<void> => {
    const oldest = inFlight[0]!;
    const rows = await oldest.write;
    inFlight.shift();
    onWritten(rows, oldest.cells);
  };
  return {
    async push(start, cells) {
      while (inFlight.length >= depth) await finishOldest();
      const write = start();
      write.catch(() => {}); // awaited by finishOldest; this only keeps an early failure from being "unhandled"
      inFlight.push({ write, cells });
    },
    async drain() {
      while (inFlight.length > 0) await finishOldest();
    },
    async settle() {
      await Promise.allSettled(inFlight.map((w) => w.write));
    },
  };
}
