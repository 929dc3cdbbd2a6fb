/** The record of API CSV imports: report rows and their rejected lines (set-based inserts). */
import type { CsvImportReport, RejectedRow } from '../domain/import-report.ts';
import type { Pool } from './pool.ts';
import { withTransaction } from './transaction.ts';

export interface ImportRecord {
  import_id: string;
  file_name: string;
  sha256: string | null;
  status: 'running' | 'done' | 'failed';
  rows_read: number;
  accepted: number;
  rejected: number;
  rejects_truncated: boolean;
  error: string | null;
  started_at: string;
  finished_at: string | null;
}

export async function startImport(pool: Pool, importId: string, fileName: string): Promise<void> {
  await pool.query(`INSERT INTO event_imports (import_id, file_name, status) VALUES ($1, $2, 'running')`, [importId, fileName]);
}

export async function finishImport(pool: Pool, importId: string, report: CsvImportReport): Promise<void> {
  await withTransaction(
    pool,
    async (client) => {
      await client.query(
        `UPDATE event_imports SET status = 'done', sha256 = $2, rows_read = $3, accepted = $4, rejected = $5, rejects_truncated = $6, finished_at = now()
          WHERE import_id = $1`,
        [importId, report.sha256, report.rowsRead, report.accepted, report.rejected, report.rejectsTruncated],
      );
      if (report.rejects.length > 0) {
        const r = report.rejects;
        await client.query(
          `INSERT INTO event_import_rejects (import_id, line, code, field, reason, raw)
           SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[])`,
          [importId, r.map((x) => x.line), r.map((x) => x.code), r.map((x) => x.field ?? null), r.map((x) => x.message), r.map((x) => x.raw)],
        );
      }
    },
    'finishing an import report',
  );
}

export async function failImport(pool: Pool, importId: string, error: string): Promise<void> {
  await pool.query(`UPDATE event_imports SET status = 'failed', error = $2, finished_at = now() WHERE import_id = $1`, [importId, error]);
}

export async function getImport(pool: Pool, importId: string): Promise<ImportRecord | undefined> {
  const { rows } = await pool.query<ImportRecord>(
    `SELECT import_id, file_name, sha256, status, rows_read::int AS rows_read, accepted::int AS accepted, rejected::int AS rejected,
            rejects_truncated, error, started_at, finished_at
       FROM event_imports WHERE import_id = $1`,
    [importId],
  );
  return rows[0];
}

export async function importRejects(pool: Pool, importId: string): Promise<RejectedRow[]> {
  const { rows } = await pool.query<{ line: string; code: string; field: string | null; reason: string; raw: string }>(
    'SELECT line, code, field, reason, raw FROM event_import_rejects WHERE import_id = $1 ORDER BY line',
    [importId],
  );
  return rows.map((r) => ({ line: Number(r.line), code: r.code, ...(r.field ? { field: r.field } : {}), message: r.reason, raw: r.raw }));
}
