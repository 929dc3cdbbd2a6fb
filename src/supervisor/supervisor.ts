/**
 * The supervisor loop: starts each child, restarts one that exits (after the restart policy's
 * delay, reported with its exit code or signal), and stops them all on request — SIGTERM, then
 * SIGKILL after `stopGraceMs`. It holds no policy arithmetic (restart-policy.ts), no output
 * formatting (child-output.ts) and no knowledge of which children the product has (product-children.ts).
 *
 * @example
 * const sup = createSupervisor({ output: terminalOutput(), report: console.error, onChange: () => {} })
 * sup.add({ name: 'api', args: () => ['api'], env: {} })
 * await sup.stop()
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { rfidCommand, type ChildSpec } from './child-spec.ts';
import type { ChildOutput } from './child-output.ts';
import { afterExit, DEFAULT_RESTART_POLICY, INITIAL_RESTART_STATE, type RestartPolicy, type RestartState } from './restart-policy.ts';
import type { ChildState } from './run-state.ts';

export interface SupervisorOptions {
  output: ChildOutput;
  policy?: RestartPolicy;
  /** How long a child gets to finish after SIGTERM (an ingest worker finishes its batch). */
  stopGraceMs?: number;
  report: (line: string) => void;
  /** Called whenever a child starts or exits (the state file is written from it). */
  onChange: (children: ChildState[]) => void;
}

export interface Supervisor {
  add(spec: ChildSpec): void;
  children(): ChildState[];
  /** SIGTERM every child, SIGKILL what is left after the grace time; resolves when all are gone. */
  stop(): Promise<void>;
  /** SIGKILL every child now (a second Ctrl-C). */
  killNow(): void;
}

interface Slot {
  spec: ChildSpec;
  process: ChildProcess | undefined;
  startedAtMs: number;
  restart: RestartState;
  restarts: number;
  lastExit: string | undefined;
  timer: NodeJS.Timeout | undefined;
  exited: Promise<void>;
}

export const STOP_GRACE_MS = 20_000;

export function createSupervisor(options: SupervisorOptions): Supervisor {
  const policy = options.policy ?? DEFAULT_RESTART_POLICY;
  const slots: Slot[] = [];
  let stopping = false;

  const snapshot = (): ChildState[] =>
    slots.map((s) => ({
      name: s.spec.name,
      pid: s.process?.pid,
      startedAt: s.process ? new Date(s.startedAtMs).toISOString() : undefined,
      restarts: s.restarts,
      lastExit: s.lastExit,
    }));
  const changed = () => options.onChange(snapshot());

  const start = (slot: Slot) => {
    slot.timer = undefined;
    if (stopping) return;
    const { command, args } = rfidCommand(slot.spec);
    // Its own process group: a Ctrl-C on the terminal reaches only the supervisor, which then
    // stops the children in order (and knows their exits are expected).
    const child = spawn(command, args, { env: { ...process.env, ...slot.spec.env }, stdio: options.output.stdio(slot.spec.name), detached: true });
    options.output.attach(slot.spec.name, child);
    slot.process = child;
    slot.startedAtMs = Date.now();
    slot.exited = new Promise((resolve) => {
      const ended = (code: number | null, signal: NodeJS.Signals | null) => {
        child.removeAllListeners('exit');
        child.removeAllListeners('error');
        onExit(slot, child, code, signal);
        resolve();
      };
      child.once('exit', ended);
      child.once('error', (error) => {
        options.report(`✘ ${slot.spec.name}: cannot start (${error.message})`);
        ended(127, null);
      });
    });
    if (child.pid !== undefined) options.report(`▶ ${slot.spec.name} started (pid ${child.pid})${slot.restarts > 0 ? `, restart ${slot.restarts}` : ''}`);
    changed();
  };

  const onExit = (slot: Slot, child: ChildProcess, code: number | null, signal: NodeJS.Signals | null) => {
    if (slot.process !== child) return;
    slot.process = undefined;
    const how = signal ? `signal ${signal}` : `code ${code}`;
    slot.lastExit = how;
    if (stopping) {
      changed();
      return;
    }
    const now = Date.now();
    slot.restart = afterExit(policy, slot.restart, { startedAtMs: slot.startedAtMs, exitedAtMs: now });
    slot.restarts++;
    const upFor = ((now - slot.startedAtMs) / 1000).toFixed(1);
    options.report(`✘ ${slot.spec.name} (pid ${child.pid}) exited with ${how} after ${upFor} s; restarting in ${slot.restart.delayMs / 1000} s`);
    slot.timer = setTimeout(() => start(slot), slot.restart.delayMs);
    changed();
  };

  const signalAll = (signal: NodeJS.Signals) => {
    for (const slot of slots) {
      const pid = slot.process?.pid;
      if (pid === undefined) continue;
      try {
        // The whole group: `bin/rfid` execs node, but a child's own helpers go with it.
        process.kill(-pid, signal);
      } catch {
        /* already gone */
      }
    }
  };

  return {
    add(spec) {
      const slot: Slot = {
        spec,
        process: undefined,
        startedAtMs: 0,
        restart: INITIAL_RESTART_STATE,
        restarts: 0,
        lastExit: undefined,
        timer: undefined,
        exited: Promise.resolve(),
      };
      slots.push(slot);
      start(slot);
    },
    children: snapshot,
    async stop() {
      stopping = true;
      for (const slot of slots) if (slot.timer) clearTimeout(slot.timer);
      signalAll('SIGTERM');
      const all = Promise.all(slots.map((s) => s.exited));
      const graceMs = options.stopGraceMs ?? STOP_GRACE_MS;
      const inTime = await Promise.race([all.then(() => true), sleep(graceMs).then(() => false)]);
      if (!inTime) {
        const late = slots.filter((s) => s.process).map((s) => s.spec.name);
        options.report(`✘ ${late.join(', ')} did not stop within ${graceMs / 1000} s: SIGKILL`);
        signalAll('SIGKILL');
        await all;
      }
    },
    killNow() {
      stopping = true;
      for (const slot of slots) if (slot.timer) clearTimeout(slot.timer);
      signalAll('SIGKILL');
    },
  };
}
