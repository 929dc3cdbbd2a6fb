/** Structured JSON logs (pino) to stderr, so stdout stays free for command output. */
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string, name: string): Logger {
  return pino(
    {
      name,
      level,
      // Secrets never reach a log line: connection strings are logged redacted by callers, and
      // these paths are censored in case an object carrying them is logged whole.
      redact: { paths: ['password', '*.password', 'databaseUrl', 'redisUrl', '*.sasl'], censor: '***' },
    },
    pino.destination({ fd: 2, sync: false }),
  );
}
