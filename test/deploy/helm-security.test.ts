import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { parse, parseAllDocuments, stringify } from 'yaml';
import type { Config, Env } from '../../src/config/config.ts';
import { RfidError } from '../../src/errors.ts';
import { DUMMY_CERT, DUMMY_KEY, DUMMY_PASSWORD, dummyContent, fileVariables, loadContainerConfig, namePairs } from '../support/container-env.ts';
import { CHART, chartCopy, deepMerge, ensureHelmJars, fromCopy, type HelmResult, helmJobs, KUBE_VERSION } from '../support/helm.ts';
import { kubernetesProblems } from '../support/kubernetes-schema.ts';

// The chart's transport security (docs/security.md), rendered by real Helm (test/support/helm.ts):
// each container's environment (ConfigMap + env) is loaded by the program's own loadConfig, with
// every file it names resolved through the container's volume mounts to its Secret and replaced by
// a temp file, so the chart cannot set what the configuration refuses at start.

type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec?: any;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
};

/** Every TLS option at once: mutual TLS to all three servers, passwords in the chart's own Secret. */
const MUTUAL_TLS = {
  kafka: {
    brokers: 'kafka.example:9093',
    securityProtocol: 'SSL',
    tls: { existingSecret: 'kafka-client', caKey: 'ca.crt', certKey: 'tls.crt', keyKey: 'tls.key' },
  },
  redis: {
    url: 'rediss://redis.example:6380/0',
    username: 'rfid',
    auth: true,
    tls: { existingSecret: 'redis-client', caKey: '', certKey: 'tls.crt', keyKey: 'tls.key' },
  },
  postgres: { sslMode: 'verify-ca', tls: { existingSecret: 'postgres-client', caKey: 'ca.crt', certKey: 'tls.crt', keyKey: 'tls.key' } },
  secrets: { databaseUrl: 'postgres://rfid:in-the-secret@postgres.example:5432/rfid', redisPassword: 'redis-secret-password' },
};

