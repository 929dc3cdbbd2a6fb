import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeEvent, deltaOf, INVALID_CODES } from '../../src/domain/rfid-event.ts';
import { WarehouseModel, type SimulatedMessage } from '../../src/simulate/warehouse-model.ts';
import { historyClock } from '../../src/simulate/history-clock.ts';

const NOW = Date.parse('2026-11-18T12:00:00Z'); // a Wednesday

function take(model: WarehouseModel, n: number, clock = () => NOW): SimulatedMessage[] {
  return Array.from({ length: n }, () => model.next(clock()));
}

test('the same seed and clock give the same messages, byte for byte; another seed does not', () => {
  const opts = { seed: 11, skus: 500, locations: 8, duplicateRate: 0.1, lateRate: 0.05, malformedRate: 0.05 };
  const a = take(new WarehouseModel(opts), 5_000).map((m) => `${m.key}\t${m.value}`);
  const b = take(new WarehouseModel(opts), 5_000).map((m) => `${m.key}\t${m.value}`);
  const c = take(new WarehouseModel({ ...opts, seed: 12 }), 5_000).map((m) => `${m.key}\t${m.value}`);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

test('fault proportions are within tolerance of the requested rates', () => {
  const model = new WarehouseModel({ seed: 3, skus: 1_000, duplicateRate: 0.1, lateRate: 0.05, malformedRate: 0.08 });
  const n = 50_000;
  const messages = take(model, n);
  const count = (k: string) => messages.filter((m) => m.kind === k).length;
  assert.ok(Math.abs(count('duplicate') / n - 0.1) < 0.01, `duplicates ${count('duplicate')}`);
  assert.ok(Math.abs(count('malformed') / n - 0.08) < 0.01, `malformed ${count('malformed')}`);
  const late = messages.filter((m) => m.late).length;
  assert.ok(Math.abs(late / count('valid') - 0.05) < 0.01, `late ${late}`);
  // Every invalid category is represented.
  assert.deepEqual(new Set(messages.filter((m) => m.malformedCode).map((m) => m.malformedCode)), new Set(INVALID_CODES));
  assert.equal(model.summary.messages, n);
  assert.equal(model.summary.duplicates, count('duplicate'));
});

test('the shared validator agrees with the model: valid ones decode, malformed ones get their declared code', () => {
  const model = new WarehouseModel({ seed: 5, skus: 200, duplicateRate: 0.05, lateRate: 0.1, malformedRate: 0.2 });
  for (const m of take(model, 10_000)) {
    const r = decodeEvent(Buffer.from(m.value), NOW);
    if (m.kind === 'malformed') {
      assert.equal(r.ok, false, m.value.slice(0, 200));
      assert.equal(!r.ok && r.error.code, m.malformedCode, m.value.slice(0, 200));
    } else {
      assert.equal(r.ok, true, `${m.value}: ${!r.ok ? r.error.message : ''}`);
      assert.equal(m.key, `${m.event!.sku}|${m.event!.location}`);
      assert.equal(m.value, JSON.stringify(m.event), 'the hand-built JSON is exactly JSON.stringify of the event');
    }
  }
});

test('expected stock equals an oracle recomputed from the messages alone', () => {
  const model = new WarehouseModel({ seed: 9, skus: 300, locations: 5, duplicateRate: 0.2, malformedRate: 0.1 });
  const messages = take(model, 20_000);
  const seen = new Set<string>();
  const stock = new Map<string, number>();
  for (const m of messages) {
    const r = decodeEvent(Buffer.from(m.value), NOW);
    if (!r.ok || seen.has(r.event.event_id)) continue;
    seen.add(r.event.event_id);
    const cell = `${r.event.sku}|${r.event.location}`;
    stock.set(cell, (stock.get(cell) ?? 0) + deltaOf(r.event));
  }
  assert.deepEqual(model.expectedStock(), stock);
  // Plausible warehouse: receiving is rarer than shipping, stock is mostly non-negative.
  const negatives = [...stock.values()].filter((q) => q < 0).length;
  assert.ok(negatives / stock.size < 0.05, `${negatives} of ${stock.size} cells negative`);
  assert.ok(model.summary.byType.OUT > model.summary.byType.IN);
  // Corrections point at an earlier event of the same cell.
  const ids = new Map<string, string>();
  for (const m of messages) if (m.event) ids.set(m.event.event_id, m.key);
  const corrections = messages.filter((m) => m.kind === 'valid' && m.event!.ref_event_id);
  assert.ok(corrections.length > 0);
  for (const m of corrections) assert.equal(ids.get(m.event!.ref_event_id!), m.key);
});

test('the history clock is ascending, inside the window, and busier on weekdays than on Sunday', () => {
  const end = Date.parse('2026-11-22T23:00:00Z');
  const times = [...historyClock(28_000, 28, end, 1)];
  assert.equal(times.length, 28_000);
  for (let i = 1; i < times.length; i++) assert.ok(times[i]! >= times[i - 1]!);
  assert.ok(times[0]! >= end - 28 * 86_400_000 && times.at(-1)! <= end);
  const byDay = [0, 0, 0, 0, 0, 0, 0];
  for (const t of times) byDay[new Date(t).getUTCDay()]!++;
  assert.ok(byDay[1]! > 3 * byDay[0]!, `Monday ${byDay[1]} vs Sunday ${byDay[0]}`);
});

test('bad rates are refused with a clear message', () => {
  assert.throws(() => new WarehouseModel({ seed: 1, duplicateRate: 1.5 }), /duplicateRate must be in \[0, 1\]/);
  assert.throws(() => new WarehouseModel({ seed: 1, skus: 0 }), /skus must be a positive integer/);
});
