/**
 * A second, private Kafka broker (same jars `rfid stack up` caches) with one SASL_SSL listener:
 * PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512 for the user `rfid` (SCRAM credentials written into
 * the KRaft metadata at format time with --add-scram), TLS from the test PKI with client
 * certificates required. It never touches the shared broker on 9092.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Config } from '../../../src/config/config.ts';
import { brokerAnswers, brokerPaths, ensureBrokerJars, javaArgs } from '../../../src/stack/kafka-broker.ts';
import { isAlive, run, stopProcess } from '../../../src/stack/processes.ts';
import type { Certificates } from './certificates.ts';

export interface SecureKafka {
  port: number;
  stop(): Promise<void>;
}

function serverProperties(o: { port: number; controllerPort: number; data: string; certs: Certificates; user: string; password: string }): string {
  const brokerSecret = randomBytes(12).toString('hex');
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.bootstrap.servers=127.0.0.1:${o.controllerPort}`,
    `listeners=SASL_SSL://127.0.0.1:${o.port},CONTROLLER://127.0.0.1:${o.controllerPort}`,
    `advertised.listeners=SASL_SSL://127.0.0.1:${o.port}`,
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT',
    'inter.broker.listener.name=SASL_SSL',
    'sasl.mechanism.inter.broker.protocol=PLAIN',
    'sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512',
    `listener.name.sasl_ssl.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="broker" password="${brokerSecret}" user_broker="${brokerSecret}" user_${o.user}="${o.password}";`,
    'listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;',
    'listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;',
    'ssl.keystore.type=PEM',
    `ssl.keystore.location=${o.certs.serverBundle}`,
    'ssl.truststore.type=PEM',
    `ssl.truststore.location=${o.certs.caCert}`,
    // The plain ssl.client.auth applies to SSL listeners only; a SASL_SSL listener needs its own.
    'listener.name.sasl_ssl.ssl.client.auth=required',
    `log.dirs=${o.data}`,
    'num.partitions=1',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=3',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    'auto.create.topics.enable=false',
    '',
  ].join('\n');
}

/** 16 random bytes, URL-safe base64; never starting with '-' (read as an option by StorageTool). */
function clusterId(): string {
  let id = randomBytes(16).toString('base64url');
  while (id.startsWith('-')) id = randomBytes(16).toString('base64url');
  return id;
}

/**
 * Starts the broker and waits until `config` (the product's secure client settings) gets
 * metadata from it. `config.stack.stateDir` holds its files.
 */
export async function startSecureKafka(
  config: Config,
  o: { port: number; controllerPort: number; certs: Certificates; user: string; password: string },
): Promise<SecureKafka> {
  const paths = brokerPaths(config);
  await ensureBrokerJars(config, () => {});
  mkdirSync(paths.home, { recursive: true });
  writeFileSync(paths.config, serverProperties({ ...o, data: paths.data }));
  const format = await run('java', [
    ...javaArgs(config, paths),
    'kafka.tools.StorageTool',
    'format',
    '--standalone',
    '--cluster-id',
    clusterId(),
    '--config',
    paths.config,
    '--add-scram',
    `SCRAM-SHA-256=[name=${o.user},password=${o.password}]`,
    '--add-scram',
    `SCRAM-SHA-512=[name=${o.user},password=${o.password}]`,
  ]);
  if (format.code !== 0) throw new Error(`kafka-storage format failed:\n${format.stdout}${format.stderr}`);
  const out = openSync(paths.stdoutLog, 'a');
  const child = spawn('java', [...javaArgs(config, paths), 'kafka.Kafka', paths.config], { detached: true, stdio: ['ignore', out, out], cwd: paths.home });
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not start java');
  child.unref();
  const stop = async () => {
    if (isAlive(pid)) await stopProcess(pid, 20_000);
  };
  const deadline = Date.now() + 90_000;
  while (!(await brokerAnswers(config, 2_000))) {
    if (!isAlive(pid) || Date.now() > deadline) {
      await stop();
      const log = (file: string) => {
        try {
          return readFileSync(file, 'utf8').split('\n').slice(-25).join('\n');
        } catch {
          return '';
        }
      };
      throw new Error(`the secure broker did not come up:\n${log(paths.stdoutLog)}\n${log(paths.serverLog)}`);
    }
    await sleep(500);
  }
  return { port: o.port, stop };
}
