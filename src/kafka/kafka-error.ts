/**
 * Kafka client failures as `RfidError`s. @platformatic/kafka marks each error with `canRetry`
 * (network errors and retriable broker codes are true; user, authentication and most protocol
 * errors false), on the error or the ones it aggregates: KAFKA_UNAVAILABLE when waiting can help,
 * KAFKA_FAILED when it cannot.
 */
import { RfidError } from '../errors.ts';

function refusesRetry(error: unknown, depth = 0): boolean {
  if (error === null || typeof error !== 'object' || depth > 4) return false;
  if ((error as { canRetry?: unknown }).canRetry === false) return true;
  const errors = (error as { errors?: unknown }).errors;
  return Array.isArray(errors) && errors.length > 0 && errors.every((e) => refusesRetry(e, depth + 1));
}

export function kafkaError(error: unknown, what: string): RfidError {
  if (error instanceof RfidError) return error;
  return new RfidError(refusesRetry(error) ? 'KAFKA_FAILED' : 'KAFKA_UNAVAILABLE', `Kafka: ${what} failed`, { cause: error });
}
