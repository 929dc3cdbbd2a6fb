/**
 * CopyBinaryWriter + copyIn against the real server: every type the ingest path writes goes in
 * through binary COPY and comes back exactly as written (read back as text where a JS number
 * would round, e.g. int8 beyond 2^53).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CopyBinaryWriter } from '../../src/postgres/copy-binary.ts';
import { copyIn } from '../../src/postgres/copy-in.ts';
import type { PoolClient } from '../../src/postgres/pool.ts';
import { openServices, type Services } from '../support/services.ts';
import { makeTestEnv } from '../support/test-env.ts';

const t = makeTestEnv('copybinary');
let services: Services;
let client: PoolClient;

before(async () => {
  services = await openServices(t);
  client = await services.pool.connect();
  await client.query('CREATE TEMP TABLE copy_target (n int, i4 int4, i8 int8, s text, u uuid, ts timestamptz)');
});
after(async () => {
  client.release();
  await services.close();
});

const COPY_SQL = 'COPY copy_target (n, i4, i8, s, u, ts) FROM STDIN (FORMAT binary)';

interface Row {
  i4: number | null;
  i8: bigint | null;
  s: string | null;
  u: string | null;
  tsMs: number | null;
}

function encode(rows: readonly Row[], initialBytes?: number): Buffer {
  const w = new CopyBinaryWriter(initialBytes);
  rows.forEach((r, n) => {
    w.row(6);
    w.int4(n);
    if (r.i4 === null) w.null();
    else w.int4(r.i4);
    if (r.i8 === null) w.null();
    else w.int8(r.i8);
    w.text(r.s);
    w.uuid(r.u);
    if (r.tsMs === null) w.null();
    else w.timestampMs(r.tsMs);
  });
  return w.finish();
}

interface ReadRow {
  i4: number | null;
  i8: string | null;
  s: string | null;
  u: string | null;
  ts: Date | null;
  ts_text: string | null;
  s_bytes: number | null;
}

async function readBack(): Promise<ReadRow[]> {
  const { rows } = await client.query<ReadRow>(
    `SELECT i4, i8::text AS i8, s, u::text AS u, ts,
            to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS ts_text,
            octet_length(s) AS s_bytes
     FROM copy_target ORDER BY n`,
  );
  return rows;
}

test('every type round-trips exactly through binary COPY', async () => {
  await client.query('TRUNCATE copy_target');
  const rows: Row[] = [
    { i4: 0, i8: 0n, s: '', u: '00000000-0000-0000-0000-000000000000', tsMs: Date.UTC(2000, 0, 1) },
    {
      i4: 2_147_483_647,
      i8: 9_223_372_036_854_775_807n,
      s: '재고 창고-A 📦',
      u: 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
      tsMs: Date.UTC(2026, 10, 23, 18, 30, 1, 987),
    },
    {
      i4: -2_147_483_648,
      i8: -9_223_372_036_854_775_808n,
      s: 'tab\there\nnewline \\ backslash "quote"',
      u: '0123abcd-4567-89ef-ABCD-0123456789Ab',
      tsMs: Date.UTC(1999, 11, 31, 23, 59, 59, 999),
    },
    { i4: -1, i8: 9_007_199_254_740_993n, s: '🦄👨‍👩‍👧', u: '7c9e6679-7425-40de-944b-e07fc1f90ae7', tsMs: Date.UTC(1970, 0, 1, 0, 0, 0, 1) },
    { i4: 42, i8: -1n, s: 'x', u: 'a1b2c3d4-e5f6-4a5b-8c9d-0e1f2a3b4c5d', tsMs: Date.UTC(1901, 0, 1, 12, 0, 0, 500) },
    { i4: null, i8: null, s: null, u: null, tsMs: null },
  ];
  await copyIn(client, COPY_SQL, encode(rows));
  const back = await readBack();
  assert.equal(back.length, rows.length);
  for (let i = 0; i < rows.length; i++) {
    const want = rows[i]!;
    const got = back[i]!;
    assert.equal(got.i4, want.i4, `row ${i} int4`);
    assert.equal(got.i8, want.i8 === null ? null : want.i8.toString(), `row ${i} int8`);
    assert.equal(got.s, want.s, `row ${i} text`);
    assert.equal(got.s_bytes, want.s === null ? null : Buffer.byteLength(want.s, 'utf8'), `row ${i} text bytes`);
    assert.equal(got.u, want.u === null ? null : want.u.toLowerCase(), `row ${i} uuid`);
    if (want.tsMs === null) {
      assert.equal(got.ts, null);
      assert.equal(got.ts_text, null);
    } else {
      assert.equal(got.ts!.getTime(), want.tsMs, `row ${i} timestamptz`);
      // Microsecond text from the server: the ms must land exactly, with zero microseconds.
      assert.equal(got.ts_text, new Date(want.tsMs).toISOString().replace('Z', '000Z'), `row ${i} timestamptz text`);
    }
  }
});

test('a writer that starts tiny grows to hold many rows', async () => {
  await client.query('TRUNCATE copy_target');
  const rows: Row[] = [];
  for (let i = 0; i < 3_000; i++) {
    rows.push({
      i4: i * 7 - 10_000,
      i8: BigInt(i) * 1_000_000_007n,
      s: `SKU-${i}-${'가'.repeat(i % 13)}${i % 5 === 0 ? '🎉' : ''}`,
      u: `${i.toString(16).padStart(8, '0')}-0000-4000-8000-${(i * 31).toString(16).padStart(12, '0')}`,
      tsMs: Date.UTC(2026, 0, 1) + i * 1_001,
    });
  }
  await copyIn(client, COPY_SQL, encode(rows, 64));
  const back = await readBack();
  assert.equal(back.length, rows.length);
  for (let i = 0; i < rows.length; i++) {
    const want = rows[i]!;
    const got = back[i]!;
    assert.deepEqual([got.i4, got.i8, got.s, got.u, got.ts!.getTime()], [want.i4, want.i8!.toString(), want.s, want.u, want.tsMs], `row ${i}`);
  }
});

test('a malformed UUID throws TypeError while encoding, so nothing reaches the server', async () => {
  await client.query('TRUNCATE copy_target');
  const good: Row = { i4: 1, i8: 1n, s: 'ok', u: '7c9e6679-7425-40de-944b-e07fc1f90ae7', tsMs: Date.UTC(2026, 0, 1) };
  const malformed = [
    'not-a-uuid',
    '7c9e6679-7425-40de-944b-e07fc1f90ae', // 31 hex digits
    '7c9e6679-7425-40de-944b-e07fc1f90ae7aa', // 34 hex digits
    '7g9e6679-7425-40de-944b-e07fc1f90ae7', // a non-hex letter
    '7c9e6679-7425-40de-944b-e07fc1f90a界7', // non-ASCII
    '',
  ];
  for (const u of malformed) {
    let copied = false;
    await assert.rejects(
      (async () => {
        const bytes = encode([good, { ...good, u }]);
        copied = true;
        await copyIn(client, COPY_SQL, bytes);
      })(),
      (e: unknown) => e instanceof TypeError && /not a UUID/.test(e.message),
      JSON.stringify(u),
    );
    assert.equal(copied, false, `${JSON.stringify(u)} was encoded`);
  }
  // The connection is not stuck in a COPY and the table is untouched.
  const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM copy_target');
  assert.equal(rows[0]!.n, 0);
});

test('a UUID with one hex digit too many (33) is refused', () => {
  const w = new CopyBinaryWriter();
  w.row(1);
  assert.throws(() => w.uuid('7c9e6679-7425-40de-944b-e07fc1f90ae7a'), TypeError);
});

test('a COPY the server refuses rejects and leaves nothing behind', async () => {
  await client.query('TRUNCATE copy_target');
  const w = new CopyBinaryWriter();
  w.row(2); // the COPY names six columns
  w.int4(1);
  w.int4(2);
  await assert.rejects(copyIn(client, COPY_SQL, w.finish()), (e: unknown) => (e as { code?: string }).code === '22P04');
  const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM copy_target');
  assert.equal(rows[0]!.n, 0);
});

test('numericArray4 and date: the same numeric (value and scale) as the text of the 4-decimal rounding, from a tiny writer that grows', async () => {
  await client.query('CREATE TEMP TABLE copy_numeric (n int, d date, q numeric[])');
  const series = [
    [0, 3 / 7, 3 / 7, 3 / 7],
    [12.5, 10_000, 123_456.00009, 0.00004, 0.00005, 1e9 + 0.25],
    [-2.75, -0.0001, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7],
    [],
  ];
  const w = new CopyBinaryWriter(16);
  series.forEach((s, n) => {
    w.row(3);
    w.int4(n);
    w.date(n === 0 ? '2000-01-01' : '2026-11-22');
    w.numericArray4(Float64Array.from(s), 0, s.length);
  });
  await copyIn(client, 'COPY copy_numeric (n, d, q) FROM STDIN (FORMAT binary)', w.finish());
  const { rows } = await client.query<{ d: string; q: string[] }>('SELECT d::text AS d, q::text[] AS q FROM copy_numeric ORDER BY n');
  assert.deepEqual(
    rows.map((r) => r.q),
    series.map((s) => s.map((v) => String(Math.round(v * 10_000) / 10_000))),
  );
  assert.deepEqual(
    rows.map((r) => r.d),
    ['2000-01-01', '2026-11-22', '2026-11-22', '2026-11-22'],
  );
});

test('float8Array, int4Array and textArray: the values in order; NaN and ±Infinity as NULL elements', async () => {
  await client.query('CREATE TEMP TABLE copy_arrays (n int, names text[], f float8[], i int4[])');
  const f = Float64Array.from([0.1 + 0.2, Number.NaN, -1e-300, Number.NEGATIVE_INFINITY, 1 / 3, 12_345.6789]);
  const i = Int32Array.from([7, -2_147_483_648, 0, 2_147_483_647, 5]);
  const names = [['ma7', 'sés', 'tab\there'], []];
  const w = new CopyBinaryWriter(8);
  w.row(4);
  w.int4(0);
  w.textArray(names[0]!);
  w.float8Array(f, 0, f.length);
  w.int4Array(i, 0, i.length);
  w.row(4);
  w.int4(1);
  w.textArray(names[1]!);
  w.float8Array(f, 4, 2);
  w.int4Array(i, 2, 0);
  await copyIn(client, 'COPY copy_arrays (n, names, f, i) FROM STDIN (FORMAT binary)', w.finish());
  const { rows } = await client.query<{ names: string[]; f: (number | null)[]; i: number[] }>('SELECT names, f, i FROM copy_arrays ORDER BY n');
  assert.deepEqual(rows, [
    { names: names[0], f: [0.1 + 0.2, null, -1e-300, null, 1 / 3, 12_345.6789], i: [7, -2_147_483_648, 0, 2_147_483_647, 5] },
    { names: [], f: [1 / 3, 12_345.6789], i: [] },
  ]);
});
