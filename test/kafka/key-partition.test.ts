import { test } from 'node:test';
import assert from 'node:assert/strict';
import { murmur2 as clientMurmur2 } from '@platformatic/kafka';
import { keyPartition, murmur2 } from '../../src/kafka/key-partition.ts';
import { seededRandom } from '../../src/simulate/seeded-random.ts';

test('murmur2 equals the Kafka client reference on every length and byte value', () => {
  const rand = seededRandom(7);
  for (let n = 0; n < 2000; n++) {
    const bytes = Buffer.alloc(n % 67);
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(rand() * 256);
    assert.equal(murmur2(bytes), clientMurmur2(bytes), `key ${bytes.toString('hex')}`);
  }
});

test('known values of the Java client (Utils.murmur2 test vectors)', () => {
  // From Apache Kafka's UtilsTest.testMurmur2.
  const cases: Array<[string, number]> = [
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
  ];
  for (const [key, hash] of cases) assert.equal(murmur2(Buffer.from(key)), hash, key);
});

test('partitions are the Java default: positive hash modulo the count', () => {
  const key = Buffer.from('SKU-000042|WH1-A-01');
  assert.equal(keyPartition(key, 6), (murmur2(key) & 0x7fffffff) % 6);
  for (let p = 1; p <= 12; p++) assert.ok(keyPartition(Buffer.from(`k${p}`), p) < p);
});
