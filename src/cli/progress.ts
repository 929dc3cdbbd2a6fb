/**
 * A progress line for long CLI jobs, on stderr: a bar with rate and ETA redrawn in place on a
 * terminal, a plain line every few seconds otherwise (CI logs, pipes).
 */
export interface Progress {
  update(done: number): void;
  finish(done: number): void;
}

export function progressReporter(label: string, total: number | undefined, stream: NodeJS.WriteStream = process.stderr): Progress {
  const started = Date.now();
  const tty = stream.isTTY === true;
  const every = tty ? 200 : 5_000;
  let last = 0;
  const line = (done: number): string => {
    const seconds = Math.max(0.001, (Date.now() - started) / 1000);
    const rate = done / seconds;
    const parts = [label];
    if (total !== undefined && total > 0) {
      const share = Math.min(1, done / total);
      const width = 24;
      const filled = Math.round(share * width);
      parts.push(`[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}%`);
      parts.push(`${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}`);
      if (done > 0 && done < total) parts.push(`ETA ${formatSeconds((total - done) / rate)}`);
    } else {
      parts.push(done.toLocaleString('en-US'));
    }
    parts.push(`${Math.round(rate).toLocaleString('en-US')}/s`, formatSeconds(seconds));
    return parts.join('  ');
  };
  return {
    update(done) {
      const now = Date.now();
      if (now - last < every) return;
      last = now;
      stream.write(tty ? `\r${line(done)}\x1b[K` : `${line(done)}\n`);
    },
    finish(done) {
      stream.write(tty ? `\r${line(done)}\x1b[K\n` : `${line(done)}\n`);
    },
  };
}

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - m * 60)} s`;
}
