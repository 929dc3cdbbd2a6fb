/**
 * The first run's admin API key: when this `rfid` has an `apikey create` command (API keys with
 * roles, DESIGN.md §4b), the first `rfid up` for a state folder creates an admin key and hands
 * its output back to be printed once; a marker file makes later runs skip it. Without the command
 * it does nothing, so the supervisor works on a tree that has no API keys yet.
 *
 * @example
 * const key = await createFirstAdminKey({ hasCommand: (p) => false, stateDir: '.run', run: runRfid })
 * key // undefined: no `apikey create` in this tree
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The command run once; its stdout is what the person sees (the key, shown only this once). */
export const FIRST_ADMIN_KEY_ARGS: readonly string[] = ['apikey', 'create', '--role', 'admin', '--name', 'first-admin (rfid up)'];

export interface FirstRunDeps {
  /** True when `rfid` has the subcommand path, e.g. ['apikey', 'create']. */
  hasCommand: (commandPath: readonly string[]) => boolean;
  stateDir: string;
  run: (args: readonly string[]) => Promise<{ code: number; stdout: string; stderr: string }>;
}

export function firstAdminKeyMarker(stateDir: string): string {
  return path.join(stateDir, 'first-admin-key.created');
}

/** The output of `apikey create` on the first run; undefined when skipped. Throws when the command fails. */
export async function createFirstAdminKey(deps: FirstRunDeps): Promise<string | undefined> {
  if (!deps.hasCommand(FIRST_ADMIN_KEY_ARGS.slice(0, 2))) return undefined;
  const marker = firstAdminKeyMarker(deps.stateDir);
  if (existsSync(marker)) return undefined;
  const result = await deps.run(FIRST_ADMIN_KEY_ARGS);
  if (result.code !== 0) throw new Error(`rfid ${FIRST_ADMIN_KEY_ARGS.join(' ')} exited with ${result.code}: ${result.stderr.trim()}`);
  mkdirSync(deps.stateDir, { recursive: true });
  // The marker holds no secret: only when the key was made.
  writeFileSync(marker, `${new Date().toISOString()}\n`);
  return result.stdout.trim();
}
