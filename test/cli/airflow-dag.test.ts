import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import { runCli } from '../support/test-env.ts';

const DAG = readFileSync(path.join(PROJECT_ROOT, 'deploy/airflow/rfid_daily.py'), 'utf8');

test('deploy/airflow/rfid_daily.py: every rfid command and option it uses exists in the CLI', async () => {
  const command = /bash_command=f"\{RFID\} ([^"]+)"/.exec(DAG)?.[1];
  assert.ok(command, 'the DAG calls the CLI');
  const words = command.split(' ');
  const jobs = /for job in \(([^)]+)\)/
    .exec(DAG)![1]!
    .split(',')
    .map((j) => j.trim().replace(/"/g, ''))
    .filter(Boolean);
  assert.deepEqual(words.slice(0, 3), ['jobs', 'run', '{job}']);
  const help = await runCli(['jobs', 'run', '--help'], {});
  assert.equal(help.code, 0, help.stderr);
  for (const option of words.filter((w) => w.startsWith('--'))) assert.ok(help.stdout.includes(option), `rfid jobs run has ${option}`);
  assert.match(help.stdout, new RegExp(jobs.join('\\|')), 'rfid jobs run takes every job the DAG runs');
});
