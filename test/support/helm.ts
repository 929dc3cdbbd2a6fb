/**
 * Real Helm for the chart test, through helm-java (Maven Central: com.marcnuri.helm-java:helm-java,
 * which pulls Helm as a native library for linux-amd64): test/deploy/helm/HelmRender.java run by
 * `java` as a single-file program. The jars are copied once into the git-ignored .cache/helm-java.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/config/config.ts';

const JARS = path.join(PROJECT_ROOT, '.cache', 'helm-java');
const RENDER = path.join(PROJECT_ROOT, 'test', 'deploy', 'helm', 'HelmRender.java');
export const CHART = path.join(PROJECT_ROOT, 'deploy', 'helm', 'rfid-pipeline');
/** The Kubernetes version Helm renders for (the chart's kubeVersion asks for ≥ 1.25). */
export const KUBE_VERSION = '1.30.0';

/** Copies helm-java and its dependencies from Maven Central into .cache/helm-java, once. */
export function ensureHelmJars(): void {
  if (existsSync(path.join(JARS, '.complete'))) return;
  const staging = `${JARS}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(path.dirname(JARS), { recursive: true });
  const pom = path.join(PROJECT_ROOT, 'test', 'deploy', 'helm', 'pom.xml');
  const mvn = spawnSync('mvn', ['-B', '-q', '-f', pom, 'dependency:copy-dependencies', `-DoutputDirectory=${staging}`], { encoding: 'utf8' });
  if (mvn.status !== 0 || !readdirSync(staging).some((f) => f.startsWith('helm-java-'))) {
    throw new Error(`mvn could not fetch helm-java:\n${mvn.stdout}${mvn.stderr}`);
  }
  writeFileSync(path.join(staging, '.complete'), `${new Date().toISOString()}\n`);
  rmSync(JARS, { recursive: true, force: true });
  renameSync(staging, JARS);
}

export interface HelmResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs Helm jobs (`template|notes CHART NAME NAMESPACE KUBE_VERSION [VALUES…]` or `lint CHART`) in
 * one JVM through HelmRender.java's batch mode: a JVM start that loads Helm's library takes seconds.
 */
export function helmJobs(jobs: string[][]): HelmResult[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rfid-helm-'));
  try {
    const list = path.join(dir, 'jobs.tsv');
    writeFileSync(list, `${jobs.map((args) => args.join('\t')).join('\n')}\n`);
    const run = spawnSync('java', ['-cp', `${JARS}/*`, RENDER, 'batch', list, dir], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`HelmRender batch failed (${run.status}):\n${run.stdout}${run.stderr}`);
    return jobs.map((_, i) => ({
      code: Number(readFileSync(path.join(dir, `${i}.code`), 'utf8')),
      stdout: readFileSync(path.join(dir, `${i}.out`), 'utf8'),
      stderr: readFileSync(path.join(dir, `${i}.err`), 'utf8'),
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A copy of the chart for what helm-java cannot do directly. `helm template` through helm-java
 * returns the release manifest without its hooks (the migration Job, the ConfigMap, Secret and
 * ServiceAccount it needs first), so the copy renames the hook annotation to a plain one and Helm
 * renders those objects with the rest; `fromCopy` puts the name back. `values` replaces the copy's
 * values.yaml (its lint takes no values file).
 */
export function chartCopy(options: { values?: string } = {}): { dir: string; remove: () => void } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'rfid-chart-'));
  const dir = path.join(root, 'rfid-pipeline');
  cpSync(CHART, dir, { recursive: true });
  const templates = path.join(dir, 'templates');
  for (const file of readdirSync(templates)) {
    const full = path.join(templates, file);
    writeFileSync(full, readFileSync(full, 'utf8').replaceAll('helm.sh/hook', HOOK_STAND_IN));
  }
  if (options.values !== undefined) writeFileSync(path.join(dir, 'values.yaml'), options.values);
  return { dir, remove: () => rmSync(root, { recursive: true, force: true }) };
}

const HOOK_STAND_IN = 'rfid-test.invalid/hook';

/** Rendered text of a chartCopy with the hook annotations' real name back. */
export function fromCopy(rendered: string): string {
  return rendered.replaceAll(HOOK_STAND_IN, 'helm.sh/hook');
}

/** `over` merged into `base` as Helm merges a values file into values.yaml (objects key by key, the rest replaced). */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (base && over && typeof base === 'object' && typeof over === 'object' && !Array.isArray(base) && !Array.isArray(over)) {
    const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
    for (const [k, v] of Object.entries(over)) out[k] = deepMerge(out[k], v);
    return out;
  }
  return over === undefined ? base : over;
}
