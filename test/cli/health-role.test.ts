import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isHealthRole, roleOfCommandLine } from '../../src/cli/health-role.ts';

test('the role is the argument after the entry point', () => {
  assert.equal(
    roleOfCommandLine(['node', '--disable-warning=ExperimentalWarning', '--max-old-space-size=256', '/app/src/cli/main.ts', 'ingest', '']),
    'ingest',
  );
  assert.equal(roleOfCommandLine(['node', '/app/src/cli/main.ts', 'api']), 'api');
  assert.equal(roleOfCommandLine(['node', 'src/cli/main.ts', 'worker']), 'worker');
});

test('the checker itself, options, other programs and an entry point without a command have none', () => {
  assert.equal(roleOfCommandLine(['node', '/app/src/cli/main.ts', 'migrate']), 'migrate');
  assert.equal(roleOfCommandLine(['node', '/app/src/cli/main.ts', 'health', '--role', 'api']), undefined);
  assert.equal(roleOfCommandLine(['node', '/app/src/cli/main.ts', '--help']), undefined);
  assert.equal(roleOfCommandLine(['node', '/app/src/cli/main.ts']), undefined);
  assert.equal(roleOfCommandLine(['/usr/bin/redis-server', 'api']), undefined);
  assert.equal(roleOfCommandLine(['']), undefined);
});

test('only api, ingest and worker have something to ask', () => {
  assert.deepEqual(['api', 'ingest', 'worker', 'migrate', 'simulate'].map(isHealthRole), [true, true, true, false, false]);
});
