/**
 * The supervisor's state file (`<state dir>/up.json`): what `rfid status` shows and what
 * `rfid up --detach` waits for. Written whole to a temporary file and renamed, so a reader never
 * sees half a file.
 *
 * @example
 * writeRunState(file, { supervisorPid: process.pid, startedAt: new Date().toISOString(), ready: false, urls: undefined, demo: undefined, children: [] })
 * readRunState(file)?.ready // false
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

export interface ChildState {
  name: string;
  /** Undefined while the child waits for its restart. */
  pid: number | undefined;
  /** ISO time of the current run's start. */
  startedAt: string | undefined;
  restarts: number;
  /** `code 1` or `signal SIGKILL` of the last run that ended. */
  lastExit: string | undefined;
}

export interface RunState {
  supervisorPid: number;
  startedAt: string;
  /** True once every child was started and the API answered (or gave up waiting). */
  ready: boolean;
  urls: { api: string; docs: string } | undefined;
  /** What the demo feed does, when one runs. */
  demo: string | undefined;
  children: ChildState[];
}

export function writeRunState(file: string, state: RunState): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(tmp, file);
}

export function readRunState(file: string): RunState | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as RunState;
  } catch {
    return undefined;
  }
}
