import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accuracy } from '../../../src/domain/forecast/accuracy.ts';
import { autoEligible, averageDemandInterval, backtest, chooseAuto, type BacktestResult } from '../../../src/domain/forecast/backtest.ts';
import { forecast, FORECAST_METHODS } from '../../../src/domain/forecast/methods.ts';
import { seededRandom } from '../../../src/simulate/seeded-random.ts';

const WEEK = [12, 10, 9, 11, 15, 24, 20];

function seasonalSeries(seed: number, days = 56): number[] {
  const rand = seededRandom(seed);
  return Array.from({ length: days }, (_, i) => Math.max(0, Math.round(WEEK[i % 7]! + (rand() + rand() + rand() - 1.5) * 3)));
}

function intermittentSeries(seed: number, days = 56): number[] {
  const rand = seededRandom(seed);
  return Array.from({ length: days }, () => (rand() < 0.2 ? 1 + Math.floor(rand() * 8) : 0));
}

test('origins: weekly, back from the last day, within the last N weeks, each scored on the days it has', () => {
  const history = seasonalSeries(1);
  const [r] = backtest(history, { weeks: 4, horizon: 14, methods: ['ma7'] });
  // Origins at days 48, 41, 34, 27 (n = 56): scored on 7 + 14 + 14 + 14 days.
  assert.equal(r!.origins, 4);
  assert.equal(r!.accuracy.points, 49);
  // Rebuild the pooled WAPE by hand from forecast() on each origin's history.
  const actual: number[] = [];
  const predicted: number[] = [];
  for (const t of [48, 41, 34, 27]) {
    const f = forecast('ma7', history.slice(0, t + 1), 14);
    for (let h = 1; h <= Math.min(14, 55 - t); h++) {
      actual.push(history[t + h]!);
      predicted.push(f[h - 1]!);
    }
  }
  const expected = accuracy(actual, predicted, history.slice(0, 28), 7);
  assert.ok(Math.abs(r!.accuracy.wape! - expected.wape!) < 1e-12);
  assert.ok(Math.abs(r!.accuracy.bias! - expected.bias!) < 1e-12);
  assert.ok(Math.abs(r!.accuracy.mase! - expected.mase!) < 1e-12);
});

test('minHistory and weeks bound the origins; too short a series has none', () => {
  const history = seasonalSeries(2, 30);
  // weeks 4 allows origins 22, 15, 8, 1; minHistory 14 keeps 22 and 15.
  assert.equal(backtest(history, { weeks: 4, horizon: 14, methods: ['ses'] })[0]!.origins, 2);
  assert.equal(backtest(history, { weeks: 1, horizon: 14, methods: ['ses'] })[0]!.origins, 1);
  const none = backtest([1, 2, 3], { weeks: 4, horizon: 14 });
  assert.equal(none.length, FORECAST_METHODS.length);
  for (const r of none) assert.deepEqual({ ...r.accuracy, origins: r.origins }, { wape: null, mase: null, bias: null, points: 0, origins: 0 });
  assert.equal(chooseAuto(none).method, 'ma7');
});

test('a weekly-seasonal series picks holt_winters', () => {
  for (let seed = 1; seed <= 20; seed++) {
    const choice = chooseAuto(backtest(seasonalSeries(seed), { weeks: 4, horizon: 14 }));
    assert.equal(choice.method, 'holt_winters', `seed ${seed}: ${choice.reason}`);
  }
});

test('an intermittent series picks a Croston-family method', () => {
  for (let seed = 1; seed <= 20; seed++) {
    const history = intermittentSeries(seed);
    assert.ok(averageDemandInterval(history) > 1.32);
    const results = backtest(history, { weeks: 4, horizon: 14 });
    const choice = chooseAuto(results);
    assert.ok(['croston', 'croston_sba', 'tsb'].includes(choice.method), `seed ${seed}: ${choice.method} (${choice.reason})`);
    // Every method is still scored and reported.
    assert.equal(results.filter((r) => r.accuracy.wape !== null).length, FORECAST_METHODS.length);
  }
});

test('eligibility: every method on a smooth series, the Croston family on an intermittent one', () => {
  const smooth = seasonalSeries(3);
  for (const m of FORECAST_METHODS) assert.equal(autoEligible(m, smooth), true, m);
  const sparse = [0, 0, 4, 0, 0, 0, 2, 0];
  assert.deepEqual(
    FORECAST_METHODS.filter((m) => autoEligible(m, sparse)),
    ['croston', 'croston_sba', 'tsb'],
  );
  assert.equal(averageDemandInterval([0, 0, 0]), Number.POSITIVE_INFINITY);
});

function result(method: BacktestResult['method'], wape: number | null, mase: number | null, eligible?: boolean): BacktestResult {
  return { method, accuracy: { wape, mase, bias: 0, points: 10 }, origins: 2, ...(eligible === undefined ? {} : { eligible }) };
}

test('chooseAuto: lowest WAPE, ties by MASE, then the simpler method; ineligible and unscored skipped', () => {
  assert.equal(chooseAuto([result('ses', 0.5, 1), result('tsb', 0.4, 2), result('ma7', 0.6, 0.1)]).method, 'tsb');
  assert.equal(chooseAuto([result('ses', 0.4, 1), result('tsb', 0.4, 0.9)]).method, 'tsb');
  assert.equal(chooseAuto([result('holt_winters', 0.4, 0.9), result('ses', 0.4, 0.9)]).method, 'ses');
  // Float noise is a tie.
  assert.equal(chooseAuto([result('tsb', 0.4, 1), result('croston', 0.4 + 1e-15, 1)]).method, 'croston');
  assert.equal(chooseAuto([result('holt_winters', 0.1, 0.1, false), result('tsb', 0.4, 1, true)]).method, 'tsb');
  assert.equal(chooseAuto([result('holt_winters', null, 0.1), result('ses', 0.9, 1)]).method, 'ses');
  const fallback = chooseAuto([result('tsb', null, null), result('ses', null, 1)]);
  assert.equal(fallback.method, 'ma7');
  assert.match(fallback.reason, /no backtest result/);
  assert.match(chooseAuto([result('ses', 0.5, 1), result('tsb', 0.4, 2)]).reason, /WAPE 0\.4000.*next ses/);
});
