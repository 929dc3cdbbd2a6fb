import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { isKnownEnvVar } from '../../src/config/known-env.ts';
import { cliProblems } from '../support/cli-commands.ts';
import { CHART, chartCopy, deepMerge, ensureHelmJars, fromCopy, type HelmResult, helmJobs, KUBE_VERSION } from '../support/helm.ts';
import { kubernetesProblems } from '../support/kubernetes-schema.ts';

// The chart rendered and linted by real Helm (helm-java, see test/support/helm.ts), with the
// default values and with values-production.yaml; every object checked against the Kubernetes
// schemas, every variable against the config's list, every command against the commander program.
// First run: Maven fetches helm-java (~1 min); afterwards all Helm jobs run in one JVM.

// Rendered YAML, walked as plain data.
type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
  automountServiceAccountToken?: boolean;
};

const PRODUCTION = path.join(CHART, 'values-production.yaml');
let copy: ReturnType<typeof chartCopy>;
let productionCopy: ReturnType<typeof chartCopy>;
let byDefault: K8sObject[];
let production: K8sObject[];
let helm: Record<'lint' | 'lintProduction' | 'notes' | 'tooManyReplicas' | 'tooManyKeda', HelmResult>;

function objectsOf(result: HelmResult): K8sObject[] {
  assert.equal(result.code, 0, result.stderr);
  return parseAllDocuments(fromCopy(result.stdout))
    .map((doc) => doc.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);
}
const find = (objects: K8sObject[], kind: string, suffix = '') => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === `rfid-rfid-pipeline${suffix}`);
  assert.ok(found, `${kind} rfid-rfid-pipeline${suffix} is rendered`);
  return found;
};
const podSpecOf = (o: K8sObject): any => o.spec.template.spec;
const workloads = (objects: K8sObject[]) => objects.filter((o) => o.kind === 'Deployment' || o.kind === 'Job');

before(() => {
  ensureHelmJars();
  copy = chartCopy();
  // helm-java's lint takes no values file: a copy whose values.yaml holds the production values.
  const merged = deepMerge(parse(readFileSync(path.join(CHART, 'values.yaml'), 'utf8')), parse(readFileSync(PRODUCTION, 'utf8')));
  productionCopy = chartCopy({ values: stringify(merged) });
  const scratch = path.dirname(copy.dir);
  const tooMany = path.join(scratch, 'too-many.yaml');
  writeFileSync(tooMany, stringify({ ingest: { replicas: 7 }, kafka: { eventsPartitions: 6 } }));
  const tooManyKeda = path.join(scratch, 'too-many-keda.yaml');
  writeFileSync(tooManyKeda, stringify({ ingest: { keda: { enabled: true, maxReplicas: 13 } }, kafka: { eventsPartitions: 12 } }));
  const template = (...values: string[]) => ['template', copy.dir, 'rfid', 'inventory', KUBE_VERSION, ...values];
  const results = helmJobs([
    template(),
    template(PRODUCTION),
    ['lint', CHART],
    ['lint', productionCopy.dir],
    ['notes', copy.dir, 'rfid', 'inventory', KUBE_VERSION],
    template(tooMany),
    template(tooManyKeda),
  ]) as [HelmResult, HelmResult, HelmResult, HelmResult, HelmResult, HelmResult, HelmResult];
  byDefault = objectsOf(results[0]);
  production = objectsOf(results[1]);
  helm = { lint: results[2], lintProduction: results[3], notes: results[4], tooManyReplicas: results[5], tooManyKeda: results[6] };
});
after(() => {
  copy?.remove();
  productionCopy?.remove();
});

test('helm lint --strict passes, with the default values and with the production values', () => {
  assert.equal(helm.lint.code, 0, helm.lint.stdout + helm.lint.stderr);
  assert.equal(helm.lintProduction.code, 0, helm.lintProduction.stdout + helm.lintProduction.stderr);
});

