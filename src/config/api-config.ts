/** The HTTP API's part of the configuration (issue 11): who may call it and how much. */
import type { Reader } from './env-reader.ts';

export interface ApiConfig {
  /** RFID_AUTH (on|off, default on): every route but health needs `Authorization: Bearer <key>`. */
  auth: boolean;
  /** RFID_METRICS_AUTH (on|off, default on): /metrics needs a key (any role); off for a scraper without one. */
  metricsAuth: boolean;
  /** RFID_RATE_LIMIT_PER_MIN (default 600; 0 = no limit): requests per minute per API key. */
  rateLimitPerMin: number;
  /** RFID_CORS_ORIGINS (comma list of origins, `*` for any; default none): browsers allowed to call. */
  corsOrigins: string[];
  /** RFID_API_KEY_CACHE_SECONDS (default 10): how long a looked-up key is trusted; a revoked key works at most this long. */
  keyCacheSeconds: number;
}

/** True for a host name or address that only this machine can reach: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return m?.slice(1).every((octet) => Number(octet) <= 255) === true;
}

function isOrigin(value: string): boolean {
  if (value === '*') return true;
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === value.replace(/\/$/, '');
  } catch {
    return false;
  }
}

export function readApiConfig(r: Reader): ApiConfig {
  const auth = r.bool('RFID_AUTH', true);
  const host = r.raw('HOST') ?? '127.0.0.1';
  if (!auth && !isLoopbackHost(host)) {
    r.problems.push(
      `RFID_AUTH=off with HOST=${JSON.stringify(host)}: the API without keys may only listen on a loopback HOST (127.0.0.0/8, ::1, localhost); set HOST=127.0.0.1 or RFID_AUTH=on`,
    );
  }
  const origins = r.string('RFID_CORS_ORIGINS', '', {
    test: (v) => v.trim() === '' || v.split(',').every((o) => isOrigin(o.trim())),
    rule: 'must be a comma-separated list of origins (scheme://host[:port], no path) or *',
    example: 'https://console.example.com,http://127.0.0.1:5173',
  });
  return {
    auth,
    metricsAuth: r.bool('RFID_METRICS_AUTH', true),
    rateLimitPerMin: r.int('RFID_RATE_LIMIT_PER_MIN', 600, 0, 10_000_000),
    corsOrigins: origins.trim() === '' ? [] : origins.split(',').map((o) => o.trim().replace(/\/$/, '')),
    keyCacheSeconds: r.int('RFID_API_KEY_CACHE_SECONDS', 10, 0, 3_600),
  };
}
