/**
 * A live reader of the change topic for one SSE client. @platformatic/kafka's `consume` always
 * joins a consumer group (it has no group-less assignment), so each client gets a throwaway group
 * of its own (`<RFID_GROUP_ID>-stream-<uuid>`, one member: every partition) that never commits;
 * the start offsets are given explicitly (`mode: 'manual'`), read before the join, so nothing
 * produced after the request arrived is missed. Closing leaves the group; an empty group without
 * offsets is dropped by the broker.
 */
import { randomUUID } from 'node:crypto';
import { Consumer, type Message } from '@platformatic/kafka';
import type { Config } from '../config/config.ts';
import { describeError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { within } from '../util/time-limits.ts';
import { kafkaClientOptions } from './client-options.ts';
import { kafkaError } from './kafka-error.ts';

const CLOSE_TIMEOUT_MS = 5_000;

export interface ChangeStream {
  /** First and log-end offset of each partition when the stream was opened (index = partition). */
  start: bigint[];
  end: bigint[];
  /** Starts reading at `offsets[p]` for each partition p. */
  open(offsets: readonly bigint[]): Promise<AsyncIterable<Message<Buffer, Buffer, Buffer, Buffer>>>;
  close(): Promise<void>;
}

/**
 * @example
 * const stream = await createChangeStream(config, logger)
 * for await (const m of await stream.open(stream.end)) console.log(m.partition, m.offset, m.value.toString())
 */
export async function createChangeStream(config: Config, logger: Logger): Promise<ChangeStream> {
  const topic = config.topics.changes;
  const consumer = new Consumer<Buffer, Buffer, Buffer, Buffer>({
    ...kafkaClientOptions(config.kafka, 'api-stream', { retries: 2 }),
    groupId: `${config.groupId}-stream-${randomUUID()}`,
    sessionTimeout: 10_000,
    heartbeatInterval: 3_000,
  });
  // Background group failures (a heartbeat while the broker restarts) reach the stream; unhandled
  // as an event they would kill the API.
  consumer.on('error', (error: unknown) => logger.debug({ err: describeError(error) }, 'stream consumer error'));
  let messages: { close(): Promise<void> } | undefined;
  const close = async () => {
    if (messages) await within(messages.close(), CLOSE_TIMEOUT_MS);
    await within(consumer.close(true), CLOSE_TIMEOUT_MS);
  };
  try {
    const [earliest, latest] = await Promise.all([consumer.listOffsets({ topics: [topic], timestamp: -2n }), consumer.listOffsets({ topics: [topic] })]);
    const start = earliest.get(topic) ?? [];
    const end = latest.get(topic) ?? [];
    return {
      start,
      end,
      async open(offsets) {
        try {
          const stream = await consumer.consume({
            topics: [topic],
            mode: 'manual',
            offsets: offsets.map((offset, partition) => ({ topic, partition, offset })),
            autocommit: false,
            maxWaitTime: 500,
            highWaterMark: 256,
          });
          messages = stream;
          return stream;
        } catch (error) {
          throw kafkaError(error, `reading ${topic}`);
        }
      },
      close,
    };
  } catch (error) {
    await close();
    throw kafkaError(error, `listing the offsets of ${topic}`);
  }
}
