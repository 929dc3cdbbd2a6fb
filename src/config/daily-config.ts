/** The daily layer's part of the configuration (issue 10): jobs, forecasts, reorder signals, alerts. */
import { isUrl, type Reader } from './env-reader.ts';
import { registerSecret } from './secrets.ts';

// The names of src/domain/forecast/methods.ts plus `auto` (config imports nothing from the domain).
const FORECAST_METHOD_NAMES = ['ma7', 'ses', 'croston', 'croston_sba', 'tsb', 'holt_winters', 'auto'];

export interface DailyConfig {
  /** Local time (HH:MM in RFID_TIMEZONE) after which the previous business day is run. */
  runAt: string;
  /** Jobs one `rfid worker` runs at once. */
  workerConcurrency: number;
  /** Most missed days a worker catches up after downtime (older ones need `rfid jobs backfill`). */
  catchUpMaxDays: number;
  forecastHorizonDays: number;
  /**
   * Methods written to the seed's `shipment_forecast_daily` (dashboards); every method and `auto`
   * always go to `shipment_forecast_by_origin`.
   */
  latestForecastMethods: string[];
  /** Rolling-origin backtest over the last N weeks. */
  backtestWeeks: number;
  /** Cells per read/write round trip in the forecast and reorder jobs. */
  chunkCells: number;
  leadTimeDaysDefault: number;
  serviceLevel: number;
  alerts: {
    stockoutWithinDays: number;
    /** 0 = rule off. */
    deviceSilentMinutes: number;
    /** Dead letters in the last hour above which an alert opens (0 = rule off). */
    dlqPerHour: number;
    /** Events in the events topic not yet applied (log end − stored offset, all partitions) above which an alert opens (0 = rule off). */
    ingestLagMessages: number;
    /** Where alert transitions are POSTed as JSON; undefined = no webhook. */
    webhookUrl: string | undefined;
    webhookMaxAttempts: number;
  };
}

export function readDailyConfig(r: Reader): DailyConfig {
  const serviceLevel = r.string('RFID_SERVICE_LEVEL', '0.95', {
    test: (v) => /^0?\.\d+$/.test(v.trim()) && Number(v) >= 0.5 && Number(v) < 1,
    rule: 'must be a probability from 0.5 to below 1',
    example: '0.95',
  });
  const webhookUrl = r.string('RFID_ALERT_WEBHOOK_URL', '', {
    test: (v) => v === '' || isUrl(v, ['http:', 'https:']),
    rule: 'must be an http:// or https:// URL (or empty for none)',
    example: 'https://hooks.example.com/rfid',
  });
  // Webhook URLs often carry their token in the path or query (Slack, Teams): the whole URL is a secret.
  registerSecret(webhookUrl);
  return {
    runAt: r.string('RFID_DAILY_RUN_AT', '00:30', { test: (v) => /^([01]\d|2[0-3]):[0-5]\d$/.test(v), rule: 'must be a local time HH:MM', example: '01:15' }),
    workerConcurrency: r.int('RFID_JOBS_CONCURRENCY', 2, 1, 64),
    catchUpMaxDays: r.int('RFID_JOBS_CATCHUP_MAX_DAYS', 31, 1, 3_660),
    forecastHorizonDays: r.int('RFID_FORECAST_HORIZON_DAYS', 14, 1, 366),
    latestForecastMethods: r
      .string('RFID_FORECAST_LATEST_METHODS', 'ma7,auto', {
        test: (v) => v.split(',').every((m) => FORECAST_METHOD_NAMES.includes(m.trim())) && v.split(',').some((m) => m.trim() === 'ma7'),
        rule: `must be a comma-separated list of ${FORECAST_METHOD_NAMES.join(', ')} including ma7 (the seed's method)`,
        example: 'ma7,auto,tsb',
      })
      .split(',')
      .map((m) => m.trim()),
    backtestWeeks: r.int('RFID_BACKTEST_WEEKS', 4, 1, 52),
    chunkCells: r.int('RFID_DAILY_CHUNK_CELLS', 5_000, 1, 1_000_000),
    leadTimeDaysDefault: r.int('RFID_LEAD_TIME_DAYS', 7, 0, 3_650),
    serviceLevel: Number(serviceLevel),
    alerts: {
      stockoutWithinDays: r.int('RFID_ALERT_STOCKOUT_DAYS', 7, 1, 366),
      deviceSilentMinutes: r.int('RFID_ALERT_DEVICE_SILENT_MINUTES', 60, 0, 525_600),
      dlqPerHour: r.int('RFID_ALERT_DLQ_PER_HOUR', 100, 0, 100_000_000),
      ingestLagMessages: r.int('RFID_ALERT_INGEST_LAG_MESSAGES', 100_000, 0, 1_000_000_000),
      webhookUrl: webhookUrl === '' ? undefined : webhookUrl,
      webhookMaxAttempts: r.int('RFID_ALERT_WEBHOOK_MAX_ATTEMPTS', 10, 1, 100),
    },
  };
}
