import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Producer, stringSerializers } from '@platformatic/kafka';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import { ensureTopics } from '../../src/kafka/topics.ts';
import { kafkaClientOptions } from '../../src/kafka/client-options.ts';
import { makeTestEnv } from '../support/test-env.ts';

const t = makeTestEnv('tail');
after(() => t.cleanup());

test('tail prints a produced event, shows a malformed one as invalid, and keeps going', async () => {
  await ensureTopics(t.config);
  const producer = new Producer({ ...kafkaClientOptions(t.config.kafka, 'test'), serializers: stringSerializers });
  const id = randomUUID();
  const after = randomUUID();
  const event = (event_id: string, sku: string) =>
    JSON.stringify({ event_id, event_ts: new Date().toISOString(), event_type: 'IN', sku, location: 'L1', qty: 3 });
  await producer.send({
    messages: [
      { topic: t.config.topics.events, key: 'A|L1', value: event(id, 'A'), partition: 0 },
      { topic: t.config.topics.events, key: 'A|L1', value: '{not json', partition: 0 },
      { topic: t.config.topics.events, key: 'B|L1', value: event(after, 'B'), partition: 0 },
    ],
  });
  await producer.close();

  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'src/cli/main.ts'), 'tail', '--from-beginning', '--max', '3'], {
    env: { ...process.env, ...t.env } as NodeJS.ProcessEnv,
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d));
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 0, err);
  const lines = out.trim().split('\n');
  assert.equal(lines.length, 3, out);
  assert.match(lines[0]!, new RegExp(`IN .*\\+3 .*A @ L1 .*${id}`));
  assert.match(lines[1]!, /INVALID NOT_JSON/);
  assert.match(lines[2]!, new RegExp(after));
});

test('tail --json filtered by sku prints only that SKU, and Ctrl-C exits cleanly', async () => {
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'src/cli/main.ts'), 'tail', '--from-beginning', '--json', '--sku', 'B'], {
    env: { ...process.env, ...t.env } as NodeJS.ProcessEnv,
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d));
  const deadline = Date.now() + 30_000;
  while (!out.includes('\n') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  child.kill('SIGINT');
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 0);
  const lines = out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { event: { sku: string } });
  assert.equal(lines.length, 1);
  assert.equal(lines[0]!.event.sku, 'B');
});
