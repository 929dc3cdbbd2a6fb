/**
 * Where a child's stdout and stderr go: the supervisor's terminal, each line prefixed with the
 * child's name, or (detached) a log file per child under `<state dir>/logs/`.
 *
 * @example
 * const out = terminalOutput()            // or logFileOutput('/repo/.run/logs')
 * const child = spawn(cmd, args, { stdio: out.stdio('api') }); out.attach('api', child)
 */
import type { ChildProcess, StdioOptions } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { createLinePrefixer } from './line-prefixer.ts';

export interface ChildOutput {
  stdio(name: string): StdioOptions;
  /** Called right after spawn with the same name; closes what `stdio` opened for the parent. */
  attach(name: string, child: ChildProcess): void;
}

export function terminalOutput(stdout: NodeJS.WritableStream = process.stdout, stderr: NodeJS.WritableStream = process.stderr): ChildOutput {
  return {
    stdio: () => ['ignore', 'pipe', 'pipe'],
    attach(name, child) {
      const prefix = `[${name}] `;
      for (const [stream, target] of [
        [child.stdout, stdout],
        [child.stderr, stderr],
      ] as const) {
        if (!stream) continue;
        const lines = createLinePrefixer(prefix, (text) => target.write(text));
        stream.setEncoding('utf8');
        stream.on('data', (chunk: string) => lines.push(chunk));
        stream.on('end', () => lines.flush());
      }
    },
  };
}

/** Appends to `<dir>/<name>.log`; the child holds the file itself, so no output passes through us. */
export function logFileOutput(dir: string): ChildOutput {
  mkdirSync(dir, { recursive: true });
  const open = new Map<string, number>();
  return {
    stdio(name) {
      const fd = openSync(path.join(dir, `${name}.log`), 'a');
      open.set(name, fd);
      return ['ignore', fd, fd];
    },
    attach(name) {
      const fd = open.get(name);
      open.delete(name);
      if (fd !== undefined) closeSync(fd);
    },
  };
}
