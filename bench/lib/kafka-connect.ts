/**
 * A Kafka Connect standalone worker running Debezium's JDBC sink, as a child process of a
 * benchmark: worker and connector properties in a temporary folder, `java … ConnectStandalone`,
 * the task's state from the worker's REST API, and a stop that leaves nothing behind (process,
 * folder, consumer group), also when the start fails.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Admin } from '@platformatic/kafka';
import type { Config } from '../../src/config/config.ts';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import { RfidError } from '../../src/errors.ts';
import { kafkaClientOptions } from '../../src/kafka/client-options.ts';
import type { ConnectJars } from './kafka-connect-jars.ts';

export interface JdbcSinkOptions {
  /** Connector name; its consumer group is `connect-<name>`. */
  name: string;
  topic: string;
  /** A postgres:// URL of the database the sink writes into. */
  databaseUrl: string;
  /** Table the sink writes into (pre-created, so the sink does not evolve it). */
  table: string;
  /** Records per poll and per sink flush (consumer.max.poll.records and batch.size alike). */
  batchSize: number;
  tasks: number;
  /** dialect.postgres.unnest.insert.enabled: one INSERT … SELECT FROM unnest(…) per flush. */
  unnest: boolean;
}

/** Worker properties for standalone mode: schemaless JSON values, offsets of its own in a file. */
export function workerProperties(config: Config, dir: string, restPort: number, batchSize: number): string {
  return [
    `bootstrap.servers=${config.kafka.brokers.join(',')}`,
    // Keys are `sku|location` strings; values are the contract's plain JSON, without a schema envelope.
    'key.converter=org.apache.kafka.connect.storage.StringConverter',
    'value.converter=org.apache.kafka.connect.json.JsonConverter',
    'value.converter.schemas.enable=false',
    // Standalone mode keeps source offsets in a file; a sink's offsets are its consumer group's.
    `offset.storage.file.filename=${path.join(dir, 'connect.offsets')}`,
    `listeners=http://127.0.0.1:${restPort}`,
    // Everything is on the class path; scanning it once is enough (no plugin.path).
    'plugin.discovery=only_scan',
    `consumer.max.poll.records=${batchSize}`,
    '',
  ].join('\n');
}

/** JDBC URL, user and password of a postgres:// URL (user as libpq picks it when the URL has none). */
export function jdbcTarget(databaseUrl: string): { url: string; user: string; password: string } {
  const u = new URL(databaseUrl);
  return {
    url: `jdbc:postgresql://${u.hostname}:${u.port || 5432}${u.pathname}`,
    user: decodeURIComponent(u.username) || process.env.PGUSER || os.userInfo().username,
    password: decodeURIComponent(u.password),
  };
}

/**
 * Debezium JDBC sink properties: upsert on event_id into a pre-created table, each schemaless
 * event given its Struct by the RfidEventToStruct transformation (see its source for why).
 *
 * @example
 * sinkProperties({ name: 'peer', topic: 'rfid_events', databaseUrl: 'postgres://postgres@127.0.0.1:5432/peer',
 *   table: 'rfid_events', batchSize: 10000, tasks: 1, unnest: true });
 * // 'name=peer\nconnector.class=io.debezium.connector.jdbc.JdbcSinkConnector\n…'
 */
