/**
 * Produces validated events to the events topic for the HTTP API and the CSV import: keyed
 * `sku|location` (so one cell's events stay in order on one partition), idempotent producer,
 * acks from all in-sync replicas. `send` resolves only once Kafka acknowledged every record.
 */
import { Producer } from '@platformatic/kafka';
import type { Config } from '../config/config.ts';
import type { RfidEvent } from '../domain/rfid-event.ts';
import { RfidError } from '../errors.ts';
import { kafkaClientOptions } from './client-options.ts';
import { cellKey } from '../domain/cell-key.ts';

/** The wire form of a valid event: the contract's fields, optional ones only when set. */
export function eventMessageValue(event: RfidEvent): string {
  return JSON.stringify({
    event_id: event.event_id,
    event_ts: event.event_ts,
    event_type: event.event_type,
    sku: event.sku,
    location: event.location,
    qty: event.qty,
    ...(event.device_id !== null ? { device_id: event.device_id } : {}),
    ...(event.ref_event_id !== null ? { ref_event_id: event.ref_event_id } : {}),
  });
}

export class EventProducer {
  readonly #producer: Producer<Buffer, Buffer, Buffer, Buffer>;
  readonly #topic: string;

  constructor(config: Config, clientSuffix: string) {
    this.#topic = config.topics.events;
    this.#producer = new Producer({ ...kafkaClientOptions(config.kafka, clientSuffix), idempotent: true, acks: -1, retries: 5 });
    // Background failures surface through send(); an unhandled 'error' event would kill the API.
    this.#producer.on('error', () => {});
  }

  async send(events: readonly RfidEvent[]): Promise<void> {
    if (events.length === 0) return;
    try {
      await this.#producer.send({
        messages: events.map((e) => ({ topic: this.#topic, key: Buffer.from(cellKey(e.sku, e.location)), value: Buffer.from(eventMessageValue(e)) })),
      });
    } catch (error) {
      throw new RfidError('KAFKA_UNAVAILABLE', `Kafka did not acknowledge ${events.length} event(s)`, { cause: error });
    }
  }

  /** True when the cluster answers a metadata request for the events topic. */
  async ready(): Promise<boolean> {
    try {
      await this.#producer.metadata({ topics: [this.#topic], forceUpdate: true });
      return true;
    } catch {
      return false;
    }
  }

  close(): Promise<void> {
    return this.#producer.close();
  }
}
