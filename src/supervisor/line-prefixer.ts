/**
 * Splits a child's output into whole lines and writes each with the child's name in front, so the
 * output of several children on one terminal stays readable (`[ingest-1] …`). A partial line is
 * held until its end arrives (or `flush()` at exit), so two children never share a line.
 *
 * @example
 * const out: string[] = []
 * const p = createLinePrefixer('[api] ', (s) => out.push(s))
 * p.push('listening\nready'); p.push(' now\n') // out: ['[api] listening\n', '[api] ready now\n']
 */
export interface LinePrefixer {
  push(chunk: string): void;
  flush(): void;
}

/** A partial line longer than this is written anyway, so a child without newlines cannot grow memory. */
const MAX_PENDING_CHARS = 64 * 1024;

export function createLinePrefixer(prefix: string, write: (text: string) => void): LinePrefixer {
  let pending = '';
  return {
    push(chunk) {
      const text = pending + chunk;
      const lastNewline = text.lastIndexOf('\n');
      if (lastNewline < 0) {
        pending = text;
      } else {
        const lines = text.slice(0, lastNewline).split('\n');
        pending = text.slice(lastNewline + 1);
        write(lines.map((line) => `${prefix}${line}\n`).join(''));
      }
      if (pending.length > MAX_PENDING_CHARS) {
        write(`${prefix}${pending}\n`);
        pending = '';
      }
    },
    flush() {
      if (pending !== '') write(`${prefix}${pending}\n`);
      pending = '';
    },
  };
}
