/**
 * Test event generation with an independent oracle: the expected stock is computed here from the
 * events the test produced, without any code of the pipeline.
 */
import { randomUUID } from 'node:crypto';
import { Producer } from '@platformatic/kafka';
import type { Config } from '../../src/config/config.ts';
import { kafkaClientOptions } from '../../src/kafka/client-options.ts';
import { seededRandom } from '../../src/simulate/seeded-random.ts';

export interface TestEvent {
  event_id: string;
  event_ts: string;
  event_type: 'IN' | 'OUT' | 'ADJUST';
  sku: string;
  location: string;
  qty: number;
  device_id?: string;
}

/** The simulator's seeded PRNG (mulberry32), so failures can be replayed with the same seed. */
export const rng = seededRandom;

export function randomEvents(count: number, options: { seed: number; skus?: number; locations?: number; baseTimeMs?: number }): TestEvent[] {
  const rand = rng(options.seed);
  const skus = options.skus ?? 50;
  const locations = options.locations ?? 5;
  const base = options.baseTimeMs ?? Date.now() - 86_400_000;
  const out: TestEvent[] = [];
  for (let i = 0; i < count; i++) {
    const r = rand();
    const type = r < 0.5 ? 'IN' : r < 0.9 ? 'OUT' : 'ADJUST';
    let qty = 1 + Math.floor(rand() * 20);
    if (type === 'ADJUST' && rand() < 0.5) qty = -qty;
    out.push({
      event_id: randomUUID(),
      event_ts: new Date(base + i * 10).toISOString(),
      event_type: type,
      sku: `SKU-${Math.floor(rand() * skus)}`,
      location: `LOC-${Math.floor(rand() * locations)}`,
      qty,
      device_id: `reader-${i % 7}`,
    });
  }
  return out;
}

/** Expected on-hand per `sku|location`, computed independently (each event_id counted once). */
export function oracle(events: Iterable<TestEvent>): Map<string, number> {
  const seen = new Set<string>();
  const stock = new Map<string, number>();
  for (const e of events) {
    if (seen.has(e.event_id)) continue;
    seen.add(e.event_id);
    const key = `${e.sku}|${e.location}`;
    const d = e.event_type === 'OUT' ? -e.qty : e.qty;
    stock.set(key, (stock.get(key) ?? 0) + d);
  }
  return stock;
}

export type RawMessage = { key: string; value: string; headers?: Record<string, string> };

export function toMessage(e: TestEvent): RawMessage {
  return { key: `${e.sku}|${e.location}`, value: JSON.stringify(e) };
}

/** Produces raw messages to the events topic in chunks (acks=all), keyed as the contract says. */
export async function produceRaw(config: Config, messages: RawMessage[], topic = config.topics.events, chunk = 5000): Promise<void> {
  const producer = new Producer({ ...kafkaClientOptions(config.kafka, 'test-producer'), acks: -1, idempotent: true });
  try {
    for (let i = 0; i < messages.length; i += chunk) {
      await producer.send({
        messages: messages.slice(i, i + chunk).map((m) => ({
          topic,
          key: Buffer.from(m.key),
          value: Buffer.from(m.value),
          ...(m.headers ? { headers: new Map(Object.entries(m.headers).map(([k, v]) => [Buffer.from(k), Buffer.from(v)])) } : {}),
        })),
      });
    }
  } finally {
    await producer.close();
  }
}
