/**
 * A real single-node Apache Kafka broker in KRaft mode (combined broker + controller), run from
 * Maven Central jars. Jars are cached under `<cache>/kafka/<version>/libs`; state (storage, config,
 * pid file, logs) lives under `<state>/kafka`.
 */
import { Admin } from '@platformatic/kafka';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Config } from '../config/config.ts';
import { PROJECT_ROOT } from '../config/config.ts';
import { RfidError } from '../errors.ts';
import { kafkaClientOptions } from '../kafka/client-options.ts';
import { commandLine, ensureDebianCommand, isLoopbackHost, livePid, removeFile, run, stopProcess, writePid } from './processes.ts';

export interface BrokerPaths {
  libs: string;
  home: string;
  data: string;
  config: string;
  pidFile: string;
  serverLog: string;
  stdoutLog: string;
}

const MAIN_CLASS = 'kafka.Kafka';

export function brokerPaths(config: Config): BrokerPaths {
  const home = path.join(config.stack.stateDir, 'kafka');
  return {
    libs: path.join(config.stack.cacheDir, 'kafka', config.stack.kafkaVersion, 'libs'),
    home,
    data: path.join(home, 'data'),
    config: path.join(home, 'server.properties'),
    pidFile: path.join(home, 'broker.pid'),
    serverLog: path.join(home, 'server.log'),
    stdoutLog: path.join(home, 'stdout.log'),
  };
}

export function brokerAddress(config: Config): { host: string; port: number } {
  const first = config.kafka.brokers[0] ?? '127.0.0.1:9092';
  const i = first.lastIndexOf(':');
  return { host: first.slice(0, i).replace(/^\[|\]$/g, ''), port: Number(first.slice(i + 1)) };
}

/** True when the broker answers a metadata request within `timeoutMs`. */
export async function brokerAnswers(config: Config, timeoutMs = 3_000): Promise<boolean> {
  const admin = new Admin(kafkaClientOptions(config.kafka, 'probe', { connectTimeout: timeoutMs, requestTimeout: timeoutMs, retries: 0 }));
  try {
    await admin.metadata({ topics: [] });
    return true;
  } catch {
    return false;
  } finally {
    await admin.close().catch(() => {});
  }
}

function jarsComplete(libs: string, version: string): boolean {
  return existsSync(path.join(libs, '.complete')) && existsSync(path.join(libs, `kafka_2.13-${version}.jar`));
}

/** Copies the broker's runtime jars from Maven Central into the cache (once per version). */
export async function ensureBrokerJars(config: Config, log: (line: string) => void): Promise<string> {
  const { libs } = brokerPaths(config);
  const version = config.stack.kafkaVersion;
  if (jarsComplete(libs, version)) return libs;
  if (!(await ensureDebianCommand('mvn', 'maven', log))) {
    throw new RfidError('STACK_FAILED', 'Maven (mvn) is needed to fetch the Kafka jars', { hint: 'apt-get install -y maven' });
  }
  log(`fetching Apache Kafka ${version} jars from Maven Central...`);
  const staging = `${libs}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(path.dirname(libs), { recursive: true });
  const result = await run('mvn', [
    '-B',
    '-q',
    '-f',
    path.join(PROJECT_ROOT, 'deploy', 'kafka', 'pom.xml'),
    'dependency:copy-dependencies',
    `-Dkafka.version=${version}`,
    '-DincludeScope=runtime',
    `-DoutputDirectory=${staging}`,
  ]);
  if (result.code !== 0 || !existsSync(path.join(staging, `kafka_2.13-${version}.jar`))) {
    rmSync(staging, { recursive: true, force: true });
    throw new RfidError('STACK_FAILED', `mvn could not fetch org.apache.kafka:kafka_2.13:${version}`, {
      cause: new Error((result.stdout + result.stderr).trim().split('\n').slice(-15).join('\n')),
      hint: 'check that Maven Central is reachable, or set RFID_KAFKA_VERSION to a version it serves',
    });
  }
  writeFileSync(path.join(staging, '.complete'), `${new Date().toISOString()}\n`);
  rmSync(libs, { recursive: true, force: true });
  renameSync(staging, libs);
  return libs;
}

function serverProperties(config: Config, paths: BrokerPaths): string {
  const { host, port } = brokerAddress(config);
  const controllerPort = port + 1;
  return [
    '# Written by `rfid stack up`: a single-node KRaft broker for local use and tests.',
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.bootstrap.servers=${host}:${controllerPort}`,
    `listeners=PLAINTEXT://${host}:${port},CONTROLLER://${host}:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://${host}:${port}`,
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'inter.broker.listener.name=PLAINTEXT',
    `log.dirs=${paths.data}`,
    'num.partitions=1',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=10',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    'auto.create.topics.enable=false',
    'delete.topic.enable=true',
    // Tests create many small topics: keep segments small so disk use stays modest.
    'log.segment.bytes=67108864',
    'log.retention.hours=168',
    '',
  ].join('\n');
}