test('what is rendered: three Deployments, the API Service, the PDB, the hook Job and what it needs first', () => {
  const kinds = (objects: K8sObject[]) => objects.map((o) => `${o.kind}/${o.metadata.name.replace('rfid-rfid-pipeline', '')}`).sort();
  assert.deepEqual(kinds(byDefault), [
    'ConfigMap/',
    'Deployment/-api',
    'Deployment/-ingest',
    'Deployment/-worker',
    'Job/-migrate',
    'PodDisruptionBudget/-ingest',
    'Secret/-secrets',
    'Service/-api',
    'Service/-ingest-metrics',
    'ServiceAccount/',
  ]);
  // Production: an existing Secret instead of the chart's; Ingress, ServiceMonitor and KEDA on.
  assert.deepEqual(kinds(production), [
    'ConfigMap/',
    'Deployment/-api',
    'Deployment/-ingest',
    'Deployment/-worker',
    'Ingress/-api',
    'Job/-migrate',
    'PodDisruptionBudget/-ingest',
    'ScaledObject/-ingest',
    'Service/-api',
    'Service/-ingest-metrics',
    'ServiceAccount/',
    'ServiceMonitor/',
  ]);
});

test('every rendered object is valid against the Kubernetes schemas (kubernetes-models, no unknown fields)', async () => {
  for (const object of [...byDefault, ...production]) {
    assert.deepEqual(await kubernetesProblems(object), [], `${object.kind} ${object.metadata.name}`);
  }
});

test('the schema check can fail: a misspelt probe and a wrong type are reported', async () => {
  const deployment = structuredClone(find(byDefault, 'Deployment', '-api'));
  const container = podSpecOf(deployment).containers[0];
  container.readinesProbe = container.readinessProbe;
  deployment.spec.replicas = 'two';
  const problems = await kubernetesProblems(deployment);
  assert.ok(
    problems.some((p) => /replicas must be integer/.test(p)),
    problems.join('\n'),
  );
  assert.ok(problems.includes('Deployment.spec.template.spec.containers[0].readinesProbe: no such field'), problems.join('\n'));
});

test('migrations and topics run as a pre-install / pre-upgrade hook, after their ConfigMap, Secret and ServiceAccount', () => {
  const job = find(byDefault, 'Job', '-migrate');
  const hook = (o: K8sObject) => o.metadata.annotations?.['helm.sh/hook'];
  const weight = (o: K8sObject) => Number(o.metadata.annotations?.['helm.sh/hook-weight']);
  assert.equal(hook(job), 'pre-install,pre-upgrade');
  for (const needed of [find(byDefault, 'ConfigMap'), find(byDefault, 'Secret', '-secrets'), find(byDefault, 'ServiceAccount')]) {
    assert.equal(hook(needed), 'pre-install,pre-upgrade', needed.kind);
    assert.ok(weight(needed) < weight(job), `${needed.kind} is made before the Job`);
  }
  const container = podSpecOf(job).containers[0];
  assert.deepEqual(container.command, ['/bin/sh', '-c']);
  assert.equal(container.args[0], 'rfid migrate && rfid topics ensure');
  assert.equal(podSpecOf(job).restartPolicy, 'Never');
});

test('every variable the chart sets is one the configuration reads', () => {
  for (const objects of [byDefault, production]) {
    const names = Object.keys(find(objects, 'ConfigMap').data ?? {});
    for (const w of workloads(objects)) for (const c of podSpecOf(w).containers) for (const e of c.env ?? []) names.push(e.name);
    assert.ok(names.length > 15);
    assert.deepEqual(
      names.filter((n) => !isKnownEnvVar(n)),
      [],
    );
  }
});

