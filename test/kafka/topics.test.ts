import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { ensureTopics, contractTopics } from '../../src/kafka/topics.ts';
import { makeTestEnv } from '../support/test-env.ts';

const t = makeTestEnv('topics', { RFID_EVENTS_PARTITIONS: '4' });
after(() => t.cleanup());

test('topics ensure creates the contract topics, then is a no-op', async () => {
  const first = await ensureTopics(t.config);
  assert.deepEqual(
    first.map((r) => [r.name, r.status, r.partitions]),
    [
      [t.config.topics.events, 'created', 4],
      [t.config.topics.dlq, 'created', 1],
      [t.config.topics.changes, 'created', 4],
    ],
  );
  const second = await ensureTopics(t.config);
  assert.deepEqual(
    second.map((r) => [r.name, r.status, r.partitions]),
    [
      [t.config.topics.events, 'exists', 4],
      [t.config.topics.dlq, 'exists', 1],
      [t.config.topics.changes, 'exists', 4],
    ],
  );
});

test('a topic with fewer partitions than wanted is reported, not changed', async () => {
  const wanted = { ...t.config, topics: { ...t.config.topics, eventsPartitions: 8 } };
  const reports = await ensureTopics(wanted, contractTopics(wanted).slice(0, 1));
  assert.equal(reports[0]!.status, 'fewer-partitions');
  assert.equal(reports[0]!.partitions, 4);
});
