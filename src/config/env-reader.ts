/**
 * Reading configuration variables: a value from NAME or from the file NAME_FILE names (secrets),
 * typed and range-checked, every problem collected (naming the variable, with an example) so that
 * all of them are reported together. Only the names listed in known-env.ts can be read.
 */
import { readFileSync } from 'node:fs';
import type { EnvName } from './known-env.ts';

export type Env = Record<string, string | undefined>;

export class Reader {
  readonly problems: string[] = [];
  private readonly env: Env;
  constructor(env: Env) {
    this.env = env;
  }

  /** A value from NAME, or from the file named by NAME_FILE (for secrets). */
  raw(name: EnvName): string | undefined {
    const direct = this.env[name];
    if (direct !== undefined && direct !== '') return direct;
    const file = this.env[`${name}_FILE`];
    if (file !== undefined && file !== '') {
      try {
        return readFileSync(file, 'utf8').trim();
      } catch (error) {
        this.problems.push(`${name}_FILE: cannot read ${file} (${(error as Error).message})`);
      }
    }
    return undefined;
  }

  string(name: EnvName, fallback: string, check?: { test: (v: string) => boolean; rule: string; example: string }): string {
    const value = this.raw(name) ?? fallback;
    if (check && !check.test(value)) this.problems.push(`${name}=${JSON.stringify(value)}: ${check.rule}, e.g. ${name}=${check.example}`);
    return value;
  }

  int(name: EnvName, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      this.problems.push(`${name}=${JSON.stringify(value)}: must be an integer from ${min} to ${max}, e.g. ${name}=${fallback}`);
      return fallback;
    }
    return n;
  }

  bool(name: EnvName, fallback: boolean): boolean {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (/^(1|true|yes|on)$/i.test(value)) return true;
    if (/^(0|false|no|off)$/i.test(value)) return false;
    this.problems.push(`${name}=${JSON.stringify(value)}: must be true or false, e.g. ${name}=true`);
    return fallback;
  }
}

/** True when `value` parses as a URL with one of `protocols` (e.g. 'postgres:'). */
export function isUrl(value: string, protocols: string[]): boolean {
  try {
    return protocols.includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
