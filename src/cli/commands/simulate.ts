import { InvalidArgumentError, type Command } from 'commander';
import { runSimulation } from '../../simulate/run-simulation.ts';
import { cliContext, say, untilSignal } from '../context.ts';
import { progressReporter } from '../progress.ts';

function positiveInt(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a positive integer, e.g. 1000`);
    return n;
  };
}

function percent(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0 || n > 100) throw new InvalidArgumentError(`${name} is a percentage between 0 and 100, e.g. 5`);
    return n / 100;
  };
}

export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description('produce realistic warehouse events (deterministic with --seed) to the events topic')
    .option('--seed <n>', 'random seed: the same seed gives the same events', positiveInt('--seed'), 1)
    .option('--count <n>', 'stop after this many messages', positiveInt('--count'))
    .option('--duration <seconds>', 'stop after this many seconds', positiveInt('--duration'))
    .option('--forever', 'live mode until stopped (SIGINT/SIGTERM), e.g. with --rate 20 for a demo feed')
    .option('--rate <events/s>', 'target rate (default: as fast as possible)', positiveInt('--rate'))
    .option('--skus <n>', 'SKUs in the catalogue', positiveInt('--skus'), 10_000)
    .option('--locations <n>', 'locations (spread over 3 warehouses)', positiveInt('--locations'), 20)
    .option('--history-days <n>', 'history mode: back-date --count events over the last N days', positiveInt('--history-days'))
    .option('--duplicates <pct>', 'percentage of exact re-sends of earlier events', percent('--duplicates'), 0)
    .option('--late <pct>', 'percentage of events whose event_ts is hours or days old', percent('--late'), 0)
    .option('--malformed <pct>', 'percentage of malformed messages, spread over every DLQ category', percent('--malformed'), 0)
    .option('--emit-oracle <file>', 'write the expected final stock per cell (JSON) to this file')
    .option('--output <file>', 'write NDJSON {key, value} lines to a file instead of Kafka')
    .option('--json', 'print the summary as JSON')
    .action(
      async (opts: {
        seed: number;
        count?: number;
        duration?: number;
        forever?: boolean;
        rate?: number;
        skus: number;
        locations: number;
        historyDays?: number;
        duplicates: number;
        late: number;
        malformed: number;
        emitOracle?: string;
        output?: string;
        json?: boolean;
      }) => {
        const { config } = cliContext('simulate');
        if (opts.count === undefined && opts.duration === undefined && !opts.forever) throw new InvalidArgumentError('give --count, --duration or --forever');
        if (opts.forever && (opts.count !== undefined || opts.duration !== undefined || opts.historyDays !== undefined)) {
          throw new InvalidArgumentError('--forever runs until stopped: leave out --count, --duration and --history-days');
        }
        const abort = new AbortController();
        const signal = untilSignal();
        void signal.promise.then(() => abort.abort());
        const progress = progressReporter(opts.output ? `simulate → ${opts.output}` : `simulate → ${config.topics.events}`, opts.count);
        try {
          const result = await runSimulation(config, {
            model: {
              seed: opts.seed,
              skus: opts.skus,
              locations: opts.locations,
              duplicateRate: opts.duplicates,
              lateRate: opts.late,
              malformedRate: opts.malformed,
            },
            ...(opts.count !== undefined ? { count: opts.count } : {}),
            ...(opts.duration !== undefined ? { durationSeconds: opts.duration } : {}),
            ...(opts.forever ? { forever: true } : {}),
            ...(opts.rate !== undefined ? { rate: opts.rate } : {}),
            ...(opts.historyDays !== undefined ? { historyDays: opts.historyDays } : {}),
            ...(opts.output ? { outputFile: opts.output } : {}),
            ...(opts.emitOracle ? { oracleFile: opts.emitOracle } : {}),
            signal: abort.signal,
            // A feed that runs forever has no end to show progress towards; its lines would only fill a log.
            ...(opts.forever ? {} : { onProgress: (n: number) => progress.update(n) }),
          });
          if (!opts.forever) progress.finish(result.summary.messages);
          const s = result.summary;
          if (opts.json) {
            process.stdout.write(
              JSON.stringify({ ...s, seconds: result.seconds, messagesPerSecond: Math.round(result.messagesPerSecond), cells: result.expectedStock.size }) +
                '\n',
            );
          } else {
            say(
              `sent ${s.messages.toLocaleString('en-US')} messages in ${result.seconds.toFixed(1)} s (${Math.round(result.messagesPerSecond).toLocaleString('en-US')}/s)`,
            );
            say(`  valid ${s.valid}  (IN ${s.byType.IN}, OUT ${s.byType.OUT}, ADJUST ${s.byType.ADJUST}; corrections ${s.corrections}; late ${s.late})`);
            say(`  duplicates ${s.duplicates}  malformed ${s.malformed} ${JSON.stringify(s.malformedByCode)}`);
            say(`  cells with stock activity: ${result.expectedStock.size}${opts.emitOracle ? `; oracle written to ${opts.emitOracle}` : ''}`);
          }
        } finally {
          signal.dispose();
        }
      },
    );
}
