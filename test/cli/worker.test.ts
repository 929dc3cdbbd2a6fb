import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runMigrations } from 'graphile-worker';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import { addDays, businessDayOf, dayRange } from '../../src/domain/business-day.ts';
import { insertEvents, openDailyDb, readSnapshot, snapshotOracle, type DailyDb, type LedgerEvent } from '../support/daily-db.ts';

const ZONE = 'Pacific/Auckland';
let db: DailyDb;
before(async () => {
  db = await openDailyDb('worker', { RFID_TIMEZONE: ZONE, RFID_DAILY_RUN_AT: '00:00', RFID_FORECAST_HORIZON_DAYS: '3' });
  await runMigrations({ pgPool: db.pool });
});
after(() => db.close());

function startWorker(id: string): { child: ChildProcess; exited: Promise<number | null>; log: () => string } {
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'src/cli/main.ts'), 'worker'], {
    env: { ...process.env, ...db.t.env, RFID_WORKER_ID: id, LOG_LEVEL: 'info' } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr!.on('data', (d: Buffer) => (log += d));
  return { child, exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))), log: () => log };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, limitMs = 150_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await sleep(250);
  }
}

test('two `rfid worker` replicas: each business day runs once; a late event is restated by the next minute’s run; SIGTERM stops both cleanly', async () => {
  const yesterday = addDays(businessDayOf(Date.now(), ZONE), -1);
  const events: LedgerEvent[] = dayRange(addDays(yesterday, -3), yesterday).map((d) => ({
    event_ts: `${d}T00:00:00Z`,
    event_type: 'IN',
    sku: 'A',
    location: 'L1',
    qty: 3,
  }));
  await insertEvents(db.pool, events);
  await db.pool.query('DELETE FROM daily_dirty_days');
  const workers = [startWorker('w1'), startWorker('w2')];
  try {
    await until('the scheduled run of yesterday', async () => {
      const r = await db.pool.query("SELECT 1 FROM daily_job_runs WHERE job = 'day' AND trigger = 'schedule' AND status = 'done' AND day = $1", [yesterday]);
      return r.rowCount ? true : undefined;
    });
    assert.deepEqual(await readSnapshot(db.pool, yesterday), snapshotOracle(events, yesterday, ZONE));

    const late: LedgerEvent = { event_ts: `${yesterday}T01:00:00Z`, event_type: 'OUT', sku: 'A', location: 'L1', qty: 2 };
    await insertEvents(db.pool, [late]);
    await until('the restatement of yesterday', async () => {
      const r = await db.pool.query("SELECT 1 FROM daily_job_runs WHERE job = 'day' AND trigger = 'restate' AND status = 'done' AND day = $1", [yesterday]);
      return r.rowCount ? true : undefined;
    });
    assert.deepEqual(await readSnapshot(db.pool, yesterday), snapshotOracle([...events, late], yesterday, ZONE));
    const dirty = await db.pool.query('SELECT count(*)::int AS n FROM daily_dirty_days');
    assert.equal(dirty.rows[0]!.n, 0);
  } finally {
    for (const w of workers) w.child.kill('SIGTERM');
  }
  const codes = await Promise.all(workers.map((w) => w.exited));
  assert.deepEqual(codes, [0, 0], workers.map((w) => w.log()).join('\n'));
  const runs = await db.pool.query<{ day: string; n: number }>(
    "SELECT day::text AS day, count(*)::int AS n FROM daily_job_runs WHERE job = 'day' AND trigger = 'schedule' GROUP BY day",
  );
  assert.deepEqual(runs.rows, [{ day: yesterday, n: 1 }]);
  const restates = await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM daily_job_runs WHERE job = 'day' AND trigger = 'restate'");
  assert.equal(restates.rows[0]!.n, 1);
});
