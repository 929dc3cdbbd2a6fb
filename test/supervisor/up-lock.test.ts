import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { acquireUpLock, upPidFile, UP_PROCESS_MARKER } from '../../src/supervisor/up-lock.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'rfid-up-lock-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('the first lock wins; release removes only our own pid file', () => {
  const stateDir = path.join(dir, 'a');
  const lock = acquireUpLock(stateDir, 4242);
  assert.equal(lock.heldBy, undefined);
  assert.equal(readFileSync(upPidFile(stateDir), 'utf8').trim(), '4242');
  writeFileSync(upPidFile(stateDir), '4343\n'); // someone else's now
  lock.release?.();
  assert.equal(existsSync(upPidFile(stateDir)), true);
});

test('a live rfid process holding the pid file refuses a second lock', async () => {
  const stateDir = path.join(dir, 'b');
  // A live process whose command line carries the marker, as a running `rfid up` does.
  const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)', UP_PROCESS_MARKER], { stdio: 'ignore' });
  try {
    await new Promise((resolve) => holder.once('spawn', resolve));
    const first = acquireUpLock(stateDir, holder.pid!);
    assert.equal(first.heldBy, undefined);
    const second = acquireUpLock(stateDir, process.pid);
    assert.equal(second.heldBy, holder.pid);
  } finally {
    holder.kill('SIGKILL');
  }
});

test('a pid file whose process is gone, or is not rfid (a reused pid), is taken over', async () => {
  const stateDir = path.join(dir, 'c');
  const gone = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => gone.once('exit', resolve));
  assert.equal(acquireUpLock(stateDir, gone.pid!).heldBy, undefined);
  const taken = acquireUpLock(stateDir, process.pid);
  assert.equal(taken.heldBy, undefined);
  assert.equal(taken.heldBy === undefined && taken.staleTakenOver, true);
  // Our own test process is alive but is no `rfid` process: stale as well.
  const again = acquireUpLock(stateDir, 77);
  assert.equal(again.heldBy === undefined && again.staleTakenOver, true);
  assert.equal(readFileSync(upPidFile(stateDir), 'utf8').trim(), '77');
});
