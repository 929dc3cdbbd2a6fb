/**
 * Runs one child to completion with the supervisor's output (the demo history back-fill): no
 * restart, the exit code is the answer.
 *
 * @example
 * await runOnce(demoHistoryChild(config), terminalOutput()) // 0
 */
import { spawn } from 'node:child_process';
import { rfidCommand, type ChildSpec } from './child-spec.ts';
import type { ChildOutput } from './child-output.ts';

export function runOnce(spec: ChildSpec, output: ChildOutput, signal?: AbortSignal): Promise<number> {
  return new Promise((resolve) => {
    const { command, args } = rfidCommand(spec);
    const child = spawn(command, args, { env: { ...process.env, ...spec.env }, stdio: output.stdio(spec.name), detached: true });
    output.attach(spec.name, child);
    const abort = () => {
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          /* already gone */
        }
      }
    };
    signal?.addEventListener('abort', abort, { once: true });
    child.once('error', () => resolve(127));
    child.once('exit', (code, sig) => {
      signal?.removeEventListener('abort', abort);
      resolve(code ?? (sig ? 128 : 1));
    });
  });
}
