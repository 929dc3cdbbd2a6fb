/**
 * One `rfid up` per state folder: the pid file `<state dir>/up.pid`, created exclusively. A pid
 * file whose process is gone (or is no longer an `rfid` process: pids are reused) is stale and
 * taken over.
 *
 * @example
 * const lock = acquireUpLock('/repo/.run')
 * if (lock.heldBy !== undefined) console.log(`already running as pid ${lock.heldBy}`)
 * else lock.release()
 */
import { mkdirSync, openSync, closeSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { livePid, removeFile } from '../stack/processes.ts';

/** Part of the supervisor's command line: a live pid without it is a reused pid, not ours. */
export const UP_PROCESS_MARKER = 'src/cli/main.ts';

export function upPidFile(stateDir: string): string {
  return path.join(stateDir, 'up.pid');
}

/** The pid of the running `rfid up` for this state folder, if any. */
export function runningUpPid(stateDir: string): number | undefined {
  return livePid(upPidFile(stateDir), UP_PROCESS_MARKER);
}

export type UpLock = { heldBy: number; release?: undefined } | { heldBy?: undefined; staleTakenOver: boolean; release: () => void };

export function acquireUpLock(stateDir: string, pid = process.pid): UpLock {
  mkdirSync(stateDir, { recursive: true });
  const file = upPidFile(stateDir);
  let staleTakenOver = false;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, `${pid}\n`);
      closeSync(fd);
      return { staleTakenOver, release: () => releaseIfOurs(file, pid) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = runningUpPid(stateDir);
      if (holder !== undefined) return { heldBy: holder };
      removeFile(file);
      staleTakenOver = true;
    }
  }
  // Another `rfid up` re-created the file between our removal and our retry: it won.
  return { heldBy: runningUpPid(stateDir) ?? -1 };
}

function releaseIfOurs(file: string, pid: number): void {
  let content = '';
  try {
    content = readFileSync(file, 'utf8').trim();
  } catch {
    return;
  }
  if (Number(content) === pid) removeFile(file);
}
