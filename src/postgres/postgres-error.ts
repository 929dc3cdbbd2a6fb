/**
 * Postgres failures as `RfidError`s whose code says whether waiting helps, by SQLSTATE and errno —
 * never by message text (the table follows graphile-worker's RETRYABLE_ERROR_CODES):
 * - POSTGRES_UNAVAILABLE (retry): no connection, connection lost, server shutting down or
 *   starting, out of resources, serialization failure or deadlock;
 * - POSTGRES_FAILED (do not retry blindly): anything else the server refused (a bug or bad data).
 * An error that already is an `RfidError` (e.g. thrown by another adapter inside a transaction)
 * passes through unchanged.
 */
import { RfidError } from '../errors.ts';

const RETRYABLE_SQLSTATE_CLASSES = new Set(['08', '53', '57']); // connection, resources, operator intervention
const RETRYABLE_SQLSTATES = new Set(['40001', '40P01', '55P03']); // serialization, deadlock, lock not available
const RETRYABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH']);

export function isRetryablePostgresError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    if (/^[0-9A-Z]{5}$/.test(code)) return RETRYABLE_SQLSTATES.has(code) || RETRYABLE_SQLSTATE_CLASSES.has(code.slice(0, 2));
    return RETRYABLE_ERRNOS.has(code);
  }
  // node-postgres reports a connection that ended or timed out (client-side) as a plain Error
  // without a SQLSTATE or errno: that is an outage, not a statement the server refused. A
  // TypeError or RangeError is a bug in our code and is not.
  return error instanceof Error && error.constructor === Error;
}

export function postgresError(error: unknown, what: string): RfidError {
  if (error instanceof RfidError) return error;
  const retry = isRetryablePostgresError(error);
  return new RfidError(retry ? 'POSTGRES_UNAVAILABLE' : 'POSTGRES_FAILED', `Postgres ${what} failed`, { cause: error });
}
