/**
 * Daily jobs over HTTP: POST /v1/jobs/{name}/run (admin) answers 202 and the run appears in
 * GET /v1/jobs as done with the rows it wrote (the snapshot rows really exist); unknown job and bad
 * date 400; read key 403; the history's job and status filters and pages.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openApi, problemOf, type TestApi } from '../../support/api.ts';
import { openServices, type Services } from '../../support/services.ts';
import { makeTestEnv } from '../../support/test-env.ts';

const t = makeTestEnv('api-jobs', { RFID_RATE_LIMIT_PER_MIN: '0' });
let services: Services;
let api: TestApi;
let readKey: string;
let adminKey: string;

before(async () => {
  services = await openServices(t);
  api = await openApi(t.config, services);
  readKey = await api.key('read');
  adminKey = await api.key('admin');
  await services.pool.query(
    `INSERT INTO rfid_events (event_id, event_ts, event_type, sku, location, qty)
     VALUES (gen_random_uuid(), '2026-11-10T10:00:00Z', 'IN', 'J-1', 'L-1', 5),
            (gen_random_uuid(), '2026-11-10T11:00:00Z', 'IN', 'J-2', 'L-1', 3)`,
  );
});
after(async () => {
  await api.close();
  await services.close();
});

const post = (path: string, key: string | undefined, body?: unknown) => api.post(path, key, body);

interface Run {
  id: number;
  job: string;
  day: string;
  trigger: string;
  status: string;
  rows: number | null;
}

async function history(query: string): Promise<Run[]> {
  const res = await api.get(`/v1/jobs?limit=1000${query}`, readKey);
  assert.equal(res.statusCode, 200, res.body);
  return res.json().items;
}

/** Polls the history until the run finishes (the route answers before the job ends). */
async function finished(job: string, day: string): Promise<Run> {
  for (let n = 0; n < 600; n++) {
    const run = (await history(`&job=${job}`)).find((r) => r.day === day && r.status !== 'running');
    if (run) return run;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${job} ${day} did not finish`);
}

test('run snapshot for a day: 202, then recorded done in the history with its rows, and the snapshot rows exist', async () => {
  const res = await post('/v1/jobs/snapshot/run', adminKey, { date: '2026-11-10' });
  assert.equal(res.statusCode, 202, res.body);
  assert.deepEqual(res.json(), { job: 'snapshot', day: '2026-11-10', trigger: 'cli', status: 'started' });
  const run = await finished('snapshot', '2026-11-10');
  assert.equal(run.status, 'done');
  assert.equal(run.trigger, 'cli');
  assert.equal(run.rows, 2);
  const { rows } = await services.pool.query(`SELECT sku, qty_on_hand FROM inventory_snapshot_daily WHERE date = '2026-11-10' ORDER BY sku`);
  assert.deepEqual(rows, [
    { sku: 'J-1', qty_on_hand: 5 },
    { sku: 'J-2', qty_on_hand: 3 },
  ]);
  // Without a date: yesterday in RFID_TIMEZONE, like `rfid jobs run`.
  const plain = await post('/v1/jobs/alerts/run', adminKey);
  assert.equal(plain.statusCode, 202, plain.body);
  assert.equal((await finished('alerts', plain.json().day)).status, 'done');
});

test('unknown job or bad date 400; read key 403; no key 401', async () => {
  const unknown = await post('/v1/jobs/teleport/run', adminKey, {});
  assert.equal(unknown.statusCode, 400);
  assert.equal(problemOf(unknown).errors?.[0]?.field, 'params.name');
  for (const date of ['2026-02-30', '22-11-2026']) {
    const bad = await post('/v1/jobs/snapshot/run', adminKey, { date });
    assert.equal(bad.statusCode, 400, date);
    assert.equal(problemOf(bad).errors?.[0]?.field, 'body.date', date);
  }
  assert.equal((await post('/v1/jobs/snapshot/run', readKey, {})).statusCode, 403);
  assert.equal((await post('/v1/jobs/snapshot/run', undefined, {})).statusCode, 401);
  assert.equal((await api.get('/v1/jobs')).statusCode, 401);
});

test('history: job and status filters; pages newest first with no gap or overlap', async () => {
  await services.pool.query(
    `INSERT INTO daily_job_runs (job, day, trigger, status, worker_id)
     SELECT (ARRAY['forecast', 'reorder'])[1 + n % 2], '2026-11-01'::date + n, 'schedule', (ARRAY['done', 'failed'])[1 + n / 7 % 2], 'w'
     FROM generate_series(0, 13) n`,
  );
  const all = await history('');
  const paged: Run[] = [];
  let cursor: string | null = null;
  do {
    const res = await api.get(`/v1/jobs?limit=3${cursor ? `&cursor=${cursor}` : ''}`, readKey);
    assert.equal(res.statusCode, 200, res.body);
    paged.push(...res.json().items);
    cursor = res.json().next_cursor;
  } while (cursor);
  assert.deepEqual(
    paged.map((r) => r.id),
    all.map((r) => r.id),
  );
  assert.deepEqual(
    all.map((r) => r.id),
    [...all.map((r) => r.id)].sort((a, b) => b - a),
  );
  const failedForecasts = await history('&job=forecast&status=failed');
  assert.ok(failedForecasts.length > 0);
  assert.deepEqual(
    failedForecasts.map((r) => r.id),
    all.filter((r) => r.job === 'forecast' && r.status === 'failed').map((r) => r.id),
  );
  assert.equal((await api.get('/v1/jobs?status=maybe', readKey)).statusCode, 400);
});
