/**
 * Structured logs (pino) to stderr, so stdout stays free for command output: JSON lines for
 * machines (files, journald, log shippers), readable lines for a person when stderr is a
 * terminal. `LOG_FORMAT=json|pretty` overrides the choice.
 */
import { pino, type DestinationStream, type Logger } from 'pino';
import { PinoPretty } from 'pino-pretty';
import { redactSecrets } from './config/secrets.ts';

export type { Logger };

export function createLogger(level: string, name: string, format: 'json' | 'pretty' | 'auto' = 'auto'): Logger {
  const options = {
    name,
    level,
    // Secrets never reach a log line: connection strings are logged redacted by callers, and
    // these paths are censored in case an object carrying them is logged whole.
    // API keys: only in the Authorization header, which no log line should carry whole.
    redact: { paths: ['password', '*.password', 'databaseUrl', 'redisUrl', '*.sasl', 'headers.authorization', '*.headers.authorization'], censor: '***' },
  };
  const pretty = format === 'pretty' || (format === 'auto' && process.stderr.isTTY === true);
  if (pretty) {
    // In-process (no worker thread): a terminal is not a hot path, and lines stay in order with
    // the command's own output.
    const pretty = PinoPretty({ destination: 2, sync: true, colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' });
    return pino(options, masked(pretty));
  }
  return pino(options, masked(pino.destination({ fd: 2, sync: false })));
}

/**
 * Every finished line passes `redactSecrets`: the paths above cover objects we log on purpose,
 * this covers what a library put into an error message (a URL, a password) however deep it sits.
 */
export function masked(destination: DestinationStream & { flush?: (cb?: (err?: Error) => void) => void }): DestinationStream {
  const stream: DestinationStream & { flush?: (cb?: (err?: Error) => void) => void } = { write: (line: string) => destination.write(redactSecrets(line)) };
  // logger.flush() looks for this; the exit-time flush is the destination's own (sonic-boom registers it).
  if (destination.flush) stream.flush = (cb) => destination.flush?.(cb);
  return stream;
}
