/**
 * The one error class of the project. Every failure that crosses a module boundary is an
 * `RfidError` with a code from a closed set, a message for a person, and the underlying `cause`.
 *
 * @example
 * throw new RfidError('CONFIG_INVALID', 'PORT must be an integer from 1 to 65535, e.g. PORT=8080')
 */
export const ERROR_CODES = [
  'CONFIG_INVALID',
  'STACK_FAILED',
  'KAFKA_UNAVAILABLE',
  'KAFKA_FAILED',
  'POSTGRES_UNAVAILABLE',
  'POSTGRES_FAILED',
  'REDIS_UNAVAILABLE',
  'MIGRATION_FAILED',
  'TOPIC_MISMATCH',
  'INVALID_EVENT',
  'INVALID_INPUT',
  'NOT_FOUND',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'SHUTTING_DOWN',
  'TIMEOUT',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Codes that mean "a dependency is down or busy: wait and try again" (DESIGN.md §5). */
const RETRYABLE: ReadonlySet<ErrorCode> = new Set(['KAFKA_UNAVAILABLE', 'POSTGRES_UNAVAILABLE', 'REDIS_UNAVAILABLE', 'SHUTTING_DOWN', 'TIMEOUT']);

/** Which dependency a code belongs to, for logs and the retry metric. */
export type Dependency = 'kafka' | 'postgres' | 'redis' | 'other';
const DEPENDENCY: Partial<Record<ErrorCode, Dependency>> = {
  KAFKA_UNAVAILABLE: 'kafka',
  KAFKA_FAILED: 'kafka',
  POSTGRES_UNAVAILABLE: 'postgres',
  POSTGRES_FAILED: 'postgres',
  REDIS_UNAVAILABLE: 'redis',
};

export class RfidError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  /** The input field at fault, when there is one (an HTTP query parameter, a CLI option). */
  readonly field: string | undefined;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; hint?: string; field?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RfidError';
    this.code = code;
    this.hint = options.hint;
    this.field = options.field;
  }

  /** True when waiting and retrying can succeed (an outage), false for a refusal or a bug. */
  get retryable(): boolean {
    return RETRYABLE.has(this.code);
  }

  get dependency(): Dependency {
    return DEPENDENCY[this.code] ?? 'other';
  }
}

/** The dependency behind any thrown value (adapters wrap theirs as RfidError). */
export function dependencyOf(error: unknown): Dependency {
  return error instanceof RfidError ? error.dependency : 'other';
}

export function isRfidError(error: unknown, code?: ErrorCode): error is RfidError {
  return error instanceof RfidError && (code === undefined || error.code === code);
}

/** A one-line description of any thrown value, following `cause` chains. */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    if (current instanceof AggregateError && current.errors.length > 0) {
      parts.push(current.message || 'multiple errors');
      current = current.errors[0];
      continue;
    }
    if (current instanceof Error) {
      parts.push(current.message || current.name);
      current = current.cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return [...new Set(parts.filter(Boolean))].join(': ');
}
