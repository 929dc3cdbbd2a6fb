/**
 * Drives a WarehouseModel into Kafka (or a file): live mode paced at a target rate, as fast as
 * possible, or history mode with back-dated clock readings. Messages are keyed `sku|location` and
 * produced by an idempotent producer with acks from all in-sync replicas; several sends are kept
 * in flight so the producer, not the pacing loop, is the limit.
 */
import { createWriteStream, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { Producer } from '@platformatic/kafka';
import type { Config } from '../config/config.ts';
import { kafkaClientOptions } from '../kafka/client-options.ts';
import { WarehouseModel, type SimulatedMessage, type SimulationSummary, type WarehouseModelOptions } from './warehouse-model.ts';
import { parseCellKey } from '../domain/cell-key.ts';
import { historyClock } from './history-clock.ts';

export interface SimulationRun {
  model: WarehouseModelOptions;
  /** Stop after this many messages (duplicates and malformed included). */
  count?: number;
  /** Stop after this many seconds. */
  durationSeconds?: number;
  /** Neither a count nor a duration: run until `signal` aborts (the demo feed of `rfid up`). */
  forever?: boolean;
  /** Target messages per second; undefined = as fast as possible. */
  rate?: number;
  /** History mode: spread `count` events over the last N days (ending at `endMs`). */
  historyDays?: number;
  endMs?: number;
  /** Write NDJSON lines `{"key":…,"value":…}` to this file instead of Kafka. */
  outputFile?: string;
  /** Write the expected final stock per cell to this file. */
  oracleFile?: string;
  chunk?: number;
  signal?: AbortSignal;
  onProgress?: (sent: number) => void;
  /** Called with each produced message (tests keep them to build their own oracle). */
  onMessage?: (message: SimulatedMessage) => void;
}

export interface SimulationResult {
  summary: SimulationSummary;
  seconds: number;
  messagesPerSecond: number;
  expectedStock: Map<string, number>;
}

interface Sink {
  write(batch: SimulatedMessage[]): Promise<void>;
  close(): Promise<void>;
}

function kafkaSink(config: Config): Sink {
  const producer = new Producer<Buffer, Buffer, Buffer, Buffer>({
    ...kafkaClientOptions(config.kafka, 'simulate'),
    idempotent: true,
    acks: -1,
    retries: 10,
  });
  const topic = config.topics.events;
  return {
    write: async (batch) => {
      await producer.send({ messages: batch.map((m) => ({ topic, key: Buffer.from(m.key), value: Buffer.from(m.value) })) });
    },
    close: () => producer.close(),
  };
}

function fileSink(file: string): Sink {
  const out = createWriteStream(file);
  return {
    write: async (batch) => {
      if (!out.write(batch.map((m) => JSON.stringify({ key: m.key, value: m.value })).join('\n') + '\n')) await once(out, 'drain');
    },
    close: () => new Promise((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve()))),
  };
}

export async function runSimulation(config: Config, run: SimulationRun): Promise<SimulationResult> {
  if (run.count === undefined && run.durationSeconds === undefined && !run.forever) throw new RangeError('give a count, a duration or forever');
  if (run.historyDays !== undefined && run.count === undefined) throw new RangeError('history mode needs a count');
  const model = new WarehouseModel({ maxMessageBytes: config.ingest.maxMessageBytes, ...run.model });
  const sink = run.outputFile ? fileSink(run.outputFile) : kafkaSink(config);
  const chunk = run.chunk ?? (run.rate ? Math.max(1, Math.min(2_000, Math.round(run.rate / 20))) : 2_000);
  const maxInFlight = run.outputFile ? 1 : 4;
  const clock = run.historyDays ? historyClock(run.count!, run.historyDays, run.endMs ?? Date.now(), run.model.seed) : undefined;
  const started = Date.now();
  const deadline = run.durationSeconds !== undefined ? started + run.durationSeconds * 1000 : Infinity;
  const limit = run.count ?? Infinity;
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  let sent = 0;
  try {
    while (sent < limit && Date.now() < deadline && !run.signal?.aborted && failure === undefined) {
      if (run.rate) {
        // Pace: message n is due at start + n / rate.
        const due = started + (sent / run.rate) * 1000;
        const wait = due - Date.now();
        if (wait > 1) await sleep(wait);
      }
      const n = Math.min(chunk, limit - sent);
      const batch: SimulatedMessage[] = new Array(n);
      for (let i = 0; i < n; i++) {
        const now = clock ? (clock.next().value ?? Date.now()) : Date.now();
        batch[i] = model.next(now as number);
        run.onMessage?.(batch[i]!);
      }
      sent += n;
      const p: Promise<void> = sink.write(batch).then(
        () => void inFlight.delete(p),
        (error: unknown) => {
          inFlight.delete(p);
          failure ??= error;
        },
      );
      inFlight.add(p);
      if (inFlight.size >= maxInFlight) await Promise.race(inFlight);
      run.onProgress?.(Math.max(0, sent - inFlight.size * chunk));
    }
    await Promise.all(inFlight);
    if (failure !== undefined) throw failure;
  } finally {
    await Promise.all(inFlight);
    await sink.close().catch(() => {});
  }
  const seconds = (Date.now() - started) / 1000;
  const expectedStock = model.expectedStock();
  if (run.oracleFile) writeOracle(run.oracleFile, run, model.summary, expectedStock);
  return { summary: model.summary, seconds, messagesPerSecond: sent / Math.max(seconds, 0.001), expectedStock };
}

/** The oracle file: what a correct pipeline must show after ingesting exactly this run. */
export function writeOracle(file: string, run: SimulationRun, summary: SimulationSummary, stock: Map<string, number>): void {
  const cells = [...stock.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([cell, qty]) => ({ ...parseCellKey(cell)!, qty_on_hand: qty }));
  writeFileSync(file, JSON.stringify({ seed: run.model.seed, summary, cells }, null, 1) + '\n');
}
