/**
 * The heart of ingest, in one set-based statement: insert the batch's events into the ledger
 * (`ON CONFLICT (event_id) DO NOTHING`), sum the deltas of the rows that were truly inserted per
 * (sku, location), and upsert `inventory_current` once per cell, bumping its version.
 * Returns the changed cells with their new absolute quantity and version.
 */
import type { PlacedEvent } from '../../domain/ingest-batch.ts';
import type { PoolClient } from '../pool.ts';

export interface ChangedCell {
  sku: string;
  location: string;
  qty_on_hand: number;
  version: number;
  delta: number;
  events: number;
  updated_at: string;
}

export interface ApplyResult {
  inserted: number;
  cells: ChangedCell[];
}

export async function applyEvents(client: PoolClient, events: readonly PlacedEvent[]): Promise<ApplyResult> {
  if (events.length === 0) return { inserted: 0, cells: [] };
  const n = events.length;
  const ids = new Array<string>(n);
  const ts = new Array<string>(n);
  const types = new Array<string>(n);
  const skus = new Array<string>(n);
  const locations = new Array<string>(n);
  const qtys = new Array<number>(n);
  const devices = new Array<string | null>(n);
  const refs = new Array<string | null>(n);
  const partitions = new Array<number>(n);
  const offsets = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const p = events[i]!;
    const e = p.event;
    ids[i] = e.event_id;
    ts[i] = new Date(e.eventTimeMs).toISOString();
    types[i] = e.event_type;
    skus[i] = e.sku;
    locations[i] = e.location;
    qtys[i] = e.qty;
    devices[i] = e.device_id;
    refs[i] = e.ref_event_id;
    partitions[i] = p.partition;
    offsets[i] = String(p.offset);
  }
  const { rows } = await client.query<ChangedCell & { inserted_total: number }>(
    `WITH input AS (
       SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::uuid[], $9::int[], $10::bigint[])
         AS t(event_id, event_ts, event_type, sku, location, qty, device_id, ref_event_id, source_partition, source_offset)
     ), inserted AS (
       INSERT INTO rfid_events (event_id, event_ts, event_type, sku, location, qty, device_id, ref_event_id, source_partition, source_offset)
       SELECT event_id, event_ts, event_type, sku, location, qty, device_id, ref_event_id, source_partition, source_offset FROM input
       ON CONFLICT (event_id) DO NOTHING
       RETURNING sku, location, event_type, qty, event_ts
     ), deltas AS (
       SELECT sku, location,
              sum(CASE event_type WHEN 'OUT' THEN -qty ELSE qty END)::int AS delta,
              max(event_ts) AS last_ts,
              count(*)::int AS events
       FROM inserted GROUP BY sku, location
     ), upserted AS (
       -- Cells in a fixed order, so concurrent workers lock rows in the same order (no deadlock).
       INSERT INTO inventory_current AS c (sku, location, qty_on_hand, version, last_event_ts, updated_at)
       SELECT sku, location, delta, 1, last_ts, now() FROM deltas ORDER BY sku, location
       ON CONFLICT (sku, location) DO UPDATE
         SET qty_on_hand = c.qty_on_hand + excluded.qty_on_hand,
             version = c.version + 1,
             last_event_ts = greatest(c.last_event_ts, excluded.last_event_ts),
             updated_at = excluded.updated_at
       RETURNING sku, location, qty_on_hand, version, updated_at
     )
     SELECT u.sku, u.location, u.qty_on_hand, u.version, d.delta, d.events, u.updated_at,
            (SELECT count(*)::int FROM inserted) AS inserted_total
     FROM upserted u JOIN deltas d USING (sku, location)`,
    [ids, ts, types, skus, locations, qtys, devices, refs, partitions, offsets],
  );
  return {
    inserted: rows[0]?.inserted_total ?? 0,
    cells: rows.map((r) => ({ sku: r.sku, location: r.location, qty_on_hand: r.qty_on_hand, version: Number(r.version), delta: r.delta, events: r.events, updated_at: new Date(r.updated_at).toISOString() })),
  };
}
