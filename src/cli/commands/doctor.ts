import type { Command } from 'commander';
import { runDoctor, type CheckResult } from '../../doctor/checks.ts';
import type { Config } from '../../config/config.ts';
import { cliContext } from '../context.ts';

export function printChecks(results: CheckResult[]): boolean {
  for (const r of results) {
    process.stdout.write(`${r.ok ? '✔' : '✘'} ${r.name}: ${r.detail}\n`);
    if (!r.ok && r.hint) process.stdout.write(`    → ${r.hint}\n`);
  }
  const failed = results.filter((r) => !r.ok).length;
  process.stdout.write(failed === 0 ? `all ${results.length} checks passed\n` : `${failed} of ${results.length} checks failed\n`);
  return failed === 0;
}

export async function doctor(config: Config): Promise<boolean> {
  return printChecks(await runDoctor(config));
}

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('check Kafka, Postgres and Redis; exit 0 only when every check passes')
    .action(async () => {
      if (!(await doctor(cliContext('doctor').config))) process.exitCode = 1;
    });
}
