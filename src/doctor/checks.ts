/**
 * `rfid doctor`: checks every dependency and says, for each failure, what to do about it.
 * Each check is independent: one failing does not hide the others.
 */
import { Admin, Consumer, Producer, stringSerializers, stringDeserializers } from '@platformatic/kafka';
import { randomUUID } from 'node:crypto';
import type { Config } from '../config/config.ts';
import { redactUrl } from '../config/config.ts';
import { describeError } from '../errors.ts';
import { kafkaClientOptions } from '../kafka/client-options.ts';
import { contractTopics, describeTopicPartitions } from '../kafka/topics.ts';
import { createPool } from '../postgres/pool.ts';
import { pendingMigrations } from '../postgres/migrate.ts';
import { redisInfo } from '../redis/client.ts';
import { withTimeout } from '../util/time-limits.ts';

export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
  hint?: string;
}

async function check(name: string, fn: () => Promise<string>, hint: (error: unknown) => string): Promise<CheckResult> {
  try {
    return { name, ok: true, detail: await fn() };
  } catch (error) {
    return { name, ok: false, detail: describeError(error), hint: hint(error) };
  }
}

const kafkaHint = (config: Config) => () =>
  `is a broker listening on ${config.kafka.brokers.join(',')}? Start the local one with \`rfid stack up\`, or set KAFKA_BROKERS`;

async function kafkaMetadata(config: Config): Promise<string> {
  const admin = new Admin(kafkaClientOptions(config.kafka, 'doctor', { connectTimeout: 3_000, requestTimeout: 5_000, retries: 1 }));
  try {
    const metadata = await admin.metadata({ topics: [] });
    return `cluster ${metadata.id}, ${metadata.brokers.size} broker(s) at ${config.kafka.brokers.join(',')}`;
  } finally {
    await admin.close();
  }
}

/** Creates a scratch topic, produces one record, reads it back, deletes the topic. */
async function kafkaRoundTrip(config: Config): Promise<string> {
  const topic = `rfid_doctor_${randomUUID().slice(0, 8)}`;
  const admin = new Admin(kafkaClientOptions(config.kafka, 'doctor', { retries: 2 }));
  const producer = new Producer({ ...kafkaClientOptions(config.kafka, 'doctor'), serializers: stringSerializers });
  const consumer = new Consumer({ ...kafkaClientOptions(config.kafka, 'doctor'), groupId: `${topic}_group`, deserializers: stringDeserializers });
  const started = Date.now();
  try {
    await admin.createTopics({ topics: [topic], partitions: 1, replicas: 1 });
    const token = randomUUID();
    await producer.send({ messages: [{ topic, key: 'doctor', value: token }], acks: -1 });
    const stream = await consumer.consume({ topics: [topic], mode: 'earliest', autocommit: false, maxWaitTime: 200 });
    try {
      for await (const message of stream) {
        if (message.value === token) break;
      }
    } finally {
      await stream.close();
    }
    return `produced and consumed one record on a scratch topic in ${Date.now() - started} ms`;
  } finally {
    await consumer.close(true).catch(() => {});
    await producer.close().catch(() => {});
    await admin.deleteTopics({ topics: [topic] }).catch(() => {});
    await admin.deleteGroups({ groups: [`${topic}_group`] }).catch(() => {});
    await admin.close().catch(() => {});
  }
}

async function kafkaTopics(config: Config): Promise<string> {
  const admin = new Admin(kafkaClientOptions(config.kafka, 'doctor', { retries: 1 }));
  try {
    const specs = contractTopics(config);
    const found = await describeTopicPartitions(
      admin,
      specs.map((s) => s.name),
    );
    const missing = specs.filter((s) => !found.has(s.name)).map((s) => s.name);
    if (missing.length > 0) throw new Error(`missing topic(s): ${missing.join(', ')}`);
    return specs.map((s) => `${s.name} (${found.get(s.name)} partitions)`).join(', ');
  } finally {
    await admin.close();
  }
}

export async function runDoctor(config: Config): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const kafkaOk = await check('Kafka: metadata', () => withTimeout(kafkaMetadata(config), 10_000, 'metadata request'), kafkaHint(config));
  results.push(kafkaOk);
  if (kafkaOk.ok) {
    results.push(await check('Kafka: produce + consume round trip', () => withTimeout(kafkaRoundTrip(config), 30_000, 'round trip'), kafkaHint(config)));
    results.push(
      await check(
        'Kafka: contract topics',
        () => withTimeout(kafkaTopics(config), 10_000, 'topic listing'),
        () => 'run `rfid topics ensure` (names come from RFID_TOPIC_EVENTS / RFID_TOPIC_DLQ / RFID_TOPIC_CHANGES)',
      ),
    );
  } else {
    results.push({ name: 'Kafka: produce + consume round trip', ok: false, detail: 'skipped: no metadata', hint: kafkaHint(config)() });
  }

  const pool = createPool(config.databaseUrl, { max: 2, applicationName: 'rfid-doctor' });
  try {
    const pg = await check(
      'Postgres: connection',
      async () => {
        const v = await pool.query<{ v: string }>("SELECT current_setting('server_version') AS v");
        return `PostgreSQL ${v.rows[0]?.v} at ${redactUrl(config.databaseUrl)}`;
      },
      () =>
        `is Postgres running and does the database exist? Check DATABASE_URL (now ${redactUrl(config.databaseUrl)}); \`rfid stack up\` starts it and creates the database`,
    );
    results.push(pg);
    if (pg.ok) {
      results.push(
        await check(
          'Postgres: migrations',
          async () => {
            const pending = await pendingMigrations(pool);
            if (pending.length > 0) throw new Error(`${pending.length} pending: ${pending.join(', ')}`);
            return 'up to date';
          },
          () => 'run `rfid migrate`',
        ),
      );
    }
  } finally {
    await pool.end();
  }

  results.push(
    await check(
      'Redis: PING',
      async () => {
        const info = await redisInfo(config.redisUrl);
        if (!info) throw new Error(`no PONG from ${redactUrl(config.redisUrl)}`);
        return `PONG from Redis ${info.version} at ${redactUrl(config.redisUrl)}`;
      },
      () => 'is Redis running? Check REDIS_URL; `rfid stack up` starts a local one',
    ),
  );
  return results;
}
