/**
 * The block `rfid up` prints once everything is up: where the product is, what runs, how to stop.
 * Pure text from the state the supervisor wrote.
 *
 * @example
 * readyBanner({ urls: { api: 'http://127.0.0.1:8080/', docs: 'http://127.0.0.1:8080/docs' }, children: [], detached: false, apiAnswers: true, demo: undefined, adminKey: undefined, logDir: '.run/logs' })
 */
import type { ChildState } from './run-state.ts';

export interface BannerInput {
  urls: { api: string; docs: string };
  children: readonly ChildState[];
  detached: boolean;
  apiAnswers: boolean;
  demo: string | undefined;
  adminKey: string | undefined;
  /** Where detached children write (`<state dir>/logs`). */
  logDir: string;
}

/** The address a browser can open: a wildcard bind address is reached on loopback. */
export function productUrls(host: string, port: number): { api: string; docs: string } {
  const shown = host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const api = `http://${shown}:${port}/`;
  return { api, docs: `${api}docs` };
}

export function readyBanner(b: BannerInput): string {
  const rule = '─'.repeat(72);
  const running = b.children.map((c) => `${c.name}${c.pid !== undefined ? ` (pid ${c.pid})` : ' (restarting)'}`).join(', ');
  const lines = [
    rule,
    `rfid is running${b.detached ? ' in the background' : ''}`,
    `  API + console   ${b.urls.api}${b.apiAnswers ? '' : `   (not answering yet: see the api lines ${b.detached ? `in ${b.logDir}/api.log` : 'above'})`}`,
    `  API docs        ${b.urls.docs}`,
    `  running         ${running}`,
  ];
  if (b.demo) lines.push(`  demo feed       ${b.demo}`);
  if (b.adminKey) {
    lines.push('  admin API key   (shown this once; keep it somewhere safe)');
    for (const l of b.adminKey.split('\n')) lines.push(`    ${l}`);
  }
  lines.push('  status          ./bin/rfid status');
  lines.push(
    b.detached
      ? '  stop            ./bin/rfid down   (add --stack to stop Kafka/Postgres/Redis too)'
      : '  stop            Ctrl-C here, or ./bin/rfid down from another terminal',
  );
  if (b.detached) lines.push(`  logs            ${b.logDir}/<child>.log, the supervisor's own in ${b.logDir}/up.log`);
  lines.push(rule);
  return `${lines.join('\n')}\n`;
}
