/**
 * The console in real Chromium for a test file: the API (with the console's static build) on a
 * free loopback port over a makeTestEnv environment with simulated data, Debian's
 * /usr/bin/chromium driven by playwright-core (no browser download), every console error and
 * page error collected (a test fails on any), axe-core run on each page (no serious or critical
 * violation), and a screenshot of each page kept in `.run/screenshots/` (git-ignored).
 */
import { after, before } from 'node:test';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import { buildApi } from '../../src/http/api-server.ts';
import { EventProducer } from '../../src/kafka/event-producer.ts';
import { createLogger } from '../../src/logger.ts';
import { seedConsoleData, type SeededData } from './console-data.ts';
import { openServices, type Services } from './services.ts';
import type { TestEnv } from './test-env.ts';

export const CHROMIUM = process.env.RFID_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.join(PROJECT_ROOT, '.run', 'screenshots');
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
// Functions given to page.evaluate run in the page, where these exist.
declare const window: any;
declare const document: any;

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface ConsoleSession {
  readonly services: Services;
  readonly base: string;
  readonly page: Page;
  /** Console errors and uncaught page errors seen so far. */
  readonly errors: string[];
  /** Opens `#/<route>` and waits until `ready` (a selector) is visible. */
  open(route: string, ready: string): Promise<void>;
  /** axe-core on the page as it is: the serious and critical violations (empty when none). */
  axe(): Promise<string[]>;
  /** Saves `<name>-<lang>.png` in SCREENSHOTS. */
  shoot(name: string): Promise<void>;
  /** Switches the console's language with its switch (ko | en). */
  setLang(lang: 'ko' | 'en'): Promise<void>;
}

/**
 * Opens everything in before() (services, data, API, browser) and closes it in after().
 *
 * @example
 * const t = makeTestEnv('console-pages', { RFID_AUTH: 'off' });
 * const c = useConsole(t);
 * test('inventory', async () => { await c.open('inventory', 'table'); … });
 */
export function useConsole(t: TestEnv, options: { seed?: number; count?: number } = {}): ConsoleSession {
  let s:
    | {
        services: Services;
        data: SeededData;
        producer: EventProducer;
        app: FastifyInstance;
        base: string;
        context: BrowserContext;
        page: Page;
        profile: string;
      }
    | undefined;
  const errors: string[] = [];
  let lang: 'ko' | 'en' = 'en';
  before(async () => {
    const services = await openServices(t);
    const data = await seedConsoleData(t, services, options);
    const producer = new EventProducer(t.config, `${t.id}-api`);
    const app = await buildApi({ config: t.config, pool: services.pool, redis: services.redis, events: producer, logger: createLogger('warn', `${t.id}-api`) });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const profile = mkdtempSync(path.join(tmpdir(), 'rfid-chromium-'));
    // A persistent context is how playwright takes a --user-data-dir: a fresh one per file.
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: CHROMIUM_FLAGS,
      headless: true,
      viewport: { width: 1400, height: 900 },
      locale: 'en-US',
      timezoneId: 'UTC',
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()} (${m.location().url})`);
    });
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    await page.goto(`${base}/#/overview`);
    await page.evaluate(() => localStorage.setItem('rfid.lang', 'en'));
    mkdirSync(SCREENSHOTS, { recursive: true });
    s = { services, data, producer, app, base, context, page, profile };
  });
  after(async () => {
    if (!s) return;
    await s.context.close().catch(() => {});
    rmSync(s.profile, { recursive: true, force: true });
    await s.app.close();
    await s.producer.close();
    await s.data.stop();
    await s.services.close();
  });
  const get = () => {
    if (!s) throw new Error('the console opens in before(): use it inside a test');
    return s;
  };
  return {
    get services() {
      return get().services;
    },
    get base() {
      return get().base;
    },
    get page() {
      return get().page;
    },
    errors,
    async open(route, ready) {
      const { page, base } = get();
      await page.goto(`${base}/#/${route}`);
      await page.locator(ready).first().waitFor({ state: 'visible', timeout: 20_000 });
    },
    async axe() {
      const { page } = get();
      if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
      const violations = await page.evaluate(async () => {
        const w = window as unknown as {
          axe: {
            run(c: unknown, o: unknown): Promise<{ violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }> }>;
          };
        };
        const r = await w.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
        return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
      });
      return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.targets.join(', ')}`);
    },
    async shoot(name) {
      await get().page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${lang}.png`), fullPage: true });
    },
    async setLang(next) {
      const { page } = get();
      await page.getByTestId(`lang-${next}`).click();
      await page.waitForFunction((l) => document.documentElement.lang === l, next);
      lang = next;
    },
  };
}

/** The text of a test id, waiting for it to appear. */
export async function textOf(page: Page, testId: string): Promise<string> {
  const el = page.getByTestId(testId);
  await el.waitFor({ state: 'visible' });
  return (await el.textContent())?.trim() ?? '';
}

/** A number as the console shows it in English ("1,234", "-5") → 1234, -5. */
export function parseShown(text: string): number {
  return Number(text.replace(/[,\s]/g, '').replace(/[−–]/g, '-'));
}
