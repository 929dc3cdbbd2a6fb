import type { Command } from 'commander';
import type { Config } from '../../config/config.ts';
import { isAlive } from '../../stack/processes.ts';
import { readRunState } from '../../supervisor/run-state.ts';
import { upStateFile } from '../../supervisor/run-product.ts';
import { runningUpPid } from '../../supervisor/up-lock.ts';
import { cliContext } from '../context.ts';

function uptime(startedAt: string | undefined, nowMs: number): string {
  if (!startedAt) return '-';
  const s = Math.max(0, Math.round((nowMs - Date.parse(startedAt)) / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : m > 0 ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** The running `rfid up` and its children (pid, uptime, restarts); exit code 1 when none runs. */
export function printStatus(config: Config, json: boolean): void {
  const pid = runningUpPid(config.stack.stateDir);
  const state = pid === undefined ? undefined : readRunState(upStateFile(config.stack.stateDir));
  const now = Date.now();
  const children = (state?.children ?? []).map((c) => ({ ...c, alive: c.pid !== undefined && isAlive(c.pid), uptime: uptime(c.startedAt, now) }));
  if (json) {
    process.stdout.write(
      `${JSON.stringify({ running: pid !== undefined, supervisorPid: pid ?? null, startedAt: state?.startedAt ?? null, ready: state?.ready ?? false, urls: state?.urls ?? null, children }, null, 2)}\n`,
    );
  } else if (pid === undefined) {
    process.stdout.write(`rfid up is not running (state folder ${config.stack.stateDir})\n`);
  } else {
    process.stdout.write(
      `rfid up: supervisor pid ${pid}, up ${uptime(state?.startedAt, now)}${state?.urls ? `, ${state.urls.api}` : ''}${state?.ready ? '' : ' (starting)'}\n`,
    );
    for (const c of children) {
      process.stdout.write(
        `${c.alive ? '✔' : '✘'} ${c.name.padEnd(12)} ${(c.pid !== undefined ? `pid ${c.pid}` : 'restarting').padEnd(12)} up ${c.uptime.padEnd(8)} restarts ${c.restarts}${c.lastExit ? ` (last: ${c.lastExit})` : ''}\n`,
      );
    }
  }
  if (pid === undefined) process.exitCode = 1;
}

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('the running `rfid up`: its children with pid, uptime and restarts')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) => {
      printStatus(cliContext('status').config, opts.json === true);
    });
}
