import type { Command } from 'commander';
import { ensureTopics, type TopicReport } from '../../kafka/topics.ts';
import type { Config } from '../../config/config.ts';
import { cliContext, say } from '../context.ts';

export async function ensureContractTopics(config: Config): Promise<TopicReport[]> {
  const reports = await ensureTopics(config);
  for (const r of reports) {
    const mark = r.status === 'fewer-partitions' ? '!' : '✔';
    const note =
      r.status === 'fewer-partitions' ? `has ${r.partitions} partitions, ${r.wanted} wanted (left as is)` : `${r.status}, ${r.partitions} partition(s)`;
    say(`${mark} ${r.name}: ${note}`);
  }
  return reports;
}

export function registerTopics(program: Command): void {
  const topics = program.command('topics').description('the Kafka topics of the contract');
  topics
    .command('ensure')
    .description('create the events, DLQ and change topics when missing; idempotent')
    .option('-p, --partitions <n>', 'partitions of the events and change topics (default RFID_EVENTS_PARTITIONS or 6)')
    .action(async (options: { partitions?: string }) => {
      const { config } = cliContext('topics');
      if (options.partitions !== undefined) {
        const n = Number(options.partitions);
        if (!Number.isInteger(n) || n < 1) throw new Error('--partitions must be a positive integer');
        config.topics.eventsPartitions = n;
      }
      await ensureContractTopics(config);
    });
}
