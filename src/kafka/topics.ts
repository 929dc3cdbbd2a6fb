/**
 * Idempotent topic creation for the contract topics (DESIGN.md §3). An existing topic is left as
 * it is and reported; one with fewer partitions than asked for is reported as a mismatch, never
 * silently changed (partition counts change key → partition mapping; a person decides).
 */
import { Admin } from '@platformatic/kafka';
import type { Config } from '../config/config.ts';
import { RfidError } from '../errors.ts';
import { kafkaClientOptions } from './client-options.ts';

export interface TopicSpec {
  name: string;
  partitions: number;
  configs?: Record<string, string>;
}

export interface TopicReport {
  name: string;
  partitions: number;
  wanted: number;
  status: 'created' | 'exists' | 'fewer-partitions';
}

export function contractTopics(config: Config): TopicSpec[] {
  return [
    { name: config.topics.events, partitions: config.topics.eventsPartitions },
    // The DLQ keeps what could not be applied for a person to look at: kept for 30 days.
    { name: config.topics.dlq, partitions: 1, configs: { 'retention.ms': String(30 * 24 * 3600 * 1000) } },
    { name: config.topics.changes, partitions: config.topics.eventsPartitions },
  ];
}

export async function describeTopicPartitions(admin: Admin, names: string[]): Promise<Map<string, number>> {
  const existing = new Set(await admin.listTopics());
  const present = names.filter((n) => existing.has(n));
  const result = new Map<string, number>();
  if (present.length === 0) return result;
  const metadata = await admin.metadata({ topics: present, forceUpdate: true });
  for (const name of present) {
    const topic = metadata.topics.get(name);
    if (topic) result.set(name, topic.partitionsCount);
  }
  return result;
}

export async function ensureTopics(config: Config, specs: TopicSpec[] = contractTopics(config)): Promise<TopicReport[]> {
  const admin = new Admin(kafkaClientOptions(config.kafka, 'admin'));
  try {
    const before = await describeTopicPartitions(
      admin,
      specs.map((s) => s.name),
    );
    const reports: TopicReport[] = [];
    for (const spec of specs) {
      const partitions = before.get(spec.name);
      if (partitions !== undefined) {
        reports.push({ name: spec.name, partitions, wanted: spec.partitions, status: partitions < spec.partitions ? 'fewer-partitions' : 'exists' });
        continue;
      }
      try {
        await admin.createTopics({
          topics: [spec.name],
          partitions: spec.partitions,
          replicas: 1,
          configs: Object.entries(spec.configs ?? {}).map(([name, value]) => ({ name, value })),
        });
        reports.push({ name: spec.name, partitions: spec.partitions, wanted: spec.partitions, status: 'created' });
      } catch (error) {
        // Another process may have created it between our look and our create: that is fine.
        const now = await describeTopicPartitions(admin, [spec.name]);
        const count = now.get(spec.name);
        if (count === undefined) throw new RfidError('KAFKA_UNAVAILABLE', `cannot create topic ${spec.name}`, { cause: error });
        reports.push({ name: spec.name, partitions: count, wanted: spec.partitions, status: 'exists' });
      }
    }
    return reports;
  } catch (error) {
    if (error instanceof RfidError) throw error;
    throw new RfidError('KAFKA_UNAVAILABLE', `Kafka at ${config.kafka.brokers.join(',')} did not answer`, {
      cause: error,
      hint: 'start it with `rfid stack up` or set KAFKA_BROKERS',
    });
  } finally {
    await admin.close();
  }
}
