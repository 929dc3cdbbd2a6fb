import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parseEnv } from 'node:util';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import { isKnownEnvVar } from '../../src/config/known-env.ts';
import { RfidError } from '../../src/errors.ts';
import { cliProblems } from '../support/cli-commands.ts';
import { fileVariables, loadContainerConfig, namePairs } from '../support/container-env.ts';

// Docker cannot run on this machine: docker-compose.yml is parsed (YAML merge keys as Compose
// reads them) and checked against the configuration code and the real commander program.
interface Service {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  entrypoint?: string[] | string;
  environment?: Record<string, string | number | boolean | null>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[]; disable?: boolean };
  ports?: string[];
  container_name?: string;
  profiles?: string[];
  secrets?: string[];
  volumes?: string[];
  restart?: string;
}
interface Compose {
  services: Record<string, Service>;
  secrets?: Record<string, Record<string, string>>;
  volumes?: Record<string, unknown>;
}
const compose = parse(readFileSync(path.join(PROJECT_ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as Compose;
const services = Object.entries(compose.services);
/** The services that run the rfid image (built from this repository). */
const rfidServices = services.filter(([, s]) => s.build !== undefined);

/** Compose's interpolation of `${VAR:-default}` (the default, as with an empty environment). */
const interpolate = (value: string) => value.replace(/\$\{[A-Z0-9_]+:-([^}]*)\}/g, '$1');

/** The rfid command lines a service runs (words after `rfid`), from its entrypoint and command. */
function rfidCommandLines(service: Service): string[][] {
  const entrypoint = service.entrypoint ?? ['rfid'];
  const command = (Array.isArray(service.command) ? service.command : [service.command ?? 'api']).map((w) => interpolate(String(w)));
  if (JSON.stringify(entrypoint) === JSON.stringify(['rfid'])) return [command];
  assert.deepEqual(entrypoint, ['/bin/sh', '-c'], 'an entrypoint other than rfid is a shell running rfid commands');
  return command
    .join(' ')
    .split('&&')
    .map((part) => part.trim().split(/\s+/))
    .map((words) => {
      assert.equal(words[0], 'rfid', `the shell runs only rfid: ${words.join(' ')}`);
      return words.slice(1);
    });
}

test('the full stack: Kafka (KRaft), Postgres 16, Redis 7, migrate, ingest, worker, api, simulator', () => {
  const names = services.map(([name]) => name).sort();
  assert.deepEqual(names, ['api', 'ingest', 'kafka', 'migrate', 'postgres', 'redis', 'simulator', 'worker']);
  assert.match(compose.services.kafka?.image ?? '', /^apache\/kafka:/);
  assert.match(String(compose.services.kafka?.environment?.KAFKA_PROCESS_ROLES), /broker,controller/);
  assert.match(compose.services.postgres?.image ?? '', /^postgres:16\b/);
  assert.match(compose.services.redis?.image ?? '', /^redis:7\b/);
  assert.deepEqual(rfidServices.map(([name]) => name).sort(), ['api', 'ingest', 'migrate', 'simulator', 'worker']);
  assert.deepEqual(compose.services.simulator?.profiles, ['simulator']);
  assert.ok(
    compose.services.api?.ports?.some((p) => interpolate(p).endsWith(':8080')),
    'the API (and console) on 8080',
  );
});

test('every variable an rfid service sets is one the configuration reads', () => {
  for (const [name, service] of rfidServices) {
    const unknown = Object.keys(service.environment ?? {}).filter((v) => !isKnownEnvVar(v));
    assert.deepEqual(unknown, [], `${name} sets variables rfid does not read`);
  }
});

test('every command an rfid service runs is a real rfid command with real options', () => {
  const ran: string[] = [];
  for (const [name, service] of rfidServices) {
    for (const line of rfidCommandLines(service)) {
      assert.deepEqual(cliProblems(line), [], name);
      ran.push(line.join(' '));
    }
    if (service.healthcheck?.disable !== true) {
      const probe = service.healthcheck?.test ?? [];
      assert.deepEqual(probe.slice(0, 2), ['CMD', 'rfid'], `${name}'s health check is rfid's`);
      assert.deepEqual(cliProblems(probe.slice(2)), [], name);
    }
  }
  assert.deepEqual(ran.sort(), ['api', 'ingest', 'migrate', 'simulate --forever --rate 20', 'topics ensure', 'worker']);
});

test('depends_on: targets exist, are healthy by a health check, or are one-shot jobs that finished', () => {
  let edges = 0;
  for (const [name, service] of services) {
    for (const [target, { condition }] of Object.entries(service.depends_on ?? {})) {
      const dependency = compose.services[target];
      assert.ok(dependency, `${name} depends on ${target}, which exists`);
      if (condition === 'service_healthy') {
        assert.ok(dependency.healthcheck?.test && dependency.healthcheck.disable !== true, `${target} has a health check (${name} waits for it)`);
      } else {
        assert.equal(condition, 'service_completed_successfully', `${name} → ${target}`);
        assert.equal(dependency.restart, 'no', `${target} is a one-shot job`);
      }
      edges++;
    }
  }
  assert.ok(edges >= 15);
  for (const name of ['ingest', 'worker', 'api']) {
    assert.equal(compose.services[name]?.depends_on?.migrate?.condition, 'service_completed_successfully', `${name} starts after migrate`);
  }
  for (const name of ['kafka', 'postgres', 'redis', 'ingest', 'worker', 'api'])
    assert.ok(compose.services[name]?.healthcheck?.test, `${name} has a health check`);
});

test('ingest scales (--scale ingest=3): no fixed container name or host port', () => {
  const ingest = compose.services.ingest;
  assert.equal(ingest?.container_name, undefined);
  assert.equal(ingest?.ports, undefined);
  for (const [name, service] of services) assert.equal(service.container_name, undefined, `${name}: no fixed container name`);
});

test('state lives in named volumes', () => {
  const declared = Object.keys(compose.volumes ?? {});
  assert.deepEqual(declared.sort(), ['kafka-data', 'postgres-data']);
  for (const [name, service] of services) {
    for (const mount of service.volumes ?? []) {
      const source = mount.split(':')[0] ?? '';
      assert.ok(declared.includes(source), `${name}: ${mount} is a named volume (not a host path)`);
    }
  }
});

test('no secret is written in the file: passwords and URLs with credentials come as Docker secrets or an interpolated variable', () => {
  const SECRET_NAME = /PASSWORD|SECRET|TOKEN|CREDENTIAL|_KEY$/;
  for (const [name, service] of services) {
    for (const [key, raw] of Object.entries(service.environment ?? {})) {
      const value = String(raw ?? '');
      if (key.endsWith('_FILE')) {
        const secret = /^\/run\/secrets\/([\w-]+)$/.exec(value)?.[1];
        assert.ok(secret, `${name}: ${key} reads a Docker secret`);
        assert.ok(service.secrets?.includes(secret), `${name} mounts the secret ${secret}`);
        assert.ok(compose.secrets?.[secret], `secret ${secret} is declared`);
      } else if (SECRET_NAME.test(key)) {
        assert.match(value, /^\$\{[A-Z0-9_]+(:\?[^}]*)?\}$/, `${name}: ${key} is not written here`);
      }
      assert.doesNotMatch(value, /:\/\/[^/@\s]*:[^/@\s]+@/, `${name}: ${key} holds no user:password@`);
    }
  }
  for (const [secret, source] of Object.entries(compose.secrets ?? {})) {
    assert.deepEqual(Object.keys(source), ['environment'], `secret ${secret} comes from the environment, not from content here`);
  }
  assert.equal(compose.services.postgres?.environment?.POSTGRES_PASSWORD, undefined);
  assert.equal(compose.services.api?.environment?.DATABASE_URL, undefined);
});

test("every rfid service's environment loads with the program's configuration, its Docker secrets from env.example", () => {
  // The values deploy/compose/env.example tells people to copy to .env, as Compose would pass them.
  const dotEnv = parseEnv(readFileSync(path.join(PROJECT_ROOT, 'deploy', 'compose', 'env.example'), 'utf8')) as Record<string, string>;
  for (const [name, service] of rfidServices) {
    const env = Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, interpolate(String(v ?? ''))]));
    assert.deepEqual(namePairs(env), [], name);
    const files = new Map<string, string>();
    for (const variable of fileVariables(env)) {
      const secret = /^\/run\/secrets\/([\w-]+)$/.exec(String(env[variable]))?.[1] ?? '';
      const source = compose.secrets?.[secret]?.environment ?? '';
      assert.ok(dotEnv[source], `${name}: ${variable} is the secret ${secret}, from ${source} in env.example`);
      files.set(String(env[variable]), dotEnv[source]);
    }
    try {
      const config = loadContainerConfig(env, files);
      assert.equal(config.kafka.securityProtocol, 'PLAINTEXT', 'plain text inside the Compose network');
      assert.equal(config.databaseUrl, dotEnv.RFID_DATABASE_URL);
      assert.deepEqual(config.kafka.brokers, ['kafka:19092']);
    } catch (error) {
      if (error instanceof RfidError) assert.fail(`${name}: ${error.message}`);
      throw error;
    }
  }
});
