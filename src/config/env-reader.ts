/**
 * Reading configuration variables: a value from NAME or from the file NAME_FILE names (secrets),
 * typed and range-checked, every problem collected (naming the variable, with an example) so that
 * all of them are reported together. Only the names listed in known-env.ts can be read.
 */
import { readFileSync } from 'node:fs';
import { registerSecret, registerUrlSecret } from './secrets.ts';
import type { EnvName } from './known-env.ts';

export type Env = Record<string, string | undefined>;

export class Reader {
  readonly problems: string[] = [];
  private readonly env: Env;
  constructor(env: Env) {
    this.env = env;
  }

  /**
   * A value from NAME, or from the file named by NAME_FILE (for secrets; the file's content with
   * surrounding white space trimmed). Both set is a problem: which one wins would be a guess.
   */
  raw(name: EnvName): string | undefined {
    const direct = this.env[name];
    const file = this.env[`${name}_FILE`];
    const hasDirect = direct !== undefined && direct !== '';
    const hasFile = file !== undefined && file !== '';
    if (hasDirect && hasFile) {
      this.problems.push(`${name} and ${name}_FILE are both set: set only one (${name}_FILE=/run/secrets/... for a secret kept in a file)`);
      return undefined;
    }
    if (hasDirect) return direct;
    if (hasFile) {
      try {
        return readFileSync(file, 'utf8').trim();
      } catch (error) {
        this.problems.push(`${name}_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      }
    }
    return undefined;
  }

  /** A secret (password, private key): as `raw`, and registered so that it is masked in any output. */
  secret(name: EnvName): string | undefined {
    const value = this.raw(name);
    registerSecret(value);
    return value;
  }

  /**
   * A URL that may carry a password (DATABASE_URL, REDIS_URL): its password is registered as a
   * secret, and a problem message names the variable without echoing the value.
   */
  secretUrl(name: EnvName, fallback: string, check: { test: (v: string) => boolean; rule: string; example: string }): string {
    const value = this.raw(name) ?? fallback;
    registerUrlSecret(value);
    if (!check.test(value)) this.problems.push(`${name} (value not shown, it may hold a password): ${check.rule}, e.g. ${name}=${check.example}`);
    return value;
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
