/**
 * The fault-injection run (issue 5): simulated events with malformed and duplicate messages
 * produced while several `rfid ingest` workers apply them and the harness injects faults —
 * SIGKILLs of random workers (each restarted), broker restarts, a Postgres restart, a Redis
 * FLUSHALL and a Redis restart, and partitions added to the events topic — all on private
 * servers. At the end, checks against an oracle computed from the produced messages alone.
 */
import { Admin, Producer } from '@platformatic/kafka';
import { readTopic } from '../../test/support/kafka-read.ts';
import { oracle } from '../../test/support/events.ts';
import { diffStock, logEndOffsets, redisVsPostgres, stockFromPostgres } from '../../test/support/pipeline-checks.ts';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { decodeEvent } from '../../src/domain/rfid-event.ts';
import { kafkaClientOptions } from '../../src/kafka/client-options.ts';
import { ensureTopics } from '../../src/kafka/topics.ts';
import { migrate } from '../../src/postgres/migrate.ts';
import { createPool } from '../../src/postgres/pool.ts';
import { readOffsets } from '../../src/postgres/ingest/advance-offsets.ts';
import { createRedis } from '../../src/redis/client.ts';
import { InventoryCache } from '../../src/redis/inventory-cache.ts';
import { seededRandom } from '../../src/simulate/seeded-random.ts';
import { WarehouseModel, type SimulatedMessage } from '../../src/simulate/warehouse-model.ts';
import { spawnCli, type WorkerChild } from './bench-env.ts';
import { startPrivateServices, type PrivateServices } from './private-services.ts';

export interface FaultPlan {
  events: number;
  malformedRate: number;
  duplicateRate: number;
  workers: number;
  kills: number;
  brokerRestarts: number;
  postgresRestarts: number;
  redisFlushes: number;
  redisRestarts: number;
  /** Partitions added to the events topic mid-run (0 = none). */
  addPartitions: number;
  /** Production is spread over about this many seconds so faults land during the run. */
  produceSeconds: number;
  seed: number;
  /** Folder for the workers' logs (stderr, JSON lines), kept for a post-mortem. */
  workerLogDir?: string;
  ports: { kafka: number; postgres: number; redis: number };
  log?: (line: string) => void;
}

export interface Check {
  name: string;
  pass: boolean;
  detail: string;
}

export interface FaultReport {
  faults: Array<{ at_s: number; fault: string; detail: string }>;
  checks: Check[];
  seconds: number;
  produced: number;
}

export const CI_PLAN: Omit<FaultPlan, 'ports'> = {
  events: 50_000,
  malformedRate: 0.1,
  duplicateRate: 0.1,
  workers: 3,
  kills: 3,
  brokerRestarts: 1,
  postgresRestarts: 1,
  redisFlushes: 1,
  redisRestarts: 1,
  addPartitions: 3,
  produceSeconds: 25,
  seed: 7,
};

export const FULL_PLAN: Omit<FaultPlan, 'ports'> = {
  events: 1_000_000,
  malformedRate: 0.1,
  duplicateRate: 0.1,
  workers: 3,
  kills: 20,
  brokerRestarts: 2,
  postgresRestarts: 1,
  redisFlushes: 1,
  redisRestarts: 1,
  addPartitions: 3,
  produceSeconds: 150,
  seed: 7,
};

