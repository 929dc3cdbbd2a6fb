/**
 * Issue 11's xlsx export benchmark: bench/export-memory.ts with `--formats xlsx` (rows/s of
 * `/v1/exports/events.xlsx` over HTTP and the API process's peak RSS), not a second copy of it.
 *
 *   bash scripts/bench.sh export-xlsx [--rows 1000000] [--api-heap-mb 128] [--json]
 */
process.argv.push('--formats', 'xlsx');
await import('./export-memory.ts');
