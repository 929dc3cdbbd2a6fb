import assert from 'node:assert/strict';
import { test } from 'node:test';
import { roleOfCommandLine } from '../../src/cli/health-role.ts';

test('the role is the argument after the entry point, when it is a long-running role', () => {
  assert.equal(
    roleOfCommandLine(['node', '--disable-warning=ExperimentalWarning', '--max-old-space-size=256', '/app/src/cli/main.ts', 'ingest', '']),
    'ingest',
  );
  assert.equal(roleOfCommandLine(['node', '/app/src/cli/main.ts', 'api']), 'api');
  assert.equal(roleOfCommandLine(['node', 'src/cli/main.ts', 'worker']), 'worker');
});

test('one-shot commands, other programs and an entry point without a role have none', () => {
  assert.equal(roleOfCommandLine(['node', '/app/src/cli/main.ts', 'migrate']), undefined);
  assert.equal(roleOfCommandLine(['node', '/app/src/cli/main.ts']), undefined);
  assert.equal(roleOfCommandLine(['/usr/bin/redis-server', 'api']), undefined);
  assert.equal(roleOfCommandLine(['']), undefined);
});
