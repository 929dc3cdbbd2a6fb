/** InventoryCache against the real Redis: version-guarded writes, reads, the completeness marker, clear, and an outage. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { isRfidError } from '../../src/errors.ts';
import { createRedis } from '../../src/redis/client.ts';
import { InventoryCache, type CacheCell } from '../../src/redis/inventory-cache.ts';
import { openServices, type Services } from '../support/services.ts';
import { makeTestEnv } from '../support/test-env.ts';

const t = makeTestEnv('inventorycache');
let services: Services;
let cache: InventoryCache;
before(async () => {
  services = await openServices(t);
  // The services' client fails fast (no offline queue): wait until it is connected.
  if (services.redis.status !== 'ready') await once(services.redis, 'ready');
  cache = services.cache;
});
after(async () => {
  await services.close();
});
// Each test uses its own SKUs (or its own prefix): no clear() between tests, which would SCAN
// the whole shared Redis.

const cell = (sku: string, location: string, qty_on_hand: number, version: number): CacheCell => ({ sku, location, qty_on_hand, version });

test('writes absolute quantities under the contract keys with their version', async () => {
  assert.equal(await cache.write([cell('SKU-1', 'WH1-01', 5, 3), cell('상품-가', '창고:1|A 📦', -2, 1)]), 2);
  const prefix = t.config.redisPrefix;
  assert.equal(await services.redis.get(`${prefix}inv:SKU-1:WH1-01`), '5');
  assert.equal(await services.redis.get(`${prefix}invver:SKU-1:WH1-01`), '3');
  assert.equal(await services.redis.get(`${prefix}inv:상품-가:창고:1|A 📦`), '-2');
  assert.deepEqual(await cache.read('SKU-1', 'WH1-01'), { qty: 5, version: 3 });
  assert.deepEqual(await cache.read('상품-가', '창고:1|A 📦'), { qty: -2, version: 1 });
  assert.equal(await cache.read('SKU-1', 'nowhere'), undefined);
});

test('a newer version wins, an older one is ignored, an equal one only with allowEqual', async () => {
  await cache.write([cell('S', 'L', 10, 5)]);
  assert.equal(await cache.write([cell('S', 'L', 99, 4)]), 0, 'older');
  assert.deepEqual(await cache.read('S', 'L'), { qty: 10, version: 5 });
  assert.equal(await cache.write([cell('S', 'L', 77, 5)]), 0, 'equal without allowEqual');
  assert.deepEqual(await cache.read('S', 'L'), { qty: 10, version: 5 });
  assert.equal(await cache.write([cell('S', 'L', 11, 5)], { allowEqual: true }), 1, 'equal with allowEqual');
  assert.deepEqual(await cache.read('S', 'L'), { qty: 11, version: 5 });
  assert.equal(await cache.write([cell('S', 'L', 12, 4)], { allowEqual: true }), 0, 'older with allowEqual');
  assert.deepEqual(await cache.read('S', 'L'), { qty: 11, version: 5 });
  assert.equal(await cache.write([cell('S', 'L', 0, 6)]), 1, 'newer');
  assert.deepEqual(await cache.read('S', 'L'), { qty: 0, version: 6 });
  // Version 0 still beats an absent key.
  assert.equal(await cache.write([cell('S', 'fresh', 3, 0)]), 1);
  assert.deepEqual(await cache.read('S', 'fresh'), { qty: 3, version: 0 });
});

test('one call with mixed cells counts only the winners', async () => {
  await cache.write([cell('M', 'a', 1, 10), cell('M', 'b', 1, 10)]);
  const written = await cache.write([cell('M', 'a', 2, 11), cell('M', 'b', 2, 9), cell('M', 'c', 2, 1)]);
  assert.equal(written, 2);
  assert.deepEqual(
    await cache.readMany([
      { sku: 'M', location: 'a' },
      { sku: 'M', location: 'b' },
      { sku: 'M', location: 'c' },
      { sku: 'M', location: 'z' },
    ]),
    [
      { qty: 2, version: 11 },
      { qty: 1, version: 10 },
      { qty: 2, version: 1 },
      { qty: null, version: null },
    ],
  );
  assert.deepEqual(await cache.readMany([]), []);
});

test('2,500 cells in one call (three script chunks) are all written and counted', async () => {
  const cells = Array.from({ length: 2_500 }, (_, i) => cell(`BULK-${i % 97}`, `LOC-${i}`, i * 3 - 100, 1_000 + i));
  assert.equal(await cache.write(cells), 2_500);
  const back = await cache.readMany(cells);
  assert.deepEqual(
    back,
    cells.map((c) => ({ qty: c.qty_on_hand, version: c.version })),
  );
  // The same versions again: nothing written; with allowEqual: all of them, in every chunk.
  assert.equal(await cache.write(cells), 0);
  assert.equal(
    await cache.write(
      cells.map((c) => ({ ...c, qty_on_hand: c.qty_on_hand + 1 })),
      { allowEqual: true },
    ),
    2_500,
  );
  const last = cells[2_499]!;
  assert.deepEqual(await cache.read(last.sku, last.location), { qty: last.qty_on_hand + 1, version: last.version });
  // Only the cells of the last chunk newer: 500 written.
  assert.equal(await cache.write(cells.map((c, i) => ({ ...c, version: i >= 2_000 ? c.version + 1 : c.version }))), 500);
});

test('an empty write does nothing', async () => {
  assert.equal(await cache.write([]), 0);
});

test('isComplete / markComplete, and clear removes exactly this prefix’s inventory keys', async () => {
  const mine = new InventoryCache(services.redis, `${t.config.redisPrefix}clr:`);
  assert.equal(await mine.isComplete(), false);
  await mine.markComplete();
  assert.equal(await mine.isComplete(), true);
  await mine.write([cell('C', '1', 1, 1), cell('C', '2', 2, 1), cell('C', '3', 3, 1)]);
  // Another cache under a longer prefix, and an unrelated key under ours, must survive.
  const other = new InventoryCache(services.redis, `${t.config.redisPrefix}clr:other:`);
  await other.write([cell('C', '1', 9, 9)]);
  await other.markComplete();
  await services.redis.set(`${t.config.redisPrefix}clr:unrelated`, 'keep');

  assert.equal(await mine.clear(), 7); // 3 quantities, 3 versions, 1 marker
  assert.equal(await mine.isComplete(), false);
  assert.equal(await mine.read('C', '1'), undefined);
  assert.deepEqual(await other.read('C', '1'), { qty: 9, version: 9 });
  assert.equal(await other.isComplete(), true);
  assert.equal(await services.redis.get(`${t.config.redisPrefix}clr:unrelated`), 'keep');
  assert.equal(await mine.clear(), 0);
});

test('a client on a closed port: write and isComplete throw REDIS_UNAVAILABLE', async () => {
  const dead = createRedis('redis://127.0.0.1:1', { failFast: true, maxRetriesPerRequest: 1 });
  try {
    const deadCache = new InventoryCache(dead, t.config.redisPrefix);
    await assert.rejects(deadCache.write([cell('S', 'L', 1, 1)]), (e: unknown) => {
      assert.ok(isRfidError(e, 'REDIS_UNAVAILABLE'), String(e));
      assert.equal(e.retryable, true);
      assert.equal(e.dependency, 'redis');
      assert.ok(e.cause !== undefined);
      return true;
    });
    await assert.rejects(deadCache.isComplete(), (e: unknown) => isRfidError(e, 'REDIS_UNAVAILABLE'));
  } finally {
    dead.disconnect();
  }
});

test('a rebuild marks the cache complete only if Redis was not emptied meanwhile', async () => {
  const rebuilt = new InventoryCache(services.redis, `${t.config.redisPrefix}rb:`);
  const token = await rebuilt.beginRebuild();
  assert.equal(await rebuilt.finishRebuild(token), true);
  assert.equal(await rebuilt.isComplete(), true);
  assert.equal(await services.redis.exists(rebuilt.rebuildKey), 0, 'the token is gone once used');

  // A FLUSHALL (or a restart) during the rebuild removes the token: no claim of completeness.
  const straddled = new InventoryCache(services.redis, `${t.config.redisPrefix}rb2:`);
  const second = await straddled.beginRebuild();
  await services.redis.del(straddled.rebuildKey);
  assert.equal(await straddled.finishRebuild(second), false);
  assert.equal(await straddled.isComplete(), false);
  // Another rebuild's token does not count either.
  const third = await straddled.beginRebuild();
  await services.redis.set(straddled.rebuildKey, 'someone-else');
  assert.equal(await straddled.finishRebuild(third), false);
});
