import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatStreamPosition, parseStreamPosition, resumeOffsets } from '../../src/domain/stream-position.ts';

test('ids round-trip, sorted by partition; anything else is refused', () => {
  assert.deepEqual(
    parseStreamPosition('p3:45,p0:123'),
    new Map([
      [3, 45n],
      [0, 123n],
    ]),
  );
  assert.equal(
    formatStreamPosition(
      new Map([
        [3, 45n],
        [0, 123n],
        [1, -1n],
      ]),
    ),
    'p0:123,p1:-1,p3:45',
  );
  assert.deepEqual(parseStreamPosition(''), new Map());
  for (const bad of ['0:12', 'p0:', 'p0:1,,p1:2', 'px:1', 'p0:-2', 'p0:1;p1:2']) assert.equal(parseStreamPosition(bad), undefined, bad);
});

test('resume just after the position, within the log; unknown partitions from the log end', () => {
  const position = new Map([
    [0, 123n],
    [1, 2n],
    [2, 500n],
  ]);
  assert.deepEqual(resumeOffsets(position, [0n, 10n, 0n, 0n], [200n, 50n, 300n, 7n]), [124n, 10n, 300n, 7n]);
  assert.deepEqual(resumeOffsets(new Map([[0, -1n]]), [0n], [5n]), [0n]);
});
