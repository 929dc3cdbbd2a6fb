import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config/config.ts';
import { clockSeed, demoFeedChild, demoHistoryChild, productChildren } from '../../src/supervisor/product-children.ts';

test('N ingest workers with their own ids, metrics off unless asked, then the worker and the API', () => {
  const children = productChildren(loadConfig({}), { ingestWorkers: 2, host: 'box', logFormat: undefined });
  assert.deepEqual(
    children.map((c) => [c.name, c.args()]),
    [
      ['ingest-1', ['ingest']],
      ['ingest-2', ['ingest']],
      ['worker', ['worker']],
      ['api', ['api']],
    ],
  );
  assert.deepEqual(
    children.map((c) => c.env.RFID_WORKER_ID),
    ['box-ingest-1', 'box-ingest-2', 'box-worker', undefined],
  );
  assert.deepEqual(
    children.slice(0, 2).map((c) => c.env.RFID_METRICS_PORT),
    ['0', '0'],
  );
});

test('a metrics port and a static member id are made distinct per ingest worker', () => {
  const config = loadConfig({ RFID_METRICS_PORT: '9400', RFID_GROUP_INSTANCE_ID: 'node-a' });
  const [a, b] = productChildren(config, { ingestWorkers: 2, host: 'box', logFormat: 'pretty' });
  assert.deepEqual([a!.env.RFID_METRICS_PORT, b!.env.RFID_METRICS_PORT], ['9400', '9401']);
  assert.deepEqual([a!.env.RFID_GROUP_INSTANCE_ID, b!.env.RFID_GROUP_INSTANCE_ID], ['node-a-1', 'node-a-2']);
  assert.equal(a!.env.LOG_FORMAT, 'pretty');
});

test('the demo feed takes a new seed at each start, so a restarted feed repeats no event id', () => {
  const config = loadConfig({ RFID_DEMO_RATE: '7', RFID_DEMO_HISTORY_COUNT: '500', RFID_DEMO_HISTORY_DAYS: '4' });
  let now = 1_000;
  const feed = demoFeedChild(config, () => now);
  const first = feed.args();
  now = 2_000;
  assert.deepEqual(first, ['simulate', '--forever', '--rate', '7', '--seed', String(clockSeed(1_000))]);
  assert.notDeepEqual(feed.args(), first);
  assert.deepEqual(demoHistoryChild(config, () => 5).args(), ['simulate', '--history-days', '4', '--count', '500', '--seed', '6']);
  assert.ok(clockSeed(Date.now()) >= 1);
});
