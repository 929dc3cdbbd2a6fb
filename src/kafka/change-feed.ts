/**
 * The change feed (`inventory_changes`): one record per changed cell per batch, keyed
 * `sku|location`, with the new absolute quantity, the delta and the version. Consumers keep the
 * highest version per key: a replay after a crash may repeat a record, never reorder versions
 * within a key's partition.
 */
import { cellKey } from '../domain/ingest-batch.ts';
import type { ChangedCell } from '../postgres/ingest/apply-events.ts';
import type { MasterData } from '../postgres/master-data.ts';

export interface ChangeRecord {
  sku: string;
  location: string;
  qty_on_hand: number;
  delta: number;
  version: number;
  events: number;
  updated_at: string;
  sku_name: string | null;
  category: string | null;
  location_name: string | null;
  warehouse: string | null;
  zone: string | null;
}

export function changeRecord(cell: ChangedCell, master: MasterData): ChangeRecord {
  const sku = master.skus.get(cell.sku);
  const location = master.locations.get(cell.location);
  return {
    sku: cell.sku,
    location: cell.location,
    qty_on_hand: cell.qty_on_hand,
    delta: cell.delta,
    version: cell.version,
    events: cell.events,
    updated_at: cell.updated_at,
    sku_name: sku?.name ?? null,
    category: sku?.category ?? null,
    location_name: location?.name ?? null,
    warehouse: location?.warehouse ?? null,
    zone: location?.zone ?? null,
  };
}

export function changeMessages(topic: string, cells: readonly ChangedCell[], master: MasterData): Array<{ topic: string; key: Buffer; value: Buffer }> {
  return cells.map((cell) => ({
    topic,
    key: Buffer.from(cellKey(cell.sku, cell.location)),
    value: Buffer.from(JSON.stringify(changeRecord(cell, master))),
  }));
}
