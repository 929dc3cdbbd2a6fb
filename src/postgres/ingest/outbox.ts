/**
 * The transactional outbox of changed cells. A batch writes one row in its transaction holding
 * its encoded change records (domain/change-record.ts); after the commit the worker publishes
 * them (Redis + change topic) and deletes the row. Rows left behind by a crash are claimed and
 * replayed by any worker (`FOR UPDATE SKIP LOCKED`).
 */
import { encodeChanges } from '../../domain/change-record.ts';
import { EMPTY_MASTER_DATA } from '../../domain/master-data.ts';
import type { ChangedCell } from '../../domain/changed-cell.ts';
import { withTransaction } from '../transaction.ts';
import type { Pool, PoolClient } from '../pool.ts';

export async function insertOutbox(client: PoolClient, records: Buffer): Promise<number | undefined> {
  if (records.length === 0) return undefined;
  const { rows } = await client.query<{ id: number }>('INSERT INTO inventory_outbox (records) VALUES ($1) RETURNING id', [records]);
  return rows[0]?.id;
}

export async function deleteOutbox(pool: Pool, id: number): Promise<void> {
  await pool.query('DELETE FROM inventory_outbox WHERE id = $1', [id]);
}

/**
 * Claims outbox rows older than `minAgeMs` (left by a crashed worker), hands each row's encoded
 * records to `publish` and deletes them in the same transaction once published. Returns how many
 * rows were replayed.
 */
export async function replayOutbox(pool: Pool, minAgeMs: number, publish: (records: Buffer) => Promise<void>, limit = 100): Promise<number> {
  return withTransaction(
    pool,
    async (client) => {
      const { rows } = await client.query<{ id: number; records: Buffer | null; cells: ChangedCell[] | null }>(
        `SELECT id, records, cells FROM inventory_outbox
         WHERE created_at < now() - make_interval(secs => $1::float8 / 1000)
         ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [minAgeMs, limit],
      );
      // Rows of the earlier format (cells as jsonb, before migration 004) are encoded here.
      for (const row of rows) await publish(row.records ?? encodeChanges(row.cells ?? [], EMPTY_MASTER_DATA));
      if (rows.length > 0) await client.query('DELETE FROM inventory_outbox WHERE id = ANY($1::bigint[])', [rows.map((r) => r.id)]);
      return rows.length;
    },
    'outbox replay',
  );
}
