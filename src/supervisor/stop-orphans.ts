/**
 * Children a supervisor left behind when it was killed outright (SIGKILL, a power cut of the
 * terminal): their pids are in the dead supervisor's state file. They are stopped before a new
 * `rfid up` starts its own, so two ingest workers with the same id never run side by side.
 *
 * @example
 * await stopOrphans('/repo/.run/up.json') // ['ingest-1 (pid 4242)']
 */
import { isAlive, stopProcess, commandLine } from '../stack/processes.ts';
import { readRunState } from './run-state.ts';
import { UP_PROCESS_MARKER } from './up-lock.ts';

export async function stopOrphans(stateFile: string): Promise<string[]> {
  const state = readRunState(stateFile);
  if (!state || isAlive(state.supervisorPid)) return [];
  const orphans = state.children.filter((c) => c.pid !== undefined && isAlive(c.pid) && commandLine(c.pid).includes(UP_PROCESS_MARKER));
  await Promise.all(orphans.map((c) => stopProcess(c.pid!, 20_000)));
  return orphans.map((c) => `${c.name} (pid ${c.pid})`);
}
