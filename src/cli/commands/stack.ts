import type { Command } from 'commander';
import { redactUrl } from '../../config/config.ts';
import { brokerDown, brokerStatus, brokerUp } from '../../stack/kafka-broker.ts';
import { postgresDown, postgresStartedByUs, postgresUp, postgresVersion } from '../../stack/postgres-service.ts';
import { redisDown, redisPid, redisUp } from '../../stack/redis-service.ts';
import { redisInfo } from '../../redis/client.ts';
import type { Config } from '../../config/config.ts';
import { cliContext, say } from '../context.ts';

/** Brings up Kafka, Postgres and Redis (starting only what does not answer). */
export async function stackUp(config: Config): Promise<void> {
  const t0 = Date.now();
  const [pg, redis] = await Promise.all([postgresUp(config, say), redisUp(config, say)]);
  say(`✔ postgres  ${pg.state}${pg.createdDatabase ? ', created the database' : ''}  ${redactUrl(config.databaseUrl)}`);
  say(`✔ redis     ${redis.state}  ${redactUrl(config.redisUrl)} (Redis ${redis.version})`);
  const kafka = await brokerUp(config, say);
  say(`✔ kafka     ${kafka.state}${kafka.pid ? ` (pid ${kafka.pid})` : ''}  ${config.kafka.brokers.join(',')}  in ${kafka.ms} ms`);
  say(`stack up in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

/** Stops exactly what `stackUp` started (pid files and markers), nothing else. */
export async function stackDown(config: Config): Promise<void> {
  const kafka = await brokerDown(config);
  say(kafka.pid ? `✔ kafka stopped (pid ${kafka.pid}, ${kafka.how})` : '· kafka: nothing of ours running');
  const redis = await redisDown(config);
  say(redis ? `✔ redis stopped (pid ${redis})` : '· redis: not started by rfid, left running');
  const pg = await postgresDown(config);
  say(pg ? `✔ postgres ${pg}/main stopped` : '· postgres: not started by rfid, left running');
}

export function registerStack(program: Command): void {
  const stack = program.command('stack').description('the local Kafka (KRaft), Postgres and Redis');
  stack
    .command('up')
    .description('start whatever does not answer yet; idempotent')
    .action(async () => {
      await stackUp(cliContext('stack').config);
    });
  stack
    .command('down')
    .description('stop exactly the processes `stack up` started (pid files), nothing else')
    .action(async () => {
      await stackDown(cliContext('stack').config);
    });
  stack
    .command('status')
    .description('each component, its address, version and pid')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const { config } = cliContext('stack');
      const [kafka, pgVersion, redis] = await Promise.all([
        brokerStatus(config),
        postgresVersion(config.databaseUrl),
        redisInfo(config.redisUrl, config.redisTls),
      ]);
      const rows = [
        { component: 'kafka', address: kafka.address, up: kafka.answering, version: kafka.version, pid: kafka.pid ?? null, managed: kafka.pid !== undefined },
        {
          component: 'postgres',
          address: redactUrl(config.databaseUrl),
          up: pgVersion !== undefined,
          version: pgVersion ?? '-',
          pid: null,
          managed: postgresStartedByUs(config),
        },
        {
          component: 'redis',
          address: redactUrl(config.redisUrl),
          up: redis !== undefined,
          version: redis?.version ?? '-',
          pid: redisPid(config) ?? null,
          managed: redisPid(config) !== undefined,
        },
      ];
      if (options.json) {
        process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      } else {
        for (const r of rows) {
          process.stdout.write(
            `${r.up ? '✔' : '✘'} ${r.component.padEnd(9)} ${(r.up ? 'up' : 'down').padEnd(5)} ${r.address.padEnd(40)} ${String(r.version).padEnd(12)} ${r.pid ? `pid ${r.pid}` : r.managed ? 'started by rfid' : 'external'}\n`,
          );
        }
      }
      if (rows.some((r) => !r.up)) process.exitCode = 1;
    });
}
