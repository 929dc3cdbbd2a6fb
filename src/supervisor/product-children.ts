/**
 * The children `rfid up` supervises: N ingest workers, the job worker, the API and, when there is
 * no data yet, the live demo feed. Pure: the caller passes the configuration and the host name.
 *
 * @example
 * productChildren(config, { ingestWorkers: 2, host: 'box', logFormat: undefined }).map((c) => c.name)
 * // ['ingest-1', 'ingest-2', 'worker', 'api']
 */
import type { Config } from '../config/config.ts';
import type { ChildSpec } from './child-spec.ts';

export interface ProductChildrenOptions {
  ingestWorkers: number;
  host: string;
  /** `pretty` when the children's lines end up on a person's terminal. */
  logFormat: 'pretty' | undefined;
}

export function productChildren(config: Config, options: ProductChildrenOptions): ChildSpec[] {
  const common: Record<string, string> = options.logFormat ? { LOG_FORMAT: options.logFormat } : {};
  const ingest = Array.from({ length: options.ingestWorkers }, (_, i): ChildSpec => {
    const n = i + 1;
    const env: Record<string, string> = {
      ...common,
      RFID_WORKER_ID: `${options.host}-ingest-${n}`,
      // One metrics port each when the person asked for metrics (ports must not clash); off otherwise.
      RFID_METRICS_PORT: config.ingest.metricsPort > 0 ? String(config.ingest.metricsPort + i) : '0',
    };
    // A static member id shared by two workers would fence one of them out of the group.
    if (config.ingest.groupInstanceId) env.RFID_GROUP_INSTANCE_ID = `${config.ingest.groupInstanceId}-${n}`;
    return { name: `ingest-${n}`, args: () => ['ingest'], env };
  });
  return [
    ...ingest,
    { name: 'worker', args: () => ['worker'], env: { ...common, RFID_WORKER_ID: `${options.host}-worker` } },
    { name: 'api', args: () => ['api'], env: common },
  ];
}

/**
 * A seed from the clock: a restarted feed must not repeat the event ids of its previous run (the
 * same id with a new timestamp is a conflict, not a duplicate).
 */
export function clockSeed(nowMs: number): number {
  return (nowMs % 2_000_000_000) + 1;
}

/** The paced live feed: `rfid simulate --forever` at the demo rate. */
export function demoFeedChild(config: Config, now: () => number = Date.now): ChildSpec {
  return {
    name: 'demo-feed',
    args: () => ['simulate', '--forever', '--rate', String(config.demo.rate), '--seed', String(clockSeed(now()))],
    env: {},
  };
}

/** The one-shot back-fill of back-dated history, run to completion before the live feed starts. */
export function demoHistoryChild(config: Config, now: () => number = Date.now): ChildSpec {
  return {
    name: 'demo-history',
    args: () => [
      'simulate',
      '--history-days',
      String(config.demo.historyDays),
      '--count',
      String(config.demo.historyCount),
      '--seed',
      String(clockSeed(now())),
    ],
    env: {},
  };
}
