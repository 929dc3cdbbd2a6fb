// SES and Holt–Winters against statsmodels on the same series with the same fixed parameters.
// The fixture is written by scripts/reference/forecast-fixtures.py (see there for the models).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { holtWinters } from '../../../src/domain/forecast/holt-winters.ts';
import { ses } from '../../../src/domain/forecast/ses.ts';

interface Case {
  series: string;
  model: 'ses' | 'holt_winters';
  params: { alpha: number; beta?: number; gamma?: number };
  forecast: number[];
  forecastFromStates?: number[];
}
interface Fixture {
  horizon: number;
  seasonLength: number;
  series: Record<string, number[]>;
  cases: Case[];
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/statsmodels.json', import.meta.url), 'utf8')) as Fixture;
const TOLERANCE = 1e-6;

function assertClose(actual: readonly number[], expected: readonly number[], label: string): void {
  assert.equal(actual.length, expected.length, label);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i]! - expected[i]!) <= TOLERANCE, `${label} h=${i + 1}: ${actual[i]} vs statsmodels ${expected[i]}`);
  }
}

test('the fixture covers every series, both models and the seasonal series', () => {
  assert.deepEqual(Object.keys(fixture.series).sort(), ['all_zero', 'intermittent', 'seasonal_weekly', 'short', 'smooth']);
  assert.ok(fixture.cases.some((c) => c.model === 'holt_winters' && c.series === 'seasonal_weekly'));
  assert.ok(fixture.cases.filter((c) => c.model === 'ses').length >= 10);
});

for (const c of fixture.cases) {
  test(`${c.model} ${JSON.stringify(c.params)} on ${c.series} matches statsmodels within ${TOLERANCE}`, () => {
    const history = fixture.series[c.series]!;
    if (c.model === 'ses') {
      assertClose(ses(history, fixture.horizon, c.params.alpha), c.forecast, `ses ${c.series}`);
      return;
    }
    const m = fixture.seasonLength;
    const ours = holtWinters(history, fixture.horizon, { alpha: c.params.alpha, beta: c.params.beta!, gamma: c.params.gamma!, seasonLength: m });
    // The textbook forecast from statsmodels' fitted states, every step.
    assertClose(ours, c.forecastFromStates!, `holt_winters ${c.series} (from states)`);
    // statsmodels' own forecast() on every step but h = m, 2m (where it reuses the seasonal state
    // from before the last update; see scripts/reference/forecast-fixtures.py).
    const notWholeSeasons = (_: number, i: number): boolean => (i + 1) % m !== 0;
    assertClose(ours.filter(notWholeSeasons), c.forecast.filter(notWholeSeasons), `holt_winters ${c.series} (forecast())`);
  });
}

test('Holt–Winters on a series shorter than two seasons falls back to SES with the same alpha', () => {
  const short = fixture.series.short!;
  assert.ok(short.length < 2 * fixture.seasonLength);
  const sesCase = fixture.cases.find((c) => c.series === 'short' && c.model === 'ses' && c.params.alpha === 0.1)!;
  assertClose(holtWinters(short, fixture.horizon, { alpha: 0.1, beta: 0.01, gamma: 0.1, seasonLength: 7 }), sesCase.forecast, 'fallback');
});
