/**
 * Stock as of a past instant: `GET /v1/inventory/{sku}/{location}/as-of?at=` for one cell and
 * `GET /v1/inventory/as-of?at=&location=` for every SKU at a location (keyset-paginated by SKU).
 * Each cell = its latest trusted daily snapshot at or before the day before `at` + the ledger
 * from the end of that day to `at` (domain/stock-as-of.ts); without such a snapshot, the whole
 * ledger up to `at`. A late event is in the ledger at once, and marks its day for restatement,
 * which stops the stale snapshots from being used — so the answer is right before and after the
 * daily layer catches up.
 */
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { LIMITS } from '../../domain/rfid-event.ts';
import { lastSnapshotDayFor, ledgerStartAfter, parseInstant } from '../../domain/stock-as-of.ts';
import { RfidError } from '../../errors.ts';
import { findSnapshotsBefore } from '../../postgres/inventory/find-snapshots-before.ts';
import { listLocationSkus } from '../../postgres/inventory/list-location-skus.ts';
import { sumLedgerSince, type LedgerSum } from '../../postgres/inventory/sum-ledger-since.ts';
import type { Queryable } from '../../postgres/queryable.ts';
import type { ApiDeps } from '../api-deps.ts';
import { EXPORT_PAGE_ROWS } from '../export/keyset-pages.ts';
import { AS_OF_COLUMNS } from '../export/list-columns.ts';
import { exportIfAsked, FormatQuery, listOrFile } from '../export/list-export.ts';
import { PageOf, PageQuery, fetchLimit, isStringTuple, readPageQuery, toPage } from '../pagination.ts';
import { problemResponse } from '../problem.ts';
import { InstantParam, TextParam } from '../schemas.ts';
import { CellParams } from './inventory.ts';

const AsOfCell = Type.Object({
  sku: Type.String(),
  location: Type.String(),
  at: Type.String({ description: 'the instant, as UTC' }),
  qty_on_hand: Type.Integer({ description: 'Σ deltas of ledger events with event_ts ≤ at' }),
  snapshot_date: Type.Union([Type.String(), Type.Null()], { description: 'the daily snapshot the answer starts from; null = from the whole ledger' }),
  ledger_events: Type.Integer({ description: 'ledger events added on top of the snapshot' }),
});

const AtQuery = { at: InstantParam('the instant, ISO-8601 with an offset') };

interface AsOfRow {
  sku: string;
  location: string;
  at: string;
  qty_on_hand: number;
  snapshot_date: string | null;
  ledger_events: number;
}

function readAt(text: string): { ms: number; sql: string } {
  const at = parseInstant(text);
  if (at === undefined) {
    throw new RfidError(
      'INVALID_INPUT',
      `at=${JSON.stringify(text.slice(0, 60))} is not an ISO-8601 instant with an offset (years 1000–9999), e.g. 2026-03-08T12:00:00Z`,
      { field: 'querystring.at' },
    );
  }
  return at;
}

/** On-hand of each cell at `at`, with whether the cell exists at all (in input order). */
async function stockAsOf(
  db: Queryable,
  cells: ReadonlyArray<{ sku: string; location: string }>,
  at: { ms: number; sql: string },
  timeZone: string,
): Promise<Array<AsOfRow & { known: boolean }>> {
  const snapshots = await findSnapshotsBefore(db, cells, lastSnapshotDayFor(at.ms, timeZone));
  const byCell = new Map(snapshots.map((s) => [`${s.sku}\u0000${s.location}`, s]));
  const ends = new Map<string, string>(); // few distinct days: compute each day's end once
  const plan = cells.map((c) => {
    const s = byCell.get(`${c.sku}\u0000${c.location}`);
    if (s === undefined) return { ...c, since: null, snapshot: undefined };
    const since = ends.get(s.date) ?? ledgerStartAfter(s.date, timeZone);
    ends.set(s.date, since);
    return { ...c, since, snapshot: s };
  });
  const sums: LedgerSum[] = await sumLedgerSince(db, plan, at.sql);
  return plan.map((p, i) => ({
    sku: p.sku,
    location: p.location,
    at: at.sql,
    qty_on_hand: (p.snapshot?.qty_on_hand ?? 0) + sums[i]!.delta,
    snapshot_date: p.snapshot?.date ?? null,
    ledger_events: sums[i]!.events,
    known: sums[i]!.known,
  }));
}

