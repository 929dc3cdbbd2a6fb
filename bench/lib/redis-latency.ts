/**
 * Produce → visible-in-Redis latency: events produced at a fixed rate, each on a fresh cell, timed
 * from the producer's send to the Redis keyspace notification of that cell's write. Used for both
 * `rfid ingest` and the seed consumer (which writes `inv:` keys in another Redis database).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Producer } from '@platformatic/kafka';
import type { Config } from '../../src/config/config.ts';
import { kafkaClientOptions } from '../../src/kafka/client-options.ts';
import { createRedis } from '../../src/redis/client.ts';

export interface LatencyRun {
  /** Milliseconds per event seen, ascending. */
  latencies: number[];
  sent: number;
  achievedRate: number;
}

/** Keyspace notifications for string writes, on for the duration of `fn` and restored after. */
export async function withKeyspaceNotifications<T>(redisUrl: string, fn: () => Promise<T>): Promise<T> {
  const admin = createRedis(redisUrl, { maxRetriesPerRequest: 3 });
  const previous = ((await admin.config('GET', 'notify-keyspace-events')) as string[])[1] ?? '';
  await admin.config('SET', 'notify-keyspace-events', 'K$');
  try {
    return await fn();
  } finally {
    await admin.config('SET', 'notify-keyspace-events', previous).catch(() => {});
    admin.disconnect();
  }
}

/**
 * Produces `rate` events/s for `seconds` to `topic` (cells `${cellPrefix}${n}|L`) and waits up to
 * 60 s for each to show up under `${keyPrefix}${cellPrefix}${n}:L` in Redis database `db`.
 */
export async function measureRedisLatency(
  config: Config,
  options: { topic: string; keyPrefix: string; db: number; cellPrefix: string; rate: number; seconds: number },
): Promise<LatencyRun> {
  const channelPrefix = `__keyspace@${options.db}__:${options.keyPrefix}`;
  const sub = createRedis(config.redisUrl, { maxRetriesPerRequest: 3 });
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  await sub.psubscribe(`${channelPrefix}${options.cellPrefix}*`);
  sub.on('pmessage', (_pattern: string, channel: string) => {
    const cell = channel.slice(channelPrefix.length);
    const t0 = sentAt.get(cell);
    if (t0 !== undefined) {
      latencies.push(performance.now() - t0);
      sentAt.delete(cell);
    }
  });
  const producer = new Producer({ ...kafkaClientOptions(config.kafka, 'bench-latency'), acks: -1, idempotent: true });
  const total = options.rate * options.seconds;
  const perTick = Math.max(1, Math.round(options.rate / 100)); // a send every 10 ms
  const start = performance.now();
  const sends: Promise<unknown>[] = [];
  try {
    for (let i = 0; i < total; ) {
      const wait = start + (i / options.rate) * 1000 - performance.now();
      if (wait > 1) await sleep(wait);
      const ts = new Date().toISOString();
      const messages = [];
      for (let k = 0; k < perTick && i < total; k++, i++) {
        const sku = `${options.cellPrefix}${i}`;
        sentAt.set(`${sku}:L`, performance.now());
        messages.push({
          topic: options.topic,
          key: Buffer.from(`${sku}|L`),
          value: Buffer.from(JSON.stringify({ event_id: crypto.randomUUID(), event_ts: ts, event_type: 'IN', sku, location: 'L', qty: 1 })),
        });
      }
      sends.push(producer.send({ messages }));
    }
    await Promise.all(sends);
    const achievedRate = total / ((performance.now() - start) / 1000);
    const deadline = Date.now() + 60_000;
    while (latencies.length < total && Date.now() < deadline) await sleep(100);
    return { latencies: latencies.sort((a, b) => a - b), sent: total, achievedRate };
  } finally {
    await producer.close().catch(() => {});
    sub.disconnect();
  }
}
