/**
 * One business day's full daily run at scale (issue 10's benchmark, on a ledger written straight
 * into Postgres rather than through Kafka): `--cells` cells with `--days` days of history (one
 * receipt a week and shipments on about half the days, a weekly pattern), the snapshots and the
 * forecasts of the days before in place, then the timed run of the last day: snapshot, forecast (every method,
 * backtest, auto), reorder, alerts; then the restatement of a late event from 3 days before.
 *
 *   bash scripts/bench.sh daily-run [--cells 100000] [--days 90] [--first-forecast] [--json]
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { addDays, businessDayOf } from '../src/domain/business-day.ts';
import { DAILY_JOBS } from '../src/jobs/daily-jobs.ts';
import type { JobContext } from '../src/jobs/job-context.ts';
import { restateDirtyDays } from '../src/jobs/restate-dirty-days.ts';
import { createLogger } from '../src/logger.ts';
import { syncTimeZone } from '../src/postgres/daily/sync-time-zone.ts';
import { writeSnapshot } from '../src/postgres/daily/write-snapshot.ts';
import { historyDays } from '../src/jobs/tasks/forecast-day.ts';
import { readDailyOut } from '../src/postgres/forecast/read-daily-out.ts';
import { benchEnv, machine, table } from './lib/bench-env.ts';
import { cpuSeconds } from './lib/process-cpu.ts';
import { sideBySide } from './lib/statsmodels-side-by-side.ts';

const { values } = parseArgs({
  options: {
    cells: { type: 'string', default: '100000' },
    days: { type: 'string', default: '90' },
    sample: { type: 'string', default: '200' },
    'first-forecast': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const cells = Number(values.cells);
const days = Number(values.days);
const ZONE = 'Asia/Seoul';

const bench = await benchEnv('dailyrun', { RFID_TIMEZONE: ZONE });
try {
  const { pool, config } = bench;
  await syncTimeZone(pool, ZONE);
  // Where the time goes inside each step (ms per step and phase), summed over the pages.
  let phases = new Map<string, number>();
  const onPhase = (step: string, phase: string, ms: number): void => {
    const key = `${step}: ${phase}`;
    phases.set(key, (phases.get(key) ?? 0) + ms);
  };
  const ctx: JobContext = { pool, config, logger: createLogger('warn', 'bench'), workerId: 'bench', onPhase };
  const last = addDays(businessDayOf(Date.now(), ZONE), -1);
  const first = addDays(last, -(days - 1));
  const t0 = Date.now();
  // The late-day trigger would mark every loaded day: off for the load, on again after.
  await pool.query('ALTER TABLE rfid_events DISABLE TRIGGER rfid_events_late_days');
  const load = await pool.query(
    `INSERT INTO rfid_events (event_id, event_ts, event_type, sku, location, qty)
     SELECT gen_random_uuid(), ($1::date + d)::timestamp AT TIME ZONE $3 + interval '10 hours' + (c % 600) * interval '1 minute',
       CASE WHEN d % 7 = c % 7 THEN 'IN' ELSE 'OUT' END, 'SKU-' || (c / 20), 'LOC-' || (c % 20),
       CASE WHEN d % 7 = c % 7 THEN 40 ELSE 1 + (d * 7 + c) % 5 END
     FROM generate_series(0, $2::int - 1) c, generate_series(0, $4::int - 1) d
     WHERE d % 7 = c % 7 OR (hashint4(c * 1000 + d) & 1) = 0`,
    [first, cells, ZONE, days],
  );
  await pool.query('ALTER TABLE rfid_events ENABLE TRIGGER rfid_events_late_days');
  await pool.query('ANALYZE rfid_events');
  const loadMs = Date.now() - t0;
  // Snapshots of the history up to the day before (the chain the run continues), and the
  // forecasts of the days before (untimed): the timed day is a day like every other, whose run
  // moves the forecasts on by a day, not the first forecast ever made (which writes every series'
  // first row: `--first-forecast` times that instead).
  const t1 = Date.now();
  await writeSnapshot(pool, addDays(last, -4), ZONE);
  for (let k = 3; k >= 1; k--) await writeSnapshot(pool, addDays(last, -k), ZONE);
  if (!values['first-forecast']) for (let k = 3; k >= 1; k--) await DAILY_JOBS.forecast(ctx, addDays(last, -k));
  phases = new Map();
  const prepMs = Date.now() - t1;

  // CPU seconds of this process and of every backend of the run's database (the asking one
  // included: which pool connection asks changes between samples), a figure less bent by the
  // other work on a shared machine than the wall clock.
  const cpuNow = async (): Promise<{ node: number; backends: Map<number, number> }> => {
    const pids = (await pool.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()')).rows.map((r) => r.pid);
    const usage = process.cpuUsage();
    return { node: (usage.user + usage.system) / 1e6, backends: new Map(pids.map((pid) => [pid, cpuSeconds([pid])])) };
  };
  const cpuSince = async (a: Awaited<ReturnType<typeof cpuNow>>): Promise<{ node: number; postgres: number }> => {
    const b = await cpuNow();
    let postgres = 0;
    for (const [pid, s] of b.backends) postgres += s - (a.backends.get(pid) ?? 0);
    return { node: b.node - a.node, postgres };
  };
  const timings: Array<[string, number, number]> = [];
  const cpu: Record<string, { node: number; postgres: number }> = {};
  for (const job of ['snapshot', 'forecast', 'reorder', 'alerts'] as const) {
    const cpu0 = await cpuNow();
    const started = Date.now();
    const rows = await DAILY_JOBS[job](ctx, last);
    timings.push([job, Date.now() - started, rows]);
    cpu[job] = await cpuSince(cpu0);
  }
  const dayMs = timings.reduce((s, [, ms]) => s + ms, 0);
  const dayPhases = phases;
  phases = new Map();

  // A late shipment for 3 days ago, then its restatement (that day and the two after it).
  await pool.query(
    `INSERT INTO rfid_events (event_id, event_ts, event_type, sku, location, qty) VALUES (gen_random_uuid(), ($1::date)::timestamp AT TIME ZONE $2 + interval '12 hours', 'OUT', 'SKU-0', 'LOC-0', 1)`,
    [addDays(last, -2), ZONE],
  );
  const cpuRestate0 = await cpuNow();
  const t2 = Date.now();
  const restated = await restateDirtyDays(ctx);
  const restateMs = Date.now() - t2;
  cpu.restatement = await cpuSince(cpuRestate0);
  const restatePhases = phases;

  // The same forecasts through statsmodels on a sample of the run's series (spread over the key order).
  const { forecastHorizonDays: horizon, backtestWeeks } = config.daily;
  const sampleCells = (
    await pool.query<{ sku: string; location: string }>(
      'SELECT sku, location FROM inventory_snapshot_daily WHERE date = $1 ORDER BY hashtext(sku || location) LIMIT $2',
      [last, Number(values.sample)],
    )
  ).rows;
  const sampleSeries = await readDailyOut(pool, sampleCells, addDays(last, -(historyDays(backtestWeeks) - 1)), last, ZONE);
  const statsmodels = sideBySide(sampleSeries, horizon, backtestWeeks);
  const mathMs = (dayPhases.get('forecast: forecast') ?? 0) + (dayPhases.get('forecast: backtest') ?? 0);

  const result = {
    machine: machine(),
    cells,
    days,
    ledgerRows: load.rowCount ?? 0,
    loadMs,
    previousDaysMs: prepMs,
    day: last,
    jobs: Object.fromEntries(timings.map(([job, ms, rows]) => [job, { ms, rows }])),
    dayMs,
    restated,
    restateMs,
    restatePerDayMs: Math.round(restateMs / Math.max(1, restated.length)),
    dayPhases: Object.fromEntries([...dayPhases].map(([k, ms]) => [k, Math.round(ms)])),
    restatePhases: Object.fromEntries([...restatePhases].map(([k, ms]) => [k, Math.round(ms)])),
    cpu,
    load: os.loadavg(),
    statsmodels,
    oursInRunSeriesPerSecond: mathMs > 0 ? Math.round((cells / mathMs) * 1000) : null,
  };
  if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else {
    process.stdout.write(
      `daily run: ${cells.toLocaleString('en-US')} cells × ${days} days (${result.ledgerRows.toLocaleString('en-US')} ledger rows, loaded in ${(loadMs / 1000).toFixed(1)} s)\n`,
    );
    process.stdout.write(`${table(Object.entries(machine()).map(([k, v]) => [k, v]))}\n`);
    process.stdout.write(
      `${table([
        ...timings.map(([job, ms, rows]): [string, string] => [
          job,
          `${(ms / 1000).toFixed(2)} s  (${rows.toLocaleString('en-US')} rows; CPU node ${cpu[job]!.node.toFixed(2)} s, Postgres ${cpu[job]!.postgres.toFixed(2)} s)`,
        ]),
        ['one day, all jobs', `${(dayMs / 1000).toFixed(2)} s`],
        [
          `restatement of ${restated.length} days`,
          `${(restateMs / 1000).toFixed(2)} s (${(result.restatePerDayMs / 1000).toFixed(2)} s per day; CPU node ${cpu.restatement!.node.toFixed(2)} s, Postgres ${cpu.restatement!.postgres.toFixed(2)} s)`,
        ],
        [
          'load average (1, 5, 15 min) at the end',
          os
            .loadavg()
            .map((v) => v.toFixed(1))
            .join(', '),
        ],
      ])}\n`,
    );
    const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
    process.stdout.write(`where the day's time goes (summed over pages):\n`);
    process.stdout.write(`${table([...dayPhases].map(([k, ms]): [string, string] => [k, seconds(ms)]))}\n`);
    process.stdout.write(`where the restatement's time goes (all ${restated.length} days):\n`);
    process.stdout.write(`${table([...restatePhases].map(([k, ms]): [string, string] => [k, seconds(ms)]))}\n`);
    const sm = statsmodels;
    process.stdout.write(
      `side by side, ${sm.series} of the run's series (${historyDays(backtestWeeks)} days), every method + backtest + auto:\n${table([
        ['ours (computeForecastPage, same sample)', `${sm.oursSeriesPerSecond.toLocaleString('en-US')} series/s`],
        ['ours in this run (forecast + backtest phases)', `${(result.oursInRunSeriesPerSecond ?? 0).toLocaleString('en-US')} series/s`],
        [`statsmodels ${sm.statsmodels} (+ Python for ma7 and the Croston family)`, `${sm.statsmodelsSeriesPerSecond} series/s`],
        ['statsmodels, forecasts only (no backtest)', `${sm.statsmodelsForecastOnlySeriesPerSecond} series/s`],
        ['ratio ours / statsmodels', `${sm.ratio.toLocaleString('en-US')}×`],
        ['largest difference: SES / Holt–Winters (h ≠ 7, 14)', `${sm.maxDiffSes.toExponential(1)} / ${sm.maxDiffHoltWinters.toExponential(1)}`],
      ])}\n`,
    );
  }
} finally {
  await bench.cleanup();
}
