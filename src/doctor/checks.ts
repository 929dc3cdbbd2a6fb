/**
 * `rfid doctor`: checks every dependency and says, for each failure, what to do about it.
 * Each check is independent: one failing does not hide the others.
 */
import { Admin, Consumer, Producer, stringSerializers, stringDeserializers } from '@platformatic/kafka';
import { randomUUID } from 'node:crypto';
import type { Config } from '../config/config.ts';
import { redactUrl } from '../config/config.ts';
import { redactSecrets } from '../config/secrets.ts';
import { describeError } from '../errors.ts';
import { kafkaClientOptions } from '../kafka/client-options.ts';
import { contractTopics, describeTopicPartitions } from '../kafka/topics.ts';
import { createPool } from '../postgres/pool.ts';
import { pendingMigrations } from '../postgres/migrate.ts';
import { redisProbe } from '../redis/client.ts';
import { withTimeout } from '../util/time-limits.ts';

export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
  hint?: string;
}

async function check(name: string, fn: () => Promise<string>, hint: (error: unknown) => string): Promise<CheckResult> {
  // Library errors may quote what they were given (a URL, a user's password): masked here, since
  // doctor output is pasted into tickets and chats.
  try {
    return { name, ok: true, detail: redactSecrets(await fn()) };
  } catch (error) {
    return { name, ok: false, detail: redactSecrets(describeError(error)), hint: redactSecrets(hint(error)) };
  }
}

const TLS_FAILURE = /certificate|self[- ]signed|altnames|UNABLE_TO_VERIFY|SSL|TLS|handshake/i;
const AUTH_FAILURE = /auth|SASL|password|WRONGPASS|NOAUTH|NOPERM|credential/i;

/** A hint that fits the failure: a certificate problem, refused credentials, or nothing answering. */
function securityHint(error: unknown, tls: string, auth: string, down: string): string {
  const text = describeError(error);
  if (TLS_FAILURE.test(text)) return tls;
  if (AUTH_FAILURE.test(text)) return auth;
  return down;
}

const kafkaHint = (config: Config) => (error?: unknown) =>
  securityHint(
    error,
    `the TLS handshake failed: check KAFKA_SSL_CA(_FILE) is the CA that signed the broker's certificate and that ${config.kafka.brokers.join(',')} is a name in it (KAFKA_SECURITY_PROTOCOL=${config.kafka.securityProtocol})`,
    `the broker refused the credentials: check KAFKA_SASL_MECHANISM (${config.kafka.sasl?.mechanism ?? 'unset'}), KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD(_FILE)`,
    `is a broker listening on ${config.kafka.brokers.join(',')} with KAFKA_SECURITY_PROTOCOL=${config.kafka.securityProtocol}? Start the local one with \`rfid stack up\`, or set KAFKA_BROKERS`,
  );

function kafkaSecurity(config: Config): string {
  const { securityProtocol, sasl } = config.kafka;
  return sasl ? `${securityProtocol} ${sasl.mechanism} as ${sasl.username}` : securityProtocol;
}

async function kafkaMetadata(config: Config): Promise<string> {
  const admin = new Admin(kafkaClientOptions(config.kafka, 'doctor', { connectTimeout: 3_000, requestTimeout: 5_000, retries: 1 }));
  try {
    const metadata = await admin.metadata({ topics: [] });
    return `cluster ${metadata.id}, ${metadata.brokers.size} broker(s) at ${config.kafka.brokers.join(',')} (${kafkaSecurity(config)})`;
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
    results.push({ name: 'Kafka: produce + consume round trip', ok: false, detail: 'skipped: no metadata', hint: kafkaOk.hint });
  }

  const pool = createPool(config.databaseUrl, { max: 2, applicationName: 'rfid-doctor' });
  try {
    const pg = await check(
      'Postgres: connection',
      async () => {
        const v = await pool.query<{ v: string }>("SELECT current_setting('server_version') AS v");
        return `PostgreSQL ${v.rows[0]?.v} at ${redactUrl(config.databaseUrl)}`;
      },
      (error) =>
        securityHint(
          error,
          'the TLS connection failed: check sslmode and sslrootcert (DATABASE_URL or PGSSLMODE/PGSSLROOTCERT) and that the host in DATABASE_URL is a name in the server certificate',
          `the server refused the login: check the user and password in DATABASE_URL(_FILE) (now ${redactUrl(config.databaseUrl)})`,
          `is Postgres running and does the database exist? Check DATABASE_URL (now ${redactUrl(config.databaseUrl)}); \`rfid stack up\` starts it and creates the database`,
        ),
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
        const probe = await redisProbe(config.redisUrl, config.redisTls);
        if (!probe.ok) throw new Error(`no PONG from ${redactUrl(config.redisUrl)}`, { cause: probe.error });
        return `PONG from Redis ${probe.version} at ${redactUrl(config.redisUrl)}${config.redisTls ? ' (TLS)' : ''}`;
      },
      (error) =>
        securityHint(
          error,
          'the TLS handshake failed: check REDIS_TLS_CA(_FILE) is the CA that signed the server certificate and that the host in REDIS_URL is a name in it',
          'Redis refused the login: check the user and password (REDIS_URL, or REDIS_USERNAME and REDIS_PASSWORD(_FILE))',
          'is Redis running? Check REDIS_URL; `rfid stack up` starts a local one',
        ),
    ),
  );
  return results;
}
