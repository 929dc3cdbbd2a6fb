/**
 * The position of a live stream over a partitioned topic, as an SSE event id: `p0:123,p3:45`
 * (partition `p`, last offset delivered or passed over). Each event's id carries the whole
 * vector, so the `Last-Event-ID` a browser sends back on reconnect resumes every partition just
 * after what it had, not only the partition of the last event.
 *
 * @example
 * const position = parseStreamPosition('p0:123,p3:45') // Map { 0 => 123n, 3 => 45n }
 * formatStreamPosition(position) // 'p0:123,p3:45'
 * resumeOffsets(position, [0n, 0n, 0n, 0n], [200n, 9n, 9n, 50n]) // [124n, 9n, 9n, 46n]
 */

const ENTRY = /^p(\d{1,6}):(-1|\d{1,19})$/;

/** The positions in an id, or undefined when it is not one this stream wrote. */
export function parseStreamPosition(id: string): Map<number, bigint> | undefined {
  const out = new Map<number, bigint>();
  if (id.trim() === '') return out;
  for (const part of id.split(',')) {
    const m = ENTRY.exec(part.trim());
    if (m === null) return undefined;
    out.set(Number(m[1]), BigInt(m[2]!));
  }
  return out;
}

export function formatStreamPosition(position: ReadonlyMap<number, bigint>): string {
  return [...position]
    .sort((a, b) => a[0] - b[0])
    .map(([p, o]) => `p${p}:${o}`)
    .join(',');
}

/**
 * Where to start each partition: just after the resumed position, kept within the log (records
 * deleted by retention are gone; a position past the end means nothing new yet); partitions not
 * in the position start at their log end (only what happens from now on).
 */
export function resumeOffsets(position: ReadonlyMap<number, bigint>, start: readonly bigint[], end: readonly bigint[]): bigint[] {
  return end.map((logEnd, p) => {
    const last = position.get(p);
    if (last === undefined) return logEnd;
    const next = last + 1n;
    const logStart = start[p] ?? 0n;
    return next < logStart ? logStart : next > logEnd ? logEnd : next;
  });
}