/** The JVM arguments of a broker or its tools: heap, logging, class path from the cached jars. */
export function javaArgs(config: Config, paths: BrokerPaths): string[] {
  return [
    `-Xms${Math.min(256, config.stack.kafkaHeapMb)}m`,
    `-Xmx${config.stack.kafkaHeapMb}m`,
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${path.join(PROJECT_ROOT, 'deploy', 'kafka', 'log4j2.properties')}`,
    `-Dkafka.logs.file=${paths.serverLog}`,
    `-Drfid.stack.home=${paths.home}`,
    '-cp',
    `${paths.libs}/*`,
  ];
}

export type BrokerUpResult = { state: 'already-running' | 'external' | 'started'; pid?: number; ms: number };

export async function brokerUp(config: Config, log: (line: string) => void): Promise<BrokerUpResult> {
  const started = Date.now();
  const paths = brokerPaths(config);
  const ours = livePid(paths.pidFile, paths.home);
  if (await brokerAnswers(config, 1_500)) {
    return ours ? { state: 'already-running', pid: ours, ms: Date.now() - started } : { state: 'external', ms: Date.now() - started };
  }
  const { host } = brokerAddress(config);
  if (!isLoopbackHost(host)) {
    throw new RfidError('KAFKA_UNAVAILABLE', `Kafka at ${config.kafka.brokers.join(',')} does not answer, and it is not on this machine`, {
      hint: 'stack up only starts a local broker: point KAFKA_BROKERS at 127.0.0.1:9092 or start the remote cluster',
    });
  }
  if (config.kafka.securityProtocol !== 'PLAINTEXT' && !ours) {
    // The local broker has a PLAINTEXT listener only: starting it would not give what the
    // configuration asks for, and the clients would still fail.
    throw new RfidError(
      'KAFKA_UNAVAILABLE',
      `Kafka at ${config.kafka.brokers.join(',')} does not answer with KAFKA_SECURITY_PROTOCOL=${config.kafka.securityProtocol}`,
      {
        hint: 'stack up starts a plain-text local broker only: start your secured broker (docs/security.md), or unset KAFKA_SECURITY_PROTOCOL for the local one',
      },
    );
  }
  if (ours) {
    // Our broker process is alive but not answering yet (still starting): wait for it.
    await waitForBroker(config, paths, ours, 90_000);
    return { state: 'already-running', pid: ours, ms: Date.now() - started };
  }
  if (!(await ensureDebianCommand('java', 'openjdk-17-jre-headless', log))) {
    throw new RfidError('STACK_FAILED', 'Java 17+ is needed to run the Kafka broker', { hint: 'apt-get install -y openjdk-17-jre-headless' });
  }
  await ensureBrokerJars(config, log);
  mkdirSync(paths.home, { recursive: true });
  writeFileSync(paths.config, serverProperties(config, paths));
  if (!existsSync(path.join(paths.data, 'meta.properties'))) {
    log('formatting KRaft storage...');
    // A Kafka cluster id is 16 random bytes, URL-safe base64 without padding. One in 64 starts
    // with '-', which StorageTool's argument parser reads as an option ("--cluster-id: expected
    // one argument"); Kafka's own Uuid.randomUuid() draws again in that case, and so do we.
    let clusterId = randomBytes(16).toString('base64url');
    while (clusterId.startsWith('-')) clusterId = randomBytes(16).toString('base64url');
    const format = await run('java', [
      ...javaArgs(config, paths),
      'kafka.tools.StorageTool',
      'format',
      '--standalone',
      '--cluster-id',
      clusterId,
      '--config',
      paths.config,
      '--ignore-formatted',
    ]);
    if (format.code !== 0) {
      throw new RfidError('STACK_FAILED', 'formatting Kafka storage failed', { cause: new Error((format.stdout + format.stderr).trim()) });
    }
  }
  log(`starting Kafka ${config.stack.kafkaVersion} on ${config.kafka.brokers[0]}...`);
  const out = openSync(paths.stdoutLog, 'a');
  const child = spawn('java', [...javaArgs(config, paths), MAIN_CLASS, paths.config], {
    detached: true,
    stdio: ['ignore', out, out],
    cwd: paths.home,
  });
  if (child.pid === undefined) throw new RfidError('STACK_FAILED', 'could not start java for the Kafka broker');
  writePid(paths.pidFile, child.pid);
  child.unref();
  await waitForBroker(config, paths, child.pid, 90_000);
  return { state: 'started', pid: child.pid, ms: Date.now() - started };
}

async function waitForBroker(config: Config, paths: BrokerPaths, pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!livePid(paths.pidFile, paths.home)) {
      throw new RfidError('STACK_FAILED', `the Kafka broker (pid ${pid}) exited during start`, {
        cause: new Error(tail(paths.stdoutLog, 20) + '\n' + tail(paths.serverLog, 20)),
        hint: `see ${paths.serverLog}; is port ${brokerAddress(config).port} or ${brokerAddress(config).port + 1} taken?`,
      });
    }
    if (await brokerAnswers(config, 1_000)) return;
    await sleep(250);
  }
  throw new RfidError('STACK_FAILED', `the Kafka broker did not answer within ${timeoutMs / 1000} s`, { hint: `see ${paths.serverLog}` });
}

export async function brokerDown(config: Config): Promise<{ pid?: number; how?: string }> {
  const paths = brokerPaths(config);
  const pid = livePid(paths.pidFile, paths.home);
  if (pid === undefined) {
    removeFile(paths.pidFile);
    return {};
  }
  const how = await stopProcess(pid, 30_000);
  removeFile(paths.pidFile);
  return { pid, how };
}

export interface BrokerStatus {
  address: string;
  answering: boolean;
  pid: number | undefined;
  version: string;
}

export async function brokerStatus(config: Config): Promise<BrokerStatus> {
  const paths = brokerPaths(config);
  const pid = livePid(paths.pidFile, paths.home);
  const answering = await brokerAnswers(config, 2_000);
  // The running broker's class path names the version it was started with.
  const version = pid === undefined ? 'unknown (not started by rfid)' : (/\/kafka\/(\d+\.\d+\.\d+)\/libs/.exec(commandLine(pid))?.[1] ?? 'unknown');
  return { address: config.kafka.brokers.join(','), answering, pid, version };
}

function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
