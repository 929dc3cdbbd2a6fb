/**
 * The fault-injection suite, on demand (issue 5). Full run by default: 1,000,000 simulated events
 * (10% malformed, 10% duplicates), 3 workers, 20 SIGKILLs, 2 broker restarts, a Postgres
 * restart, a Redis FLUSHALL and a Redis restart, partitions added mid-run — on private servers.
 * Prints the injected faults and the checks; exits 1 if any check fails.
 *
 *   bash scripts/bench.sh fault-suite [--ci] [--events N] [--kills N] [--produce-seconds S]
 */
import { parseArgs } from 'node:util';
import { CI_PLAN, FULL_PLAN, runFaultSuite } from './lib/fault-harness.ts';
import { machine, table } from './lib/bench-env.ts';

const { values } = parseArgs({
  options: {
    ci: { type: 'boolean', default: false },
    events: { type: 'string' },
    kills: { type: 'string' },
    'produce-seconds': { type: 'string' },
    json: { type: 'boolean', default: false },
    'worker-logs': { type: 'string' },
  },
});
const base = values.ci ? CI_PLAN : FULL_PLAN;
const plan = {
  ...base,
  ...(values.events ? { events: Number(values.events) } : {}),
  ...(values.kills ? { kills: Number(values.kills) } : {}),
  ...(values['produce-seconds'] ? { produceSeconds: Number(values['produce-seconds']) } : {}),
  ports: { kafka: 19_592, postgres: 15_592, redis: 16_592 },
  ...(values['worker-logs'] ? { workerLogDir: values['worker-logs'] } : {}),
  log: (line: string) => process.stderr.write(`${line}\n`),
};
const report = await runFaultSuite(plan);
if (values.json) {
  process.stdout.write(JSON.stringify({ machine: machine(), plan: { ...plan, log: undefined }, ...report }) + '\n');
} else {
  const m = machine();
  process.stdout.write(
    `\nfault suite — ${plan.events.toLocaleString('en-US')} events, ${plan.workers} workers, ${report.seconds.toFixed(0)} s — ${m.cpu}, ${m.cores} cores, Node ${m.node}\n`,
  );
  process.stdout.write('injected faults:\n');
  process.stdout.write(table(report.faults.map((f) => [`${f.at_s.toFixed(1)} s  ${f.fault}`, f.detail])) + '\n');
  process.stdout.write('checks:\n');
  process.stdout.write(table(report.checks.map((c) => [`${c.pass ? '✔ pass' : '✘ FAIL'}  ${c.name}`, c.detail])) + '\n');
}
process.exitCode = report.checks.every((c) => c.pass) ? 0 : 1;
