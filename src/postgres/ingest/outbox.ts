/**
 * The transactional outbox of changed cells. A batch writes one row in its transaction; after
 * the commit the worker publishes it (Redis + change topic) and deletes it. Rows left behind by
 * a crash are claimed and replayed by any worker (`FOR UPDATE SKIP LOCKED`).
 */
import type { ChangedCell } from './apply-events.ts';
import type { Pool, PoolClient } from '../pool.ts';

export async function insertOutbox(client: PoolClient, cells: readonly ChangedCell[]): Promise<number | undefined> {
  if (cells.length === 0) return undefined;
  const { rows } = await client.query<{ id: number }>('INSERT INTO inventory_outbox (cells) VALUES ($1::jsonb) RETURNING id', [JSON.stringify(cells)]);
  return rows[0]?.id;
}

export async function deleteOutbox(pool: Pool, id: number): Promise<void> {
  await pool.query('DELETE FROM inventory_outbox WHERE id = $1', [id]);
}

/**
 * Claims outbox rows older than `minAgeMs` (left by a crashed worker), hands them to `publish`
 * and deletes them in the same transaction once published. Returns how many were replayed.
 */
export async function replayOutbox(pool: Pool, minAgeMs: number, publish: (cells: ChangedCell[]) => Promise<void>, limit = 100): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ id: number; cells: ChangedCell[] }>(
      `SELECT id, cells FROM inventory_outbox
       WHERE created_at < now() - make_interval(secs => $1::float8 / 1000)
       ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [minAgeMs, limit],
    );
    for (const row of rows) await publish(row.cells);
    if (rows.length > 0) await client.query('DELETE FROM inventory_outbox WHERE id = ANY($1::bigint[])', [rows.map((r) => r.id)]);
    await client.query('COMMIT');
    return rows.length;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
