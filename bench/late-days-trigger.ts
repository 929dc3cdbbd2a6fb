/**
 * Cost of the late-day trigger on the ledger (issue 10): the time of one 10,000-row INSERT into
 * `rfid_events` (the ingest's statement shape: one `unnest` of arrays, its own transaction) with
 * the statement-level trigger disabled, enabled with no late row, enabled with 1% late rows, and
 * enabled with every row late (spread over 30 days). The trigger's own time comes from EXPLAIN
 * ANALYZE (the whole insert's time on a shared 2-core machine varies by more than the trigger
 * costs). Median and p90 of `--rounds` inserts each, the variants interleaved so drift hits them
 * alike, on a ledger that grows as it goes.
 *
 *   bash scripts/bench.sh late-days-trigger [--rounds 30] [--rows 10000] [--json]
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { withTransaction } from '../src/postgres/transaction.ts';
import { benchEnv, machine, percentile, table } from './lib/bench-env.ts';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '30' }, rows: { type: 'string', default: '10000' }, json: { type: 'boolean', default: false } },
});
const rounds = Number(values.rounds);
const rows = Number(values.rows);

const VARIANTS = [
  { name: 'trigger off', trigger: false, lateShare: 0 },
  { name: 'trigger on, no late rows', trigger: true, lateShare: 0 },
  { name: 'trigger on, 1% late rows', trigger: true, lateShare: 0.01 },
  { name: 'trigger on, all rows late', trigger: true, lateShare: 1 },
] as const;

const bench = await benchEnv('latedays');
try {
  const { pool } = bench;
  const times = new Map<string, number[]>(VARIANTS.map((v) => [v.name, []]));
  const triggerTimes = new Map<string, number[]>(VARIANTS.map((v) => [v.name, []]));
  const batch = (lateShare: number) => {
    const now = Date.now();
    const ts: string[] = [];
    for (let i = 0; i < rows; i++) {
      const late = i < rows * lateShare;
      ts.push(new Date(late ? now - (1 + (i % 30)) * 86_400_000 : now - (i % 1000)).toISOString());
    }
    return [
      Array.from({ length: rows }, () => randomUUID()),
      ts,
      Array.from({ length: rows }, (_, i) => (i % 3 === 0 ? 'OUT' : 'IN')),
      Array.from({ length: rows }, (_, i) => `SKU-${i % 5000}`),
      Array.from({ length: rows }, (_, i) => `LOC-${i % 20}`),
      Array.from({ length: rows }, () => 1),
    ];
  };
  for (let round = -2; round < rounds; round++) {
    for (const v of VARIANTS) {
      const params = batch(v.lateShare);
      await pool.query(`ALTER TABLE rfid_events ${v.trigger ? 'ENABLE' : 'DISABLE'} TRIGGER rfid_events_late_days`);
      const started = process.hrtime.bigint();
      // EXPLAIN ANALYZE runs the insert for real and times each trigger apart from it.
      const plan = await withTransaction(pool, (client) =>
        client.query<{ 'QUERY PLAN': Array<{ Triggers?: Array<{ 'Trigger Name': string; Time: number }> }> }>(
          `EXPLAIN (ANALYZE, FORMAT JSON) INSERT INTO rfid_events (event_id, event_ts, event_type, sku, location, qty)
             SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::int[])`,
          params,
        ),
      );
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const triggerMs = plan.rows[0]!['QUERY PLAN'][0]!.Triggers?.find((t) => t['Trigger Name'] === 'rfid_events_late_days')?.Time ?? 0;
      if (round >= 0) {
        // two warm-up rounds
        times.get(v.name)!.push(ms);
        triggerTimes.get(v.name)!.push(triggerMs);
      }
    }
  }
  const summary = VARIANTS.map((v) => {
    const sorted = [...times.get(v.name)!].sort((a, b) => a - b);
    const trigger = [...triggerTimes.get(v.name)!].sort((a, b) => a - b);
    return {
      variant: v.name,
      insert_median_ms: Number(percentile(sorted, 50).toFixed(2)),
      insert_p90_ms: Number(percentile(sorted, 90).toFixed(2)),
      trigger_median_ms: Number(percentile(trigger, 50).toFixed(3)),
      trigger_p90_ms: Number(percentile(trigger, 90).toFixed(3)),
    };
  });
  const ledger = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM rfid_events');
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ machine: machine(), rows, rounds, ledgerRows: ledger.rows[0]!.n, summary })}\n`);
  } else {
    process.stdout.write(
      `late-day trigger: ${rounds} inserts of ${rows.toLocaleString('en-US')} rows per variant (ledger ends at ${ledger.rows[0]!.n.toLocaleString('en-US')} rows)\n`,
    );
    process.stdout.write(`${table(Object.entries(machine()).map(([k, v]) => [k, v]))}\n`);
    process.stdout.write(
      `${table(summary.map((s) => [s.variant, `trigger median ${s.trigger_median_ms} ms  p90 ${s.trigger_p90_ms} ms  |  whole insert + commit median ${s.insert_median_ms} ms  p90 ${s.insert_p90_ms} ms`]))}\n`,
    );
  }
} finally {
  await bench.cleanup();
}