export function sinkProperties(sink: JdbcSinkOptions): string {
  const target = jdbcTarget(sink.databaseUrl);
  return [
    `name=${sink.name}`,
    'connector.class=io.debezium.connector.jdbc.JdbcSinkConnector',
    `tasks.max=${sink.tasks}`,
    `topics=${sink.topic}`,
    `connection.url=${target.url}`,
    `connection.username=${target.user}`,
    `connection.password=${target.password}`,
    'insert.mode=upsert',
    'primary.key.mode=record_value',
    'primary.key.fields=event_id',
    // The table exists (the seed's ledger DDL); `basic` would create/alter it from the Struct.
    'schema.evolution=none',
    `collection.name.format=${sink.table}`,
    `batch.size=${sink.batchSize}`,
    `dialect.postgres.unnest.insert.enabled=${sink.unnest}`,
    'transforms=toStruct',
    'transforms.toStruct.type=rfid.connect.RfidEventToStruct',
    '',
  ].join('\n');
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface ConnectTaskState {
  state: string;
  trace?: string;
}

export interface KafkaConnectWorker {
  pid: number;
  logFile: string;
  /** Peak resident set size of the JVM so far (VmHWM), MiB. */
  peakRssMiB(): number;
  /** The sink's task states from the REST API; [] while the worker is not answering yet. */
  taskStates(): Promise<ConnectTaskState[]>;
  /** Resolves when every task is RUNNING; throws when one FAILED, the JVM exited or `timeoutMs` passed. */
  waitRunning(timeoutMs: number): Promise<void>;
  /** SIGTERM, then SIGKILL after 15 s; removes the temporary folder, the log (unless `keepLog`) and the consumer group. */
  stop(keepLog?: boolean): Promise<void>;
}

const STOP_GRACE_MS = 15_000;

/** The JVM settings of Kafka's own connect-standalone.sh (KAFKA_HEAP_OPTS and kafka-run-class.sh). */
const JVM_OPTIONS = [
  '-Xms256M',
  '-Xmx2G',
  '-XX:+UseG1GC',
  '-XX:MaxGCPauseMillis=20',
  '-XX:InitiatingHeapOccupancyPercent=35',
  '-XX:+ExplicitGCInvokesConcurrent',
  '-Djava.awt.headless=true',
];

/**
 * Starts `ConnectStandalone worker.properties sink.properties` with the sink's properties and
 * returns at once (call `waitRunning`). Its log is `worker.logFile`, under the system's temp folder.
 *
 * @example
 * const worker = await startKafkaConnect(config, await ensureConnectJars(config, console.error), sink);
 * try { await worker.waitRunning(60_000); } finally { await worker.stop(); }
 */
export async function startKafkaConnect(config: Config, jars: ConnectJars, sink: JdbcSinkOptions): Promise<KafkaConnectWorker> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rfid-connect-'));
  const port = await freePort();
  const workerFile = path.join(dir, 'worker.properties');
  const sinkFile = path.join(dir, 'sink.properties');
  // Beside the folder, not in it, so that a failed run can keep it for a person to read.
  const logFile = `${dir}.log`;
  writeFileSync(workerFile, workerProperties(config, dir, port, sink.batchSize));
  writeFileSync(sinkFile, sinkProperties(sink));
  const child = spawn(
    'java',
    [
      ...JVM_OPTIONS,
      `-Dlog4j2.configurationFile=${path.join(PROJECT_ROOT, 'deploy', 'kafka-connect', 'log4j2.properties')}`,
      `-Dconnect.logs.file=${logFile}`,
      '-cp',
      `${jars.libs}/*:${jars.classes}`,
      'org.apache.kafka.connect.cli.ConnectStandalone',
      workerFile,
      sinkFile,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (child.pid === undefined) {
    rmSync(dir, { recursive: true, force: true });
    throw new RfidError('STACK_FAILED', 'could not start java for Kafka Connect');
  }
  const pid = child.pid;
  let peak = 0;
  let stopped = false;
  const running = () => child.exitCode === null && child.signalCode === null;
  const worker: KafkaConnectWorker = {
    pid,
    logFile,
    peakRssMiB() {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
        if (m) peak = Math.max(peak, Number(m[1]) / 1024);
      } catch {
        /* exited */
      }
      return peak;
    },
    async taskStates() {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/connectors/${encodeURIComponent(sink.name)}/status`, { signal: AbortSignal.timeout(5_000) });
        if (!res.ok) return [];
        const body = (await res.json()) as { tasks?: ConnectTaskState[] };
        return body.tasks ?? [];
      } catch {
        return [];
      }
    },
    async waitRunning(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (!running())
          throw new RfidError('STACK_FAILED', `Kafka Connect exited during start (${child.exitCode ?? child.signalCode})`, {
            cause: new Error(stderr.trim() || tail(logFile)),
          });
        const tasks = await worker.taskStates();
        const failed = tasks.find((t) => t.state === 'FAILED');
        if (failed) throw new RfidError('STACK_FAILED', 'the Debezium JDBC sink task failed', { cause: new Error(failed.trace ?? tail(logFile)) });
        if (tasks.length > 0 && tasks.every((t) => t.state === 'RUNNING')) return;
        worker.peakRssMiB();
        await sleep(250);
      }
      throw new RfidError('STACK_FAILED', `Kafka Connect's sink task was not RUNNING within ${timeoutMs / 1000} s`, { cause: new Error(tail(logFile)) });
    },
    async stop(keepLog = false) {
      if (stopped) return;
      stopped = true;
      worker.peakRssMiB();
      // ConnectStandalone stops its tasks and commits their offsets on SIGTERM; 15 s is plenty here.
      // child.kill signals only our own child, never a later process that reused its pid.
      if (running()) {
        child.kill('SIGTERM');
        const killTimer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        await exited;
        clearTimeout(killTimer);
      }
      rmSync(dir, { recursive: true, force: true });
      if (!keepLog) rmSync(logFile, { force: true });
      const admin = new Admin(kafkaClientOptions(config.kafka, 'bench-connect-cleanup'));
      await admin.deleteGroups({ groups: [`connect-${sink.name}`] }).catch(() => {});
      await admin.close().catch(() => {});
    },
  };
  return worker;
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