test('every command the chart runs is a real rfid command: container args, the hook, exec probes', () => {
  for (const objects of [byDefault, production]) {
    const ran: string[] = [];
    for (const w of workloads(objects)) {
      for (const c of podSpecOf(w).containers) {
        // Without a command the image's entrypoint (rfid) runs the args; with sh -c, each `rfid …`.
        const lines: string[][] =
          c.command === undefined
            ? [c.args]
            : String(c.args[0])
                .split('&&')
                .map((s) => s.trim().split(/\s+/));
        for (const line of lines) {
          const words = c.command === undefined ? line : line.slice(1);
          if (c.command !== undefined) assert.equal(line[0], 'rfid');
          assert.deepEqual(cliProblems(words), [], `${w.metadata.name}: ${words.join(' ')}`);
          ran.push(words.join(' '));
        }
        for (const probe of [c.livenessProbe, c.readinessProbe].filter((p) => p?.exec)) {
          assert.equal(probe.exec.command[0], 'rfid');
          assert.deepEqual(cliProblems(probe.exec.command.slice(1)), [], w.metadata.name);
        }
      }
    }
    assert.deepEqual(ran.sort(), ['api', 'ingest', 'migrate', 'topics ensure', 'worker']);
  }
});

test("NOTES.txt's commands are real rfid commands", () => {
  const notes = helm.notes;
  assert.equal(notes.code, 0, notes.stderr);
  const commands = [...notes.stdout.matchAll(/-- rfid (.+)$/gm)].map((m) => (m[1] ?? '').trim().split(/\s+/));
  assert.equal(commands.length, 2);
  for (const words of commands) assert.deepEqual(cliProblems(words), []);
});

test('probes: /health and /health/ready for the API, the metrics port for ingest, rfid health for the worker', () => {
  const config = find(byDefault, 'ConfigMap').data ?? {};
  const api = podSpecOf(find(byDefault, 'Deployment', '-api')).containers[0];
  assert.equal(api.livenessProbe.httpGet.path, '/health');
  assert.equal(api.readinessProbe.httpGet.path, '/health/ready');
  assert.equal(String(api.ports[0].containerPort), config.PORT);
  const ingest = podSpecOf(find(byDefault, 'Deployment', '-ingest')).containers[0];
  assert.equal(ingest.livenessProbe.httpGet.port, 'metrics');
  assert.equal(ingest.livenessProbe.httpGet.path, '/health');
  assert.equal(String(ingest.ports.find((p: { name: string }) => p.name === 'metrics').containerPort), config.RFID_METRICS_PORT);
  assert.equal(config.HOST, '0.0.0.0');
  const worker = podSpecOf(find(byDefault, 'Deployment', '-worker')).containers[0];
  assert.deepEqual(worker.livenessProbe.exec.command, ['rfid', 'health', '--role', 'worker']);
  assert.deepEqual(worker.readinessProbe.exec.command, ['rfid', 'health', '--role', 'worker']);
});

test('every container has resources and runs as non-root with a read-only root file system', () => {
  for (const objects of [byDefault, production]) {
    for (const w of workloads(objects)) {
      const pod = podSpecOf(w);
      assert.equal(pod.securityContext.runAsNonRoot, true, w.metadata.name);
      assert.equal(pod.automountServiceAccountToken ?? find(objects, 'ServiceAccount').automountServiceAccountToken, false);
      for (const c of pod.containers) {
        assert.ok(c.resources.requests.cpu && c.resources.requests.memory && c.resources.limits.memory, `${w.metadata.name} resources`);
        assert.equal(c.securityContext.readOnlyRootFilesystem, true);
        assert.equal(c.securityContext.allowPrivilegeEscalation, false);
      }
    }
  }
});

