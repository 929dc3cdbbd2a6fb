import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { Config } from '../../config/config.ts';
import { PROJECT_ROOT } from '../../config/config.ts';
import { isAlive, run } from '../../stack/processes.ts';
import { RFID_BIN } from '../../supervisor/child-spec.ts';
import { createFirstAdminKey, type FirstRunDeps } from '../../supervisor/first-run.ts';
import { readyBanner } from '../../supervisor/ready-banner.ts';
import { readRunState } from '../../supervisor/run-state.ts';
import { runProduct, upLogDir, upStateFile } from '../../supervisor/run-product.ts';
import { stopOrphans } from '../../supervisor/stop-orphans.ts';
import { acquireUpLock, runningUpPid } from '../../supervisor/up-lock.ts';
import { cliContext, say } from '../context.ts';
import { stackUp } from './stack.ts';
import { migrateDatabase } from './migrate.ts';
import { ensureContractTopics } from './topics.ts';
import { doctor } from './doctor.ts';
import { printStatus } from './status.ts';

interface UpOptions {
  ingestWorkers: number;
  demo: boolean;
  detach?: boolean;
  status?: boolean;
  json?: boolean;
  superviseOnly?: boolean;
}

/** How long `up --detach` waits for the background supervisor to report its children up. */
const DETACH_READY_LIMIT_MS = 300_000;

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new InvalidArgumentError('--ingest-workers must be an integer from 1 to 64, e.g. 2');
  return n;
}

/** Today's set-up: stack up, migrate, topics ensure, doctor. False when a doctor check failed. */
export async function setUp(config: Config): Promise<boolean> {
  say('── stack');
  await stackUp(config);
  say('── migrate');
  const applied = await migrateDatabase(config);
  say(applied.length > 0 ? `✔ applied ${applied.join(', ')}` : '✔ migrations up to date');
  say('── topics');
  await ensureContractTopics(config);
  say('── doctor');
  return doctor(config);
}

function alreadyRunning(pid: number, config: Config): void {
  say(`✘ rfid up is already running (pid ${pid}, state in ${config.stack.stateDir}): nothing started`);
  say('  → `./bin/rfid status` lists its children; `./bin/rfid down` stops it');
  process.exitCode = 1;
}

function firstRunDeps(program: Command, config: Config): FirstRunDeps {
  return {
    hasCommand: (commandPath) => {
      // With auth off (loopback demos) nobody needs a key.
      if (!config.api.auth) return false;
      let current: Command | undefined = program;
      for (const name of commandPath) current = current?.commands.find((c) => c.name() === name);
      return current !== undefined;
    },
    stateDir: config.stack.stateDir,
    run: (args) => run(RFID_BIN, [...args]),
  };
}

/** `up --detach`: the set-up here, then the supervisor in the background; returns once its children are up. */
async function detach(program: Command, config: Config, opts: UpOptions): Promise<void> {
  const logDir = upLogDir(config.stack.stateDir);
  mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, 'up.log');
  const fd = openSync(logFile, 'a');
  const args = [
    '--disable-warning=ExperimentalWarning',
    path.join(PROJECT_ROOT, 'src/cli/main.ts'),
    'up',
    '--supervise-only',
    '--ingest-workers',
    String(opts.ingestWorkers),
  ];
  if (!opts.demo) args.push('--no-demo');
  const child = spawn(process.execPath, args, { env: process.env, stdio: ['ignore', fd, fd], detached: true });
  closeSync(fd);
  child.unref();
  const pid = child.pid!;
  say(`── supervisor started in the background (pid ${pid}, log ${logFile}); waiting for its children`);
  const stateFile = upStateFile(config.stack.stateDir);
  const deadline = Date.now() + DETACH_READY_LIMIT_MS;
  for (;;) {
    const state = readRunState(stateFile);
    if (state?.supervisorPid === pid && state.ready) {
      const adminKey = await createFirstAdminKey(firstRunDeps(program, config)).catch((error: unknown) => {
        say(`✘ could not create the first admin API key: ${(error as Error).message}`);
        return undefined;
      });
      process.stdout.write(readyBanner({ urls: state.urls!, children: state.children, detached: true, apiAnswers: true, demo: state.demo, adminKey, logDir }));
      return;
    }
    if (!isAlive(pid) || Date.now() > deadline) {
      say(`✘ the background supervisor ${isAlive(pid) ? 'did not report ready in time' : 'exited'}; the end of ${logFile}:`);
      say(readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-20).join('\n'));
      process.exitCode = 1;
      return;
    }
    await sleep(250);
  }
}

export function registerUp(program: Command): void {
  program
    .command('up')
    .description(
      'the main command: stack up, migrate, topics ensure, doctor, then run the product in the foreground (ingest workers, job worker, API; a demo feed when there is no data) until Ctrl-C',
    )
    .option('--ingest-workers <n>', 'ingest worker processes', positiveInt, 1)
    .option('--no-demo', 'no demo feed, even when the events topic is empty')
    .option('--detach', 'run in the background (logs under .run/logs/); `rfid down` stops it')
    .option('--status', 'list the running children (as `rfid status`)')
    .option('--json', 'with --status: print JSON')
    .addOption(new Option('--supervise-only', 'the background supervisor of --detach, after the set-up').hideHelp())
    .action(async (opts: UpOptions) => {
      const { config } = cliContext('up');
      const stateDir = config.stack.stateDir;
      if (opts.status) {
        printStatus(config, opts.json === true);
        return;
      }
      const running = runningUpPid(stateDir);
      if (running !== undefined && running !== process.pid) return alreadyRunning(running, config);
      if (opts.detach && !opts.superviseOnly) {
        if (!(await setUp(config))) {
          process.exitCode = 1;
          return;
        }
        return detach(program, config, opts);
      }
      const lock = acquireUpLock(stateDir);
      if (lock.heldBy !== undefined) return alreadyRunning(lock.heldBy, config);
      try {
        if (lock.staleTakenOver) {
          say(`· a stale ${path.join(stateDir, 'up.pid')} (its rfid up is gone) was taken over`);
          const orphans = await stopOrphans(upStateFile(stateDir));
          if (orphans.length > 0) say(`✔ stopped children it left behind: ${orphans.join(', ')}`);
        }
        if (!opts.superviseOnly && !(await setUp(config))) {
          say('✘ a doctor check failed: nothing started');
          process.exitCode = 1;
          return;
        }
        await runProduct({
          config,
          ingestWorkers: opts.ingestWorkers,
          demo: opts.demo,
          detached: opts.superviseOnly === true,
          firstRun: opts.superviseOnly ? undefined : firstRunDeps(program, config),
          say,
        });
      } finally {
        lock.release();
        // Every child is stopped; a client library's stray socket must not keep `rfid up` alive.
        setTimeout(() => process.exit(process.exitCode ?? 0), 2_000).unref();
      }
    });
}
