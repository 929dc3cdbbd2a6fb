import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createFirstAdminKey, FIRST_ADMIN_KEY_ARGS, firstAdminKeyMarker, type FirstRunDeps } from '../../src/supervisor/first-run.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'rfid-first-run-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function deps(stateDir: string, has: boolean, result = { code: 0, stdout: 'key rfid_admin_0123\n', stderr: '' }): FirstRunDeps & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    calls,
    stateDir,
    hasCommand: (p) => has && p.join(' ') === 'apikey create',
    run: async (args) => {
      calls.push([...args]);
      return result;
    },
  };
}

test('without an `apikey create` command the hook does nothing', async () => {
  const d = deps(path.join(dir, 'none'), false);
  assert.equal(await createFirstAdminKey(d), undefined);
  assert.deepEqual(d.calls, []);
  assert.equal(existsSync(firstAdminKeyMarker(d.stateDir)), false);
});

test('with the command: the first run creates the key and returns its output once; later runs skip it', async () => {
  const d = deps(path.join(dir, 'with'), true);
  assert.equal(await createFirstAdminKey(d), 'key rfid_admin_0123');
  assert.deepEqual(d.calls, [[...FIRST_ADMIN_KEY_ARGS]]);
  assert.equal(await createFirstAdminKey(d), undefined);
  assert.equal(d.calls.length, 1);
});

test('a failing command throws and leaves no marker, so the next run tries again', async () => {
  const d = deps(path.join(dir, 'fails'), true, { code: 1, stdout: '', stderr: 'auth is off' });
  await assert.rejects(createFirstAdminKey(d), /exited with 1: auth is off/);
  assert.equal(existsSync(firstAdminKeyMarker(d.stateDir)), false);
});
