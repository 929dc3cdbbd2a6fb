/**
 * A cell is one SKU at one location. Its key `sku|location` is the Kafka key of both the events
 * topic and the change feed (DESIGN.md §3), so every event of a cell goes to one partition and
 * one writer. This is the one place the key is built or read.
 *
 * @example
 * cellKey('SKU-1', 'WH1-A-01') // 'SKU-1|WH1-A-01'
 * parseCellKey('SKU-1|WH1-A-01') // { sku: 'SKU-1', location: 'WH1-A-01' }
 */
export function cellKey(sku: string, location: string): string {
  return `${sku}|${location}`;
}

/** Splits at the first `|` (SKUs do not contain one; a location may). */
export function parseCellKey(key: string): { sku: string; location: string } | undefined {
  const bar = key.indexOf('|');
  if (bar <= 0 || bar === key.length - 1) return undefined;
  return { sku: key.slice(0, bar), location: key.slice(bar + 1) };
}