/** Values the chart must refuse, each with the reason it must give. */
const REFUSED: [name: string, values: object, reason: RegExp][] = [
  ['the old kafka.tls: true', { kafka: { tls: true } }, /kafka\.tls \(true\/false\) is replaced by kafka\.securityProtocol/],
  ['the old secrets.redisUrl', { secrets: { redisUrl: 'redis://:pw@redis:6379' } }, /secrets\.redisUrl is replaced by redis\.url/],
  ['an unknown protocol', { kafka: { securityProtocol: 'TLS' } }, /kafka\.securityProtocol "TLS": must be one of PLAINTEXT, SSL/],
  [
    'SASL without a mechanism',
    { kafka: { securityProtocol: 'SASL_SSL', sasl: { username: 'u' } } },
    /kafka\.sasl\.mechanism "": with kafka\.securityProtocol SASL_SSL/,
  ],
  [
    'a mechanism without SASL',
    { kafka: { sasl: { mechanism: 'PLAIN', username: 'u' } } },
    /kafka\.sasl\.mechanism is set but kafka\.securityProtocol PLAINTEXT uses no SASL/,
  ],
  ['a CA with PLAINTEXT', { kafka: { tls: { existingSecret: 'ca' } } }, /kafka\.tls\.existingSecret is set but kafka\.securityProtocol PLAINTEXT uses no TLS/],
  ['a certificate without its key', { kafka: { securityProtocol: 'SSL', tls: { existingSecret: 'c', certKey: 'tls.crt' } } }, /certKey and kafka\.tls\.keyKey/],
  [
    'KEDA without auth to a SASL cluster',
    {
      kafka: { securityProtocol: 'SASL_SSL', sasl: { mechanism: 'PLAIN', username: 'u' } },
      secrets: { kafkaSaslPassword: 'pw12' },
      ingest: { keda: { enabled: true } },
    },
    /ingest\.keda\.authenticationRef is required/,
  ],
  ['a password in redis.url', { redis: { url: 'redis://rfid:pw@redis:6379' } }, /redis\.url holds a password/],
  ['a Redis CA with redis://', { redis: { tls: { existingSecret: 'ca' } } }, /redis\.tls\.existingSecret is set but redis\.url is redis:\/\//],
  ["libpq's prefer", { postgres: { sslMode: 'prefer' } }, /postgres\.sslMode "prefer": must be disable, require, verify-ca or verify-full/],
  [
    'DATABASE_URL in env beside the chart’s DATABASE_URL_FILE',
    { env: { DATABASE_URL: 'postgres://x@y/z' } },
    /DATABASE_URL_FILE and DATABASE_URL would both be set/,
  ],
  [
    'REDIS_PASSWORD in extraEnv beside REDIS_PASSWORD_FILE',
    { redis: { auth: true }, secrets: { redisPassword: 'pw12' }, extraEnv: [{ name: 'REDIS_PASSWORD', value: 'x' }] },
    /REDIS_PASSWORD_FILE and REDIS_PASSWORD would both be set/,
  ],
  ['a chart-set variable in env', { env: { KAFKA_SECURITY_PROTOCOL: 'SSL' } }, /KAFKA_SECURITY_PROTOCOL is set by the chart already/],
];

let copy: ReturnType<typeof chartCopy>;
let mutualTlsCopy: ReturnType<typeof chartCopy>;
let lintMutualTls: HelmResult;
let productionNotes: HelmResult;
let rendered: Record<'byDefault' | 'production' | 'mutualTls' | 'oldTlsInEnv', K8sObject[]>;
let refused: HelmResult[];

function objectsOf(result: HelmResult): K8sObject[] {
  assert.equal(result.code, 0, result.stderr);
  return parseAllDocuments(fromCopy(result.stdout))
    .map((doc) => doc.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);
}

before(() => {
  ensureHelmJars();
  copy = chartCopy();
  // helm-java's lint takes no values file: a copy whose values.yaml holds the mutual-TLS values.
  mutualTlsCopy = chartCopy({ values: stringify(deepMerge(parse(readFileSync(path.join(CHART, 'values.yaml'), 'utf8')), MUTUAL_TLS)) });
  const scratch = path.dirname(copy.dir);
  const valuesFile = (name: string, values: object) => {
    const file = path.join(scratch, `${name}.yaml`);
    writeFileSync(file, stringify(values));
    return file;
  };
  const template = (...values: string[]) => ['template', copy.dir, 'rfid', 'inventory', KUBE_VERSION, ...values];
  const results = helmJobs([
    template(),
    template(path.join(CHART, 'values-production.yaml')),
    template(valuesFile('mutual-tls', MUTUAL_TLS)),
    template(valuesFile('old-tls-in-env', { env: { KAFKA_TLS: 'true' } })),
    ['lint', mutualTlsCopy.dir],
    ['notes', copy.dir, 'rfid', 'inventory', KUBE_VERSION, path.join(CHART, 'values-production.yaml')],
    ...REFUSED.map(([, values], i) => template(valuesFile(`refused-${i}`, values))),
  ]);
  const [byDefault, production, mutualTls, oldTlsInEnv, lint, notes, ...rest] = results as [
    HelmResult,
    HelmResult,
    HelmResult,
    HelmResult,
    HelmResult,
    HelmResult,
    ...HelmResult[],
  ];
  lintMutualTls = lint;
  productionNotes = notes;
  rendered = { byDefault: objectsOf(byDefault), production: objectsOf(production), mutualTls: objectsOf(mutualTls), oldTlsInEnv: objectsOf(oldTlsInEnv) };
  refused = rest;
});
after(() => {
  copy?.remove();
  mutualTlsCopy?.remove();
});

interface Container {
  workload: string;
  env: Env;
  /** Container path → content of every file a variable names (the chart's Secret's value, or a stand-in). */
  files: Map<string, string>;
}

/**
 * Each container of each workload with its environment (ConfigMap through envFrom, then env) and
 * the files its variables name, checked on the way: every such path lies in a mounted volume, and
 * a Secret's projected item (or the chart's own Secret's key) provides it.
 */
function containersOf(objects: K8sObject[]): Container[] {
  const out: Container[] = [];
  for (const w of objects.filter((o) => o.kind === 'Deployment' || o.kind === 'Job')) {
    const pod = w.spec.template.spec;
    for (const c of pod.containers) {
      const env: Env = {};
      for (const from of c.envFrom ?? []) {
        const map = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === from.configMapRef?.name);
        assert.ok(map?.data, `${w.metadata.name}: ConfigMap ${from.configMapRef?.name} is rendered`);
        Object.assign(env, map.data);
      }
      for (const e of c.env ?? []) {
        assert.equal(typeof e.value, 'string', `${w.metadata.name}: ${e.name} has a literal value`);
        env[e.name] = e.value;
      }
      const files = new Map<string, string>();
      for (const variable of fileVariables(env)) {
        const file = String(env[variable]);
        const mount = (c.volumeMounts ?? []).find((m: { mountPath: string }) => path.dirname(file) === m.mountPath);
        assert.ok(mount, `${w.metadata.name}: ${variable}=${file} is in a mounted volume`);
        const secret = pod.volumes.find((v: { name: string }) => v.name === mount.name)?.secret;
        assert.ok(secret, `${w.metadata.name}: ${variable} is mounted from a Secret`);
        const item = (secret.items as { key: string; path: string }[] | undefined)?.find((i) => i.path === path.basename(file));
        assert.ok(secret.items === undefined || item, `${w.metadata.name}: ${secret.secretName} projects ${path.basename(file)}`);
        const key = item?.key ?? path.basename(file);
        const chartSecret = objects.find((o) => o.kind === 'Secret' && o.metadata.name === secret.secretName);
        if (chartSecret) assert.ok(chartSecret.stringData?.[key] !== undefined, `the chart's Secret has ${key} (${variable})`);
        files.set(file, chartSecret?.stringData?.[key] ?? dummyContent(variable));
      }
      out.push({ workload: `${w.metadata.name}/${c.name}`, env, files });
    }
  }
  assert.equal(out.length, 4, 'ingest, worker, api and the migration Job');
  return out;
}