test('secrets: mounted as files and read through *_FILE; the ConfigMap holds none; existingSecret is used as is', () => {
  const config = find(byDefault, 'ConfigMap').data ?? {};
  assert.equal(config.DATABASE_URL_FILE, '/run/secrets/rfid/DATABASE_URL');
  assert.equal(config.REDIS_URL, 'redis://redis:6379');
  assert.equal(config.DATABASE_URL, undefined);
  assert.deepEqual(Object.keys((find(byDefault, 'Secret', '-secrets') as unknown as { stringData: object }).stringData).sort(), ['DATABASE_URL']);
  const prodConfig = find(production, 'ConfigMap').data ?? {};
  assert.equal(prodConfig.KAFKA_SASL_MECHANISM, 'SCRAM-SHA-512');
  assert.equal(prodConfig.KAFKA_SASL_PASSWORD_FILE, '/run/secrets/rfid/KAFKA_SASL_PASSWORD');
  for (const w of workloads(production)) {
    const volume = podSpecOf(w).volumes.find((v: { name: string }) => v.name === 'secrets');
    assert.equal(volume.secret.secretName, 'rfid-pipeline-credentials', w.metadata.name);
    assert.equal(podSpecOf(w).containers[0].volumeMounts.find((m: { name: string }) => m.name === 'secrets').mountPath, '/run/secrets/rfid');
  }
});

test('ingest: the PDB and the metrics Service select its pods; KEDA scales it by lag when enabled', () => {
  const ingest = find(byDefault, 'Deployment', '-ingest');
  const podLabels = ingest.spec.template.metadata.labels;
  assert.equal(ingest.spec.replicas, 2);
  const pdb = find(byDefault, 'PodDisruptionBudget', '-ingest');
  for (const [k, v] of Object.entries(pdb.spec.selector.matchLabels)) assert.equal(podLabels[k], v);
  assert.equal(pdb.spec.maxUnavailable, 1);
  const api = find(byDefault, 'Deployment', '-api');
  for (const [k, v] of Object.entries(find(byDefault, 'Service', '-api').spec.selector)) assert.equal(api.spec.template.metadata.labels[k], v);

  const scaled = find(production, 'ScaledObject', '-ingest');
  assert.equal(scaled.spec.scaleTargetRef.name, 'rfid-rfid-pipeline-ingest');
  assert.equal(scaled.spec.maxReplicaCount, 12);
  const trigger = scaled.spec.triggers[0];
  const prodConfig = find(production, 'ConfigMap').data ?? {};
  assert.equal(trigger.type, 'kafka');
  assert.equal(trigger.metadata.topic, prodConfig.RFID_TOPIC_EVENTS);
  assert.equal(trigger.metadata.consumerGroup, prodConfig.RFID_GROUP_ID);
  assert.equal(find(production, 'Deployment', '-ingest').spec.replicas, undefined, 'KEDA owns the replica count');
});

test('more ingest replicas than partitions fail the render, with the reason', () => {
  assert.equal(helm.tooManyReplicas.code, 1);
  assert.match(helm.tooManyReplicas.stderr, /ingest\.replicas \(7\) must not exceed kafka\.eventsPartitions \(6\)/);
  assert.equal(helm.tooManyKeda.code, 1);
  assert.match(helm.tooManyKeda.stderr, /ingest\.keda\.maxReplicas \(13\) must not exceed kafka\.eventsPartitions \(12\)/);
});

test("docs/deploy.md's example ScaledObject is valid against KEDA's schema and targets the chart's ingest Deployment", async () => {
  const docs = readFileSync(path.join(CHART, '..', '..', '..', 'docs', 'deploy.md'), 'utf8');
  const block = /<!-- keda-example -->\n```yaml\n([\s\S]*?)```/.exec(docs)?.[1];
  assert.ok(block, 'the example is in docs/deploy.md');
  const example = parse(block) as K8sObject;
  assert.deepEqual(await kubernetesProblems(example), []);
  assert.equal(example.spec.scaleTargetRef.name, find(byDefault, 'Deployment', '-ingest').metadata.name);
  assert.ok(example.spec.maxReplicaCount <= Number(find(byDefault, 'ConfigMap').data?.RFID_EVENTS_PARTITIONS));
});
