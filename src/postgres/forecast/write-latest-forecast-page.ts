import { CopyBinaryWriter } from '../copy-binary.ts';
import { copyIn } from '../copy-in.ts';
import type { PoolClient } from '../pool.ts';
import { pageRange, type ForecastPage } from './forecast-page.ts';

/**
 * Makes the page's forecasts with `methods` the latest forecast made for each day in the seed's
 * `shipment_forecast_daily` (a view, migration 014), on the caller's transaction. Per series
 * (cell × method):
 *
 * - its newest origin so far is older: the days from that origin's array up to `page.origin` are
 *   settled (their latest forecast can no longer change), and the page's horizon becomes the
 *   series' array in `shipment_forecast_latest` — one row per series, updated in place;
 * - it is this origin (a re-run): the array is replaced;
 * - it is newer (a restatement of an older origin): only the settled days between the two origins
 *   take this origin's forecast, where no origin between them made one.
 *
 * A day's run writes 2 rows per series (one array, one settled day) where a table of the seed's
 * shape took `horizon` (2.8 million rows a day at 100,000 cells, 18.2 s of a 30.3 s daily run).
 * The series go to a temporary table by binary COPY; each step is one set-based statement.
 * Callers run one forecast at a time (the jobs hold the daily lock): two origins written at once
 * over the same series could each settle from the array the other replaces. Returns rows written.
 *
 * @example
 * await withTransaction(pool, (client) => writeLatestForecastPage(client, page, new Set(['ma7', 'auto'])))
 */