/** loadConfig's verdict on one container: the Config, or the problems it reported. */
function load(c: Container): Config | string {
  try {
    return loadContainerConfig(c.env, c.files);
  } catch (error) {
    if (error instanceof RfidError && error.code === 'CONFIG_INVALID') return error.message;
    throw error;
  }
}

test('every container of every render loads with loadConfig: no configuration problem, no NAME + NAME_FILE pair', () => {
  for (const [render, objects] of Object.entries(rendered)) {
    if (render === 'oldTlsInEnv') continue;
    for (const c of containersOf(objects)) {
      assert.deepEqual(namePairs(c.env), [], `${render} ${c.workload}`);
      const config = load(c);
      assert.equal(typeof config, 'object', `${render} ${c.workload}: ${String(config)}`);
    }
  }
});

test('the check can fail: KAFKA_TLS slipped in through env renders, and loadConfig refuses it', () => {
  for (const c of containersOf(rendered.oldTlsInEnv)) assert.match(String(load(c)), /KAFKA_TLS: replaced by KAFKA_SECURITY_PROTOCOL/);
});

test('production: SASL_SSL with SCRAM-SHA-512 and the mounted CA, rediss as the ACL user, Postgres verify-full', () => {
  for (const c of containersOf(rendered.production)) {
    assert.equal(c.env.KAFKA_SECURITY_PROTOCOL, 'SASL_SSL');
    assert.equal(c.env.KAFKA_SSL_CA_FILE, '/etc/rfid/tls/kafka/ca.pem');
    assert.equal(c.env.KAFKA_SASL_PASSWORD_FILE, '/run/secrets/rfid/KAFKA_SASL_PASSWORD');
    assert.equal(c.env.REDIS_TLS_CA_FILE, '/etc/rfid/tls/redis/ca.pem');
    assert.equal(c.env.PGSSLROOTCERT, '/etc/rfid/tls/postgres/ca.pem');
    const config = load(c) as Config;
    assert.deepEqual(config.kafka.sasl, { mechanism: 'SCRAM-SHA-512', username: 'rfid', password: DUMMY_PASSWORD });
    assert.equal(config.kafka.tls?.ca, DUMMY_CERT);
    assert.equal(config.kafka.tls?.cert, undefined);
    assert.equal(config.redisUrl, `rediss://rfid:${DUMMY_PASSWORD}@redis-master.data:6380/0`);
    assert.equal(config.redisTls?.ca, DUMMY_CERT);
    assert.equal(new URL(config.databaseUrl).searchParams.get('sslmode'), 'verify-full');
  }
  const volumes = rendered.production.find((o) => o.kind === 'Deployment' && o.metadata.name === 'rfid-rfid-pipeline-ingest')?.spec.template.spec.volumes;
  assert.deepEqual(volumes.find((v: { name: string }) => v.name === 'tls-kafka').secret, {
    secretName: 'kafka-cluster-ca',
    defaultMode: 0o440,
    items: [{ key: 'ca.crt', path: 'ca.pem' }],
  });
});

