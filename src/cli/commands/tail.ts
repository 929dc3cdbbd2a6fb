import type { Command } from 'commander';
import { Consumer } from '@platformatic/kafka';
import { randomUUID } from 'node:crypto';
import { kafkaClientOptions } from '../../kafka/client-options.ts';
import { formatRecord } from '../../tail/format-event.ts';
import { cliContext, untilSignal } from '../context.ts';

export function registerTail(program: Command): void {
  program
    .command('tail')
    .description('print events from the events topic as readable lines or JSON lines')
    .option('-b, --from-beginning', 'start at the oldest record instead of only new ones')
    .option('--sku <sku>', 'only this SKU')
    .option('--location <location>', 'only this location')
    .option('--json', 'one JSON object per line')
    .option('-n, --max <count>', 'stop after printing this many records')
    .option('-t, --topic <topic>', 'topic to read (default RFID_TOPIC_EVENTS)')
    .action(async (options: { fromBeginning?: boolean; sku?: string; location?: string; json?: boolean; max?: string; topic?: string }) => {
      const { config } = cliContext('tail');
      const max = options.max === undefined ? Infinity : Number(options.max);
      if (!(max > 0)) throw new Error('--max must be a positive number');
      const topic = options.topic ?? config.topics.events;
      // A throw-away group that never commits: tail only reads, it never moves anyone's offsets.
      const consumer = new Consumer({ ...kafkaClientOptions(config.kafka, 'tail'), groupId: `rfid-tail-${randomUUID()}` });
      consumer.on('error', () => {}); // a broker hiccup must not kill tail; the stream reports real failures
      const signal = untilSignal();
      const stream = await consumer.consume({ topics: [topic], mode: options.fromBeginning ? 'earliest' : 'latest', autocommit: false, maxWaitTime: 500 });
      const limits = config.ingest.validation;
      let printed = 0;
      const stop = async () => {
        await stream.close().catch(() => {});
        await consumer.close(true).catch(() => {});
      };
      void signal.promise.then(stop);
      try {
        for await (const m of stream) {
          const line = formatRecord(
            { partition: m.partition, offset: m.offset, timestamp: m.timestamp, key: m.key ? m.key.toString() : null, value: m.value },
            { json: options.json === true, filter: { sku: options.sku, location: options.location }, nowMs: Date.now(), limits },
          );
          if (!line.show) continue;
          process.stdout.write(`${line.text}\n`);
          if (++printed >= max) break;
        }
      } finally {
        signal.dispose();
        await stop();
      }
    });
}
