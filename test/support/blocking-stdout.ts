/**
 * Preloaded into every test process by scripts/test.sh (`--import`). Makes stdout a blocking pipe
 * so that `--test-force-exit` cannot cut off a test file's report: the child streams its verdicts
 * to the runner over a non-blocking pipe on Linux, and the forced `process.exit()` drops what is
 * still buffered, so the run reports fewer tests than ran and still exits 0 (nodejs/node#64833,
 * open; a CI run here reported 502 of 513 tests, the last 11 of one file missing). Measured with
 * the reproduction, 40 files × 50 tests at concurrency 2: 1,690–1,777 of 2,000 verdicts
 * without this, 2,000 of 2,000 with it, three runs each.
 */
const stdout = process.stdout as unknown as { _handle?: { setBlocking?: (blocking: boolean) => unknown } };
stdout._handle?.setBlocking?.(true);