export async function runFaultSuite(plan: FaultPlan): Promise<FaultReport> {
  const log = plan.log ?? (() => {});
  const started = Date.now();
  const at = () => Math.round((Date.now() - started) / 100) / 10;
  const services: PrivateServices = await startPrivateServices({
    kafkaPort: plan.ports.kafka,
    postgresPort: plan.ports.postgres,
    redisPort: plan.ports.redis,
    overrides: { RFID_EVENTS_PARTITIONS: '6', RFID_BATCH_MAX_MESSAGES: '2000', RFID_SESSION_TIMEOUT_MS: '6000' },
  });
  const { config, env } = services;
  const faults: FaultReport['faults'] = [];
  const workers: Array<WorkerChild | undefined> = [];
  const pool = createPool(config.databaseUrl, { max: 2 });
  pool.on('error', () => {}); // idle clients die with the Postgres restart
  try {
    await migrate(pool);
    await ensureTopics(config);
    log(`private stack up in ${at()} s (Kafka ${config.kafka.brokers[0]}, ${config.databaseUrl}, ${config.redisUrl})`);

    // Every message, in order; the oracle is computed from these alone.
    const model = new WarehouseModel({
      seed: plan.seed,
      skus: 2_000,
      locations: 12,
      malformedRate: plan.malformedRate,
      duplicateRate: plan.duplicateRate,
      lateRate: 0.05,
    });
    const now = Date.now();
    const messages: SimulatedMessage[] = Array.from({ length: plan.events }, () => model.next(now));

    const startWorker = (slot: number) => {
      workers[slot] = spawnCli(
        ['ingest'],
        { ...env, LOG_LEVEL: 'info', RFID_WORKER_ID: `fault-w${slot}-${randomUUID().slice(0, 4)}`, RFID_GROUP_INSTANCE_ID: `fault-w${slot}` },
        `worker ${slot}`,
        plan.workerLogDir ? `${plan.workerLogDir}/worker-${slot}.log` : undefined,
      );
    };
    for (let i = 0; i < plan.workers; i++) startWorker(i);

    // Production, paced over produceSeconds, retried through broker restarts (idempotent producer).
    const producing = (async () => {
      const producer = new Producer({ ...kafkaClientOptions(config.kafka, 'fault-producer'), idempotent: true, acks: -1, retries: 3, metadataMaxAge: 2_000 });
      const chunk = 1_000;
      const t0 = Date.now();
      try {
        for (let i = 0; i < messages.length; i += chunk) {
          const due = t0 + (i / messages.length) * plan.produceSeconds * 1000;
          if (due > Date.now()) await sleep(due - Date.now());
          const batch = messages.slice(i, i + chunk).map((m) => ({ topic: config.topics.events, key: Buffer.from(m.key), value: Buffer.from(m.value) }));
          for (let attempt = 0; ; attempt++) {
            try {
              await producer.send({ messages: batch });
              break;
            } catch (error) {
              if (attempt > 120) throw error;
              await sleep(500);
            }
          }
        }
      } finally {
        await producer.close().catch(() => {});
      }
    })();

    // The fault schedule: shuffled, spread over the production window.
    const schedule: string[] = [
      ...Array<string>(plan.kills).fill('kill'),
      ...Array<string>(plan.brokerRestarts).fill('broker-restart'),
      ...Array<string>(plan.postgresRestarts).fill('postgres-restart'),
      ...Array<string>(plan.redisFlushes).fill('redis-flushall'),
      ...Array<string>(plan.redisRestarts).fill('redis-restart'),
      ...(plan.addPartitions > 0 ? ['add-partitions'] : []),
    ];
    const rand = seededRandom(plan.seed ^ 0x9e3779b9);
    for (let i = schedule.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [schedule[i], schedule[j]] = [schedule[j]!, schedule[i]!];
    }
    const gap = (plan.produceSeconds * 1000 * 0.9) / (schedule.length + 1);
    for (const fault of schedule) {
      await sleep(gap * (0.5 + rand()));
      let detail = '';
      switch (fault) {
        case 'kill': {
          const slot = Math.floor(rand() * plan.workers);
          const w = workers[slot]!;
          detail = `worker ${slot} (pid ${w.child.pid})`;
          w.child.kill('SIGKILL');
          await new Promise((resolve) => (w.child.exitCode !== null || w.child.signalCode !== null ? resolve(undefined) : w.child.once('exit', resolve)));
          await sleep(rand() * 1000);
          startWorker(slot);
          break;
        }
        case 'broker-restart':
          await services.restartBroker();
          detail = 'stopped and started the KRaft broker';
          break;
        case 'postgres-restart':
          await services.restartPostgres('immediate');
          detail = 'pg_ctl restart -m immediate';
          break;
        case 'redis-flushall': {
          const redis = createRedis(config.redisUrl, { maxRetriesPerRequest: 5 });
          await redis.flushall();
          redis.disconnect();
          detail = 'FLUSHALL';
          break;
        }
        case 'redis-restart':
          await services.restartRedis();
          detail = 'stopped and started redis-server (no persistence: empty after)';
          break;
        case 'add-partitions': {
          const admin = new Admin(kafkaClientOptions(config.kafka, 'fault-admin'));
          try {
            await admin.createPartitions({ topics: [{ name: config.topics.events, count: 6 + plan.addPartitions, assignments: null }] });
          } finally {
            await admin.close();
          }
          detail = `events topic 6 → ${6 + plan.addPartitions} partitions`;
          break;
        }
      }
      faults.push({ at_s: at(), fault, detail });
      log(`${at()} s  ${fault}  ${detail}`);
    }
    await producing;
    log(`${at()} s  all ${messages.length} messages produced; waiting for the workers to catch up`);

    // Caught up: Postgres' stored offsets reach the log end of every partition, and Redis matches.
    const cache = new InventoryCache(createRedis(config.redisUrl, { maxRetriesPerRequest: 5 }), config.redisPrefix);
    const ends = await logEndOffsets(config);
    const deadline = Date.now() + 300_000;
    let caughtUp = false;
    let cacheEqual = false;
    while (Date.now() < deadline) {
      const stored = await readOffsets(pool, config.topics.events).catch(() => new Map<number, bigint>());
      caughtUp = [...ends].every(([p, end]) => end === 0n || (stored.get(p) ?? 0n) >= end);
      if (caughtUp) {
        cacheEqual = (await redisVsPostgres(pool, cache).catch(() => ['unreadable'])).length === 0;
        if (cacheEqual) break;
      }
      await sleep(500);
    }
    log(`${at()} s  caught up: ${caughtUp}; cache equal: ${cacheEqual}`);
    if (!caughtUp) {
      const stored = await readOffsets(pool, config.topics.events).catch(() => new Map<number, bigint>());
      log(
        `  partitions behind: ${[...ends]
          .filter(([p, end]) => (stored.get(p) ?? 0n) < end)
          .map(([p, end]) => `${p}: stored ${stored.get(p) ?? 0n} < end ${end}`)
          .join(', ')}`,
      );
      log(`  workers alive: ${workers.map((w, i) => `${i}:${w && w.child.exitCode === null && w.child.signalCode === null ? 'yes' : 'no'}`).join(' ')}`);
    }
    for (const w of workers) await w?.stop();

    // ── the checks, against the oracle from the produced messages
    const recordsInTopic = (
      await readTopic(
        config,
        config.topics.events,
        [...ends.values()].reduce((a, b) => a + Number(b), 0),
        120_000,
      )
    ).map((r) => r.value);
    const validEvents = messages.flatMap((m) => (m.kind === 'malformed' ? [] : [m.event!]));
    const validIds = new Set(validEvents.map((e) => e.event_id));
    const expected = oracle(validEvents);
    const malformedValues = new Set(messages.filter((m) => m.kind === 'malformed').map((m) => m.value));
    const malformedInTopic = recordsInTopic.filter((v) => !decodeEvent(Buffer.from(v), Date.now()).ok).length;
    const ledger = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM rfid_events');
    const actual = await stockFromPostgres(pool);
    const stockDiff = diffStock(expected, actual);
    const cacheDiff = await redisVsPostgres(pool, cache).catch((error: unknown) => [`cannot compare: ${(error as Error).message}`]);
    cache.redis.disconnect();
    const dlq = await pool.query<{ value: string; event_id: string | null }>(
      "SELECT convert_from(record_value, 'UTF8') AS value, event_id FROM ingest_dead_letters",
    );
    const dlqValues = new Set(dlq.rows.map((d) => d.value));
    const missingFromDlq = [...malformedValues].filter((v) => !dlqValues.has(v)).length;
    const unexpectedInDlq = [...dlqValues].filter((v) => !malformedValues.has(v)).length;
    const both = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM ingest_dead_letters d JOIN rfid_events e ON d.event_id = e.event_id::text');
    const checks: Check[] = [
      { name: 'caught up (stored offsets = log end, every partition)', pass: caughtUp, detail: `${ends.size} partitions` },
      { name: 'ledger rows == distinct valid events', pass: ledger.rows[0]!.n === validIds.size, detail: `${ledger.rows[0]!.n} vs ${validIds.size}` },
      {
        name: 'stock per cell == oracle',
        pass: stockDiff.length === 0,
        detail: stockDiff.length === 0 ? `${expected.size} cells` : stockDiff.slice(0, 3).join('; '),
      },
      {
        name: 'Redis == Postgres for every cell',
        pass: cacheDiff.length === 0,
        detail: cacheDiff.length === 0 ? `${actual.size} cells` : `${cacheDiff.length} differ, e.g. ${cacheDiff.slice(0, 2).join('; ')}`,
      },
      { name: 'DLQ rows == malformed records in the topic', pass: dlq.rows.length === malformedInTopic, detail: `${dlq.rows.length} vs ${malformedInTopic}` },
      {
        name: 'DLQ holds exactly the malformed set (by value)',
        pass: missingFromDlq === 0 && unexpectedInDlq === 0,
        detail: `${malformedValues.size} malformed; missing ${missingFromDlq}, unexpected ${unexpectedInDlq}`,
      },
      { name: 'no event both in the ledger and in the DLQ', pass: both.rows[0]!.n === 0, detail: `${both.rows[0]!.n}` },
    ];
    return { faults, checks, seconds: (Date.now() - started) / 1000, produced: messages.length };
  } finally {
    for (const w of workers) await w?.stop().catch(() => {});
    await pool.end().catch(() => {});
    await services.stop();
  }
}
