/** What the HTTP API is given by its composition root (`rfid api`); routes import only this. */
import type { Config } from '../config/config.ts';
import type { RfidEvent } from '../domain/rfid-event.ts';
import type { Logger } from '../logger.ts';
import type { Pool } from '../postgres/pool.ts';
import type { Redis } from '../redis/client.ts';

/** Where accepted events go: the events topic, acknowledged before the request is answered. */
export interface EventSink {
  send(events: readonly RfidEvent[]): Promise<void>;
  ready(): Promise<boolean>;
}

export interface ApiDeps {
  config: Config;
  pool: Pool;
  /** The stock cache (`inv:{sku}:{location}`), read first by GET /v1/inventory/{sku}/{location}. */
  redis: Redis;
  events: EventSink;
  logger: Logger;
  version?: string;
}
