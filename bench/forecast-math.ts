/**
 * Speed of the daily layer's pure math (issue 10), no services: for N series × D days of history
 * (default 200,000 × 56, a mix of weekly-seasonal and intermittent demand), every forecast method
 * over a 14-day horizon, the rolling-origin backtest (4 weekly origins, 6 methods), the auto choice
 * and the reorder signal. Prints the time per stage and per series.
 *
 *   node bench/forecast-math.ts [--series 200000] [--days 56]
 */
import { parseArgs } from 'node:util';
import { backtest, chooseAuto } from '../src/domain/forecast/backtest.ts';
import { FORECAST_METHODS, forecast } from '../src/domain/forecast/methods.ts';
import { reorderSignal } from '../src/domain/reorder.ts';
import { seededRandom } from '../src/simulate/seeded-random.ts';

const { values } = parseArgs({ options: { series: { type: 'string', default: '200000' }, days: { type: 'string', default: '56' } } });
const seriesCount = Number(values.series);
const days = Number(values.days);
const HORIZON = 14;
const WEEK = [12, 10, 9, 11, 15, 24, 20];

const rand = seededRandom(2026);
const histories: number[][] = [];
for (let s = 0; s < seriesCount; s++) {
  const h = new Array<number>(days);
  if (s % 5 < 2) {
    const scale = 0.2 + rand() * 3;
    for (let i = 0; i < days; i++) h[i] = Math.max(0, Math.round(scale * WEEK[i % 7]! + (rand() - 0.5) * 6));
  } else {
    const p = 0.05 + rand() * 0.4;
    for (let i = 0; i < days; i++) h[i] = rand() < p ? 1 + Math.floor(rand() * 8) : 0;
  }
  histories.push(h);
}

// CPU time beside wall time: on a shared machine the wall clock includes other people's work.
function timed(label: string, run: () => number): void {
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const checksum = run();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(
    `${label.padEnd(36)} wall ${ms.toFixed(0).padStart(6)} ms  cpu ${cpuMs.toFixed(0).padStart(6)} ms  ${((cpuMs * 1e6) / seriesCount).toFixed(0).padStart(6)} ns/series cpu  (checksum ${checksum.toFixed(1)})`,
  );
}

console.log(`${seriesCount} series × ${days} days, horizon ${HORIZON}, node ${process.version}`);
let chosen: string[] = [];
let totalMs = 0;
const started = process.hrtime.bigint();
const cpuStarted = process.cpuUsage();
timed('forecast, all 6 methods', () => {
  let sum = 0;
  for (const h of histories) for (const m of FORECAST_METHODS) sum += forecast(m, h, HORIZON)[0]!;
  return sum;
});
timed('backtest (4 weekly origins) + auto', () => {
  chosen = histories.map((h) => chooseAuto(backtest(h, { weeks: 4, horizon: HORIZON })).method);
  return chosen.length;
});
timed('reorder signal (with auto forecast)', () => {
  let sum = 0;
  for (let s = 0; s < seriesCount; s++) {
    const h = histories[s]!;
    const f = forecast(chosen[s] as (typeof FORECAST_METHODS)[number], h, HORIZON);
    sum += reorderSignal({ demand: h, onHand: 40, leadTimeDays: 5, serviceLevel: 0.95, originDay: '2026-06-01', forecastDaily: f }).reorderPoint;
  }
  return sum;
});
totalMs = Number(process.hrtime.bigint() - started) / 1e6;
const cpuTotal = process.cpuUsage(cpuStarted);
const counts = new Map<string, number>();
for (const m of chosen) counts.set(m, (counts.get(m) ?? 0) + 1);
console.log(
  `total wall ${totalMs.toFixed(0)} ms, cpu ${((cpuTotal.user + cpuTotal.system) / 1000).toFixed(0)} ms (GC threads included); auto choices: ${[...counts].map(([m, n]) => `${m} ${n}`).join(', ')}`,
);
