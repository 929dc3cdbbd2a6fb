/**
 * The jars of the Kafka Connect peer (Apache Kafka's connect-runtime + connect-json at the broker's
 * version, Debezium's JDBC sink, the PostgreSQL driver), copied from Maven Central into
 * `<cache>/kafka-connect/<kafka version>/libs` once, and the peer's one transformation
 * (`deploy/kafka-connect/RfidEventToStruct.java`) compiled beside them into `classes/`.
 */
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../../src/config/config.ts';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import { RfidError } from '../../src/errors.ts';
import { ensureDebianCommand, run } from '../../src/stack/processes.ts';

/** Newest Debezium JDBC sink that Maven resolves with its dependencies (3.6.0.Final ships only as a plugin tar.gz). */
export const DEBEZIUM_VERSION = '3.5.0.Final';

const DEPLOY_DIR = path.join(PROJECT_ROOT, 'deploy', 'kafka-connect');
const TRANSFORM_SOURCE = path.join(DEPLOY_DIR, 'RfidEventToStruct.java');
const TRANSFORM_CLASS_FILE = path.join('rfid', 'connect', 'RfidEventToStruct.class');

export interface ConnectJars {
  /** Folder of the runtime jars (class path `<libs>/*`). */
  libs: string;
  /** Folder of the compiled transformation. */
  classes: string;
}

function jarsComplete(libs: string, kafkaVersion: string): boolean {
  return (
    existsSync(path.join(libs, '.complete')) &&
    existsSync(path.join(libs, `connect-runtime-${kafkaVersion}.jar`)) &&
    existsSync(path.join(libs, `debezium-connector-jdbc-${DEBEZIUM_VERSION}.jar`))
  );
}

/**
 * Resolves the Connect jars (once per Kafka version; Maven reuses ~/.m2) and compiles the
 * transformation when its class is missing or older than its source. Idempotent.
 *
 * @example
 * const jars = await ensureConnectJars(loadConfig(process.env), console.error);
 * // jars.libs = '<checkout>/.cache/kafka-connect/4.2.0/libs'
 */
export async function ensureConnectJars(config: Config, log: (line: string) => void): Promise<ConnectJars> {
  const home = path.join(config.stack.cacheDir, 'kafka-connect', config.stack.kafkaVersion);
  const libs = path.join(home, 'libs');
  const classes = path.join(home, 'classes');
  const kafkaVersion = config.stack.kafkaVersion;
  if (!jarsComplete(libs, kafkaVersion)) {
    if (!(await ensureDebianCommand('mvn', 'maven', log))) {
      throw new RfidError('STACK_FAILED', 'Maven (mvn) is needed to fetch the Kafka Connect jars', { hint: 'apt-get install -y maven' });
    }
    log(`fetching Kafka Connect ${kafkaVersion} + Debezium JDBC sink ${DEBEZIUM_VERSION} jars from Maven Central...`);
    const staging = `${libs}.partial-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(home, { recursive: true });
    const result = await run('mvn', [
      '-B',
      '-q',
      '-f',
      path.join(DEPLOY_DIR, 'pom.xml'),
      'dependency:copy-dependencies',
      `-Dkafka.version=${kafkaVersion}`,
      `-Ddebezium.version=${DEBEZIUM_VERSION}`,
      '-DincludeScope=runtime',
      `-DoutputDirectory=${staging}`,
    ]);
    if (result.code !== 0 || !existsSync(path.join(staging, `connect-runtime-${kafkaVersion}.jar`))) {
      rmSync(staging, { recursive: true, force: true });
      throw new RfidError('STACK_FAILED', `mvn could not fetch connect-runtime ${kafkaVersion} / debezium-connector-jdbc ${DEBEZIUM_VERSION}`, {
        cause: new Error((result.stdout + result.stderr).trim().split('\n').slice(-15).join('\n')),
        hint: 'check that Maven Central is reachable',
      });
    }
    writeFileSync(path.join(staging, '.complete'), `${new Date().toISOString()}\n`);
    rmSync(libs, { recursive: true, force: true });
    renameSync(staging, libs);
  }
  const classFile = path.join(classes, TRANSFORM_CLASS_FILE);
  if (!existsSync(classFile) || statSync(classFile).mtimeMs < statSync(TRANSFORM_SOURCE).mtimeMs) {
    if (!(await ensureDebianCommand('javac', 'openjdk-17-jdk-headless', log))) {
      throw new RfidError('STACK_FAILED', 'a JDK (javac) is needed to compile the Connect transformation', {
        hint: 'apt-get install -y openjdk-17-jdk-headless',
      });
    }
    mkdirSync(classes, { recursive: true });
    const result = await run('javac', ['--release', '17', '-d', classes, '-cp', `${libs}/*`, TRANSFORM_SOURCE]);
    if (result.code !== 0) {
      throw new RfidError('STACK_FAILED', `javac could not compile ${path.relative(PROJECT_ROOT, TRANSFORM_SOURCE)}`, {
        cause: new Error((result.stdout + result.stderr).trim()),
      });
    }
  }
  return { libs, classes };
}