export async function writeLatestForecastPage(
  client: PoolClient,
  page: ForecastPage,
  methods: ReadonlySet<string>,
  /** Called after each step with its name (the daily-run benchmark's breakdown). */
  lap: (step: string) => void = () => {},
): Promise<number> {
  const { origin, cells, horizon, qty } = page;
  const k = page.methods.length;
  const w = new CopyBinaryWriter(cells.length * 2 * (60 + 12 * horizon));
  let series = 0;
  for (let c = 0; c < cells.length; c++) {
    const { sku, location } = cells[c]!;
    for (let j = 0; j < k; j++) {
      const method = page.methods[j]!;
      if (!methods.has(method)) continue;
      w.row(4);
      w.text(sku);
      w.text(location);
      w.text(method);
      w.numericArray4(qty, (c * k + j) * horizon, horizon);
      series++;
    }
  }
  if (series === 0) return 0;
  await client.query('CREATE TEMP TABLE IF NOT EXISTS latest_forecast_page (sku text, location text, method text, qty numeric[]) ON COMMIT DELETE ROWS');
  await copyIn(client, 'COPY latest_forecast_page (sku, location, method, qty) FROM STDIN (FORMAT binary)', w.finish());
  lap('copy');
  const params = [origin, ...pageRange(page)];
  const inRange = (t: string): string => `(${t}.sku, ${t}.location) >= ($2::text, $3::text) AND (${t}.sku, ${t}.location) <= ($4::text, $5::text)`;
  // A settled day keeps the forecast of the newest origin that made one.
  const keepNewest = `ON CONFLICT (date, sku, location, method) DO UPDATE
       SET forecast_qty = excluded.forecast_qty, origin_day = excluded.origin_day, computed_at = excluded.computed_at
       WHERE s.origin_day IS NULL OR s.origin_day <= excluded.origin_day`;
  // Older newest origin: its days up to this origin are settled (one a day when no day was missed).
  const settled = await client.query(
    `INSERT INTO shipment_forecast_settled AS s (date, sku, location, method, forecast_qty, origin_day, computed_at)
     SELECT l.origin_day + h, l.sku, l.location, l.method, l.forecast_qty[h], l.origin_day, l.computed_at
     FROM shipment_forecast_latest l
     JOIN latest_forecast_page t ON t.sku = l.sku AND t.location = l.location AND t.method = l.method
     CROSS JOIN LATERAL generate_series(1, least($1::date - l.origin_day, cardinality(l.forecast_qty))) AS h
     WHERE l.origin_day < $1::date AND ${inRange('l')}
     ${keepNewest}`,
    params,
  );
  lap('settle');
  // Newer newest origin (a restatement): this origin's forecast for the days up to it, where no
  // origin between them made one (the day after this origin, which its run before made, and
  // after missed days older ones too), and for the days no origin made. One day per statement:
  // the day is a constant of the settled table's key, so each statement reads the page's range of
  // that day's key, never the whole table (a join on the day as a column had the planner hash the
  // entire settled table for each page).
  const newest = await client.query<{ days: number | null }>(
    `SELECT max(l.origin_day) - $1::date AS days FROM shipment_forecast_latest l WHERE ${inRange('l')}`,
    params,
  );
  let restated = 0;
  for (let h = 1; h <= Math.min(newest.rows[0]!.days ?? 0, horizon); h++) {
    const day = [...params, h];
    const updated = await client.query(
      `UPDATE shipment_forecast_settled s SET forecast_qty = t.qty[$6], origin_day = $1, computed_at = now()
       FROM latest_forecast_page t
       WHERE s.date = $1::date + $6::int AND s.sku = t.sku AND s.location = t.location AND s.method = t.method
         AND (s.origin_day IS NULL OR s.origin_day <= $1::date) AND ${inRange('s')}`,
      day,
    );
    const inserted = await client.query(
      `INSERT INTO shipment_forecast_settled (date, sku, location, method, forecast_qty, origin_day, computed_at)
       SELECT $1::date + $6::int, t.sku, t.location, t.method, t.qty[$6], $1, now()
       FROM latest_forecast_page t
       JOIN shipment_forecast_latest l ON l.sku = t.sku AND l.location = t.location AND l.method = t.method
       WHERE l.origin_day >= $1::date + $6::int AND ${inRange('l')}
         AND NOT EXISTS (SELECT 1 FROM shipment_forecast_settled s
                         WHERE s.date = $1::date + $6::int AND s.sku = t.sku AND s.location = t.location AND s.method = t.method
                           AND ${inRange('s')})
       ON CONFLICT (date, sku, location, method) DO NOTHING`,
      day,
    );
    restated += (updated.rowCount ?? 0) + (inserted.rowCount ?? 0);
  }
  lap('restated days');
  // This origin is the series' newest: its array, in place (heap-only at fillfactor 50).
  const updated = await client.query(
    `UPDATE shipment_forecast_latest l SET origin_day = $1, forecast_qty = t.qty, computed_at = now()
     FROM latest_forecast_page t
     WHERE l.sku = t.sku AND l.location = t.location AND l.method = t.method AND l.origin_day <= $1::date AND ${inRange('l')}`,
    params,
  );
  let rows = (settled.rowCount ?? 0) + restated;
  let arrays = updated.rowCount ?? 0;
  if (arrays < series) {
    // New series (new cells, a first run, a method added to the config); in a restatement of an
    // older origin, a conflict check per series that inserts nothing.
    const inserted = await client.query(
      `INSERT INTO shipment_forecast_latest (sku, location, method, origin_day, forecast_qty, computed_at)
       SELECT sku, location, method, $1, qty, now() FROM latest_forecast_page
       ON CONFLICT (sku, location, method) DO NOTHING`,
      [origin],
    );
    arrays += inserted.rowCount ?? 0;
  }
  rows += arrays;
  if (arrays > 0) {
    // The days the new arrays cover, for the list's walk (a restated older origin writes none).
    await client.query(
      'INSERT INTO shipment_forecast_latest_days (day) SELECT $1::date + h FROM generate_series(1, $2::int) AS h ON CONFLICT (day) DO NOTHING',
      [origin, horizon],
    );
  }
  lap('arrays');
  // Settled rows inside the days of an array this origin wrote would show a day twice. The job
  // never writes any (a series' settled days end at its newest origin), but a table migrated from
  // the seed's can hold some: looked for only when this origin wrote arrays (not in a restatement
  // of an older origin, whose settled days after it are the newer origins') and a settled day
  // after it exists at all (one probe).
  const later =
    arrays > 0 &&
    (
      await client.query<{ yes: boolean }>(
        'SELECT EXISTS (SELECT 1 FROM shipment_forecast_settled WHERE date > $1::date AND date <= $1::date + $2::int) AS yes',
        [origin, horizon],
      )
    ).rows[0]!.yes;
  if (later) {
    await client.query(
      `DELETE FROM shipment_forecast_settled s
       USING latest_forecast_page t, shipment_forecast_latest l
       WHERE s.sku = t.sku AND s.location = t.location AND s.method = t.method
         AND l.sku = t.sku AND l.location = t.location AND l.method = t.method AND l.origin_day = $1::date AND ${inRange('l')}
         AND s.date > $1::date AND s.date <= $1::date + $6::int AND ${inRange('s')}`,
      [...params, horizon],
    );
  }
  lap('migrated rows');
  return rows;
}
