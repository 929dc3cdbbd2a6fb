/**
 * Validates a rendered Kubernetes object against the Kubernetes schemas: the typed models of the
 * npm packages `kubernetes-models` (core API groups), `@kubernetes-models/prometheus-operator`
 * (ServiceMonitor) and `@kubernetes-models/keda` (ScaledObject). Their `validate()` checks types,
 * required fields, formats and enums, but lets unknown fields through; the API server (with
 * `kubectl --validate=strict`) rejects those, so a second pass walks the object along the models'
 * declared fields (their .d.ts interfaces) and reports any field the schema does not have.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/config/config.ts';

const NODE_MODULES = path.join(PROJECT_ROOT, 'node_modules');

/** The package folder holding the model of an apiVersion (`apps/v1`, `v1`, `keda.sh/v1alpha1`). */
function modelFolder(apiVersion: string): string {
  if (apiVersion.startsWith('monitoring.coreos.com/')) return `@kubernetes-models/prometheus-operator/${apiVersion}`;
  if (apiVersion.startsWith('keda.sh/')) return `@kubernetes-models/keda/${apiVersion}`;
  return `kubernetes-models/${apiVersion}`;
}

interface Field {
  type: string | undefined;
  file: string | undefined;
}

const fieldCache = new Map<string, Map<string, Field>>();

/** The fields of the first interface declared in a model's .d.ts, with the file of each field's type. */
function fieldsOf(dts: string): Map<string, Field> {
  const cached = fieldCache.get(dts);
  if (cached) return cached;
  const text = readFileSync(dts, 'utf8');
  const imports = new Map<string, string>();
  for (const m of text.matchAll(/^import \{ (\w+) \} from "([^"]+)";$/gm)) {
    const [, name, from] = m as unknown as [string, string, string];
    const file = from.startsWith('.') ? path.join(path.dirname(dts), from.replace(/\.js$/, '.d.ts')) : path.join(NODE_MODULES, `${from}.d.ts`);
    imports.set(name, file);
  }
  const start = text.search(/^export interface /m);
  const end = text.indexOf('\n}', start);
  const fields = new Map<string, Field>();
  // `export interface IEndpoint extends IHTTPConfig… {`: the parents' fields are fields too.
  const parents = /^export interface \w+ extends ([^{]+)\{/m.exec(text)?.[1] ?? '';
  for (const parent of parents.split(',').map((p) => p.trim())) {
    const file = imports.get(parent);
    if (file !== undefined && existsSync(file)) for (const [name, field] of fieldsOf(file)) fields.set(name, field);
  }
  for (const m of text.slice(start, end).matchAll(/^ {4}"([^"]+)"\??: (?:Array<)?(I[A-Z]\w*)?/gm)) {
    const [, name, type] = m as unknown as [string, string, string | undefined];
    const file = type === undefined ? undefined : imports.get(type);
    fields.set(name, { type, file: file !== undefined && existsSync(file) ? file : undefined });
  }
  fieldCache.set(dts, fields);
  return fields;
}

function unknownFields(value: unknown, dts: string, at: string, problems: string[]): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) unknownFields(item, dts, `${at}[${i}]`, problems);
    return;
  }
  const fields = fieldsOf(dts);
  for (const [key, child] of Object.entries(value)) {
    const field = fields.get(key);
    if (field === undefined) problems.push(`${at}.${key}: no such field`);
    else if (field.file !== undefined) unknownFields(child, field.file, `${at}.${key}`, problems);
  }
}

/** Every problem with `object`: the model's validation error, then each unknown field (empty = valid). */
export async function kubernetesProblems(object: { apiVersion: string; kind: string }): Promise<string[]> {
  const folder = modelFolder(object.apiVersion);
  const dts = path.join(NODE_MODULES, folder, `${object.kind}.d.ts`);
  if (!existsSync(dts)) return [`${object.apiVersion} ${object.kind}: no schema known`];
  const module = (await import(`${folder}/${object.kind}`)) as Record<string, new (data: unknown) => { validate(): void }>;
  const Model = module[object.kind];
  if (Model === undefined) return [`${object.apiVersion} ${object.kind}: no model`];
  const problems: string[] = [];
  try {
    new Model(object).validate();
  } catch (error) {
    problems.push((error as Error).message);
  }
  unknownFields(object, dts, object.kind, problems);
  return problems;
}
