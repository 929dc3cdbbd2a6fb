/**
 * Redis failures as `RfidError`s. Every failure of a cache command is treated as an outage
 * (REDIS_UNAVAILABLE): the cache is derived data, Postgres goes on, and the cache is rebuilt
 * from `inventory_current` once Redis answers again.
 */
import { RfidError } from '../errors.ts';

export function redisError(error: unknown, what: string): RfidError {
  if (error instanceof RfidError) return error;
  return new RfidError('REDIS_UNAVAILABLE', `Redis: ${what} failed`, { cause: error });
}