test('mutual TLS to all three: client certificates and keys mounted and loaded, passwords from the chart’s Secret', () => {
  for (const c of containersOf(rendered.mutualTls)) {
    const config = load(c) as Config;
    assert.equal(config.kafka.securityProtocol, 'SSL');
    assert.equal(config.kafka.sasl, undefined);
    assert.deepEqual([config.kafka.tls?.ca, config.kafka.tls?.cert, config.kafka.tls?.key], [DUMMY_CERT, DUMMY_CERT, DUMMY_KEY]);
    // No caKey for Redis: Node's public CAs, the client certificate only.
    assert.deepEqual([config.redisTls?.ca, config.redisTls?.cert, config.redisTls?.key], [undefined, DUMMY_CERT, DUMMY_KEY]);
    assert.equal(config.redisUrl, 'rediss://rfid:redis-secret-password@redis.example:6380/0');
    const db = new URL(config.databaseUrl);
    assert.equal(db.password, 'in-the-secret');
    assert.equal(db.searchParams.get('sslmode'), 'verify-ca');
    assert.deepEqual(
      [db.searchParams.get('sslcert'), db.searchParams.get('sslkey')].map((p) => path.basename(p ?? '')),
      ['cert.pem', 'key.pem'],
    );
  }
  const secret = rendered.mutualTls.find((o) => o.kind === 'Secret');
  assert.deepEqual(Object.keys(secret?.stringData ?? {}).sort(), ['DATABASE_URL', 'REDIS_PASSWORD']);
});

test('no secret value in a ConfigMap: passwords only as mounted files', () => {
  for (const [render, objects] of Object.entries(rendered)) {
    const data = JSON.stringify(objects.filter((o) => o.kind === 'ConfigMap').map((o) => o.data));
    for (const secret of ['in-the-secret', 'redis-secret-password']) assert.ok(!data.includes(secret), `${render}: ${secret}`);
    assert.doesNotMatch(data, /:\/\/[^/@"]*:[^/@"]+@/, render);
  }
});

test('helm lint --strict passes with every TLS option on; NOTES say what transport security is in effect', () => {
  assert.equal(lintMutualTls.code, 0, lintMutualTls.stdout + lintMutualTls.stderr);
  assert.equal(productionNotes.code, 0, productionNotes.stderr);
  assert.match(productionNotes.stdout, /Kafka +SASL_SSL, SCRAM-SHA-512 as rfid, TLS files from Secret kafka-cluster-ca/);
  assert.match(productionNotes.stdout, /Redis +TLS \(TLS files from Secret redis-ca\), ACL user rfid, password from the Secret/);
  assert.match(productionNotes.stdout, /Postgres +sslmode verify-full, TLS files from Secret postgres-ca/);
});

test('the security renders are valid against the Kubernetes schemas', async () => {
  for (const object of rendered.mutualTls) assert.deepEqual(await kubernetesProblems(object), [], `${object.kind} ${object.metadata.name}`);
});

test('values rfid would refuse fail the render, each with its reason', () => {
  assert.equal(refused.length, REFUSED.length);
  REFUSED.forEach(([name, , reason], i) => {
    assert.equal(refused[i]?.code, 1, `${name}: refused`);
    assert.match(refused[i]?.stderr ?? '', reason, name);
  });
});