/** Cells that existed at `at`: a cell whose first event came later has neither a snapshot nor ledger rows by then. */
const existed = (r: AsOfRow) => r.snapshot_date !== null || r.ledger_events > 0;

/** Every cell of a location as of `at`, a page of SKUs at a time (for the export). */
async function* asOfPages(db: Queryable, location: string, skuPrefix: string | undefined, at: { ms: number; sql: string }, timeZone: string) {
  let after: string | undefined;
  for (;;) {
    const skus = await listLocationSkus(db, location, {
      ...(after !== undefined ? { after } : {}),
      ...(skuPrefix ? { skuPrefix } : {}),
      limit: EXPORT_PAGE_ROWS,
    });
    const rows = (
      await stockAsOf(
        db,
        skus.map((sku) => ({ sku, location })),
        at,
        timeZone,
      )
    ).filter(existed);
    if (rows.length > 0) yield rows.map(({ known: _, ...r }) => r);
    if (skus.length < EXPORT_PAGE_ROWS) return;
    after = skus[skus.length - 1]!;
  }
}

export function registerInventoryAsOfRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const { pool } = deps;
  const zone = deps.config.timeZone;

  app.get(
    '/v1/inventory/:sku/:location/as-of',
    {
      schema: {
        tags: ['inventory'],
        summary: 'on-hand of one cell at a past instant (nearest snapshot + ledger since)',
        params: CellParams,
        querystring: Type.Object(AtQuery),
        response: {
          200: AsOfCell,
          400: problemResponse('a parameter is not valid'),
          404: problemResponse('no event ever touched this cell'),
          503: problemResponse('Postgres is unavailable'),
        },
      },
    },
    async (request) => {
      const { sku, location } = request.params as { sku: string; location: string };
      const at = readAt((request.query as { at: string }).at);
      const [row] = await stockAsOf(pool, [{ sku, location }], at, zone);
      if (!row!.known) throw new RfidError('NOT_FOUND', `no stock cell ${sku} @ ${location}: no event has touched it`);
      const { known: _, ...answer } = row!;
      return answer;
    },
  );

  app.get(
    '/v1/inventory/as-of',
    {
      schema: {
        tags: ['inventory'],
        summary: 'on-hand of every SKU at a location at a past instant, in SKU order, keyset-paginated (?format=csv|xlsx: all as a file)',
        querystring: Type.Object({
          ...AtQuery,
          location: TextParam(LIMITS.locationMaxLength, 'the location'),
          sku_prefix: Type.Optional(TextParam(LIMITS.skuMaxLength, 'only SKUs starting with this')),
          ...PageQuery,
          ...FormatQuery,
        }),
        response: { 200: listOrFile(PageOf(AsOfCell)), 400: problemResponse('a parameter is not valid'), 503: problemResponse('Postgres is unavailable') },
      },
    },
    async (request, reply) => {
      const q = request.query as { at: string; location: string; sku_prefix?: string; limit?: number; cursor?: string };
      const at = readAt(q.at);
      const file = exportIfAsked(request, reply, zone, {
        fileName: 'rfid-inventory-as-of',
        sheetName: 'inventory as of',
        columns: AS_OF_COLUMNS,
        pages: asOfPages(pool, q.location, q.sku_prefix, at, zone),
      });
      if (file) return file;
      const { limit, after } = readPageQuery(q, isStringTuple(1));
      const skus = await listLocationSkus(pool, q.location, {
        ...(after ? { after: after[0]! } : {}),
        ...(q.sku_prefix ? { skuPrefix: q.sku_prefix } : {}),
        limit: fetchLimit(limit),
      });
      const rows = await stockAsOf(
        pool,
        skus.slice(0, limit).map((sku) => ({ sku, location: q.location })),
        at,
        zone,
      );
      // Cells whose first event came after `at` did not exist yet: left out, but the page's
      // cursor still moves past them.
      const page = toPage(
        skus.map((sku) => ({ sku })),
        limit,
        (r) => [r.sku],
      );
      return { items: rows.filter(existed).map(({ known: _, ...r }) => r), next_cursor: page.next_cursor };
    },
  );
}
