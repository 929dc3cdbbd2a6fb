/**
 * One `rfid up` session after the set-up: starts the product's children under the supervisor,
 * back-fills demo history and starts the live feed when the events topic is empty, prints where
 * the product is once the API answers, then waits for SIGINT / SIGTERM and stops every child.
 * The caller holds the up lock (up-lock.ts) for the whole session.
 */
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../config/config.ts';
import { readEndOffsetsTotal } from '../kafka/read-end-offsets-total.ts';
import { removeFile } from '../stack/processes.ts';
import { logFileOutput, terminalOutput } from './child-output.ts';
import { createFirstAdminKey, type FirstRunDeps } from './first-run.ts';
import { demoFeedChild, demoHistoryChild, productChildren } from './product-children.ts';
import { productUrls, readyBanner } from './ready-banner.ts';
import { runOnce } from './run-once.ts';
import { writeRunState, type RunState } from './run-state.ts';
import { createSupervisor } from './supervisor.ts';
import { waitForHttp } from './wait-for-http.ts';

export interface RunProductOptions {
  config: Config;
  ingestWorkers: number;
  demo: boolean;
  /** Children write to `<state dir>/logs/<child>.log` instead of this terminal. */
  detached: boolean;
  /** Undefined when another process prints the banner and makes the first key (`up --detach`). */
  firstRun: FirstRunDeps | undefined;
  say: (line: string) => void;
}

/** How long `rfid up` waits for the API's /health before printing the banner anyway. */
const API_READY_LIMIT_MS = 90_000;

export function upStateFile(stateDir: string): string {
  return path.join(stateDir, 'up.json');
}

export function upLogDir(stateDir: string): string {
  return path.join(stateDir, 'logs');
}

export async function runProduct(o: RunProductOptions): Promise<void> {
  const { config, say } = o;
  const stateFile = upStateFile(config.stack.stateDir);
  const urls = productUrls(config.http.host, config.http.port);
  const state: RunState = { supervisorPid: process.pid, startedAt: new Date().toISOString(), ready: false, urls, demo: undefined, children: [] };
  const save = () => writeRunState(stateFile, state);
  save();

  const stopRequested = new AbortController();
  const logDir = upLogDir(config.stack.stateDir);
  const output = o.detached ? logFileOutput(logDir) : terminalOutput();
  const supervisor = createSupervisor({
    output,
    report: say,
    onChange: (children) => {
      state.children = children;
      save();
    },
  });
  // `rfid up | tee log` with Ctrl-C: the signal also ends tee, and the next line written to the
  // closed pipe raises EPIPE; unhandled, that killed the supervisor before it stopped its children
  // (seen by hand). Output is best-effort; stopping the children is not.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals++;
    if (signals === 1) {
      say(`── ${signal}: stopping every child (SIGTERM; a second Ctrl-C kills them at once)`);
      stopRequested.abort();
    } else {
      supervisor.killNow();
      removeFile(stateFile);
      process.exit(130);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  const stopped = new Promise<void>((resolve) => stopRequested.signal.addEventListener('abort', () => resolve(), { once: true }));

  try {
    const children = productChildren(config, {
      ingestWorkers: o.ingestWorkers,
      host: os.hostname(),
      logFormat: !o.detached && process.stderr.isTTY && !process.env.LOG_FORMAT ? 'pretty' : undefined,
    });
    say(`── starting ${children.map((c) => c.name).join(', ')}`);
    for (const spec of children) supervisor.add(spec);

    let demo: string | undefined;
    if (o.demo && !stopRequested.signal.aborted) {
      // Kafka passed the doctor a moment ago; if it stops answering now, run without a demo rather than not at all.
      const total = await readEndOffsetsTotal(config, config.topics.events).catch((error: unknown) => {
        say(`✘ demo: cannot read the end offsets of ${config.topics.events} (${(error as Error).message}): no demo feed`);
        return undefined;
      });
      if (total === undefined) {
        // reported above
      } else if (total === 0n) {
        const d = config.demo;
        say(
          `── demo: ${config.topics.events} is empty: back-filling ${d.historyCount.toLocaleString('en-US')} events over ${d.historyDays} days, then a live feed at ${d.rate}/s`,
        );
        const code = await runOnce(demoHistoryChild(config), output, stopRequested.signal);
        if (code !== 0 && !stopRequested.signal.aborted) say(`✘ demo history back-fill exited with code ${code}; starting the live feed anyway`);
        if (!stopRequested.signal.aborted) {
          supervisor.add(demoFeedChild(config));
          demo = `${d.historyDays} days of history (${d.historyCount.toLocaleString('en-US')} events), then ${d.rate} events/s (--no-demo skips it)`;
        }
      } else {
        say(`· demo: ${config.topics.events} already holds ${total.toLocaleString('en-US')} messages: no demo feed`);
      }
    }

    if (!stopRequested.signal.aborted) {
      const apiAnswers = await waitForHttp(`${urls.api}health`, API_READY_LIMIT_MS, stopRequested.signal);
      let adminKey: string | undefined;
      if (o.firstRun && !stopRequested.signal.aborted) {
        adminKey = await createFirstAdminKey(o.firstRun).catch((error: unknown) => {
          say(`✘ could not create the first admin API key: ${(error as Error).message}`);
          return undefined;
        });
      }
      state.ready = true;
      state.demo = demo;
      save();
      if (!stopRequested.signal.aborted) {
        process.stdout.write(readyBanner({ urls, children: supervisor.children(), detached: o.detached, apiAnswers, demo, adminKey, logDir }));
      }
    }

    await stopped;
  } finally {
    stopRequested.abort();
    await supervisor.stop();
    say('✔ every child stopped');
    removeFile(stateFile);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
  }
}
