/** The `rfid` command line's program: one subcommand per job, each registered from commands/. */
import { Command } from 'commander';
import { registerDoctor } from './commands/doctor.ts';
import { registerDown } from './commands/down.ts';
import { registerHealth } from './commands/health.ts';
import { registerIngest } from './commands/ingest.ts';
import { registerJobs } from './commands/jobs.ts';
import { registerImport } from './commands/import.ts';
import { registerCache } from './commands/cache.ts';
import { registerApi } from './commands/api.ts';
import { registerApiKey } from './commands/apikey.ts';
import { registerMasterData } from './commands/master-data.ts';
import { registerMigrate } from './commands/migrate.ts';
import { registerStack } from './commands/stack.ts';
import { registerSimulate } from './commands/simulate.ts';
import { registerTail } from './commands/tail.ts';
import { registerStatus } from './commands/status.ts';
import { registerTopics } from './commands/topics.ts';
import { registerUp } from './commands/up.ts';
import { registerWorker } from './commands/worker.ts';

/**
 * The whole `rfid` program, every subcommand registered, not yet parsed: main.ts runs it, and
 * test/deploy walks it to check that deployment files run only commands that exist.
 *
 * @example
 * buildProgram().commands.map((c) => c.name()) // ['up', 'down', 'status', …]
 */
export function buildProgram(): Command {
  const program = new Command('rfid')
    .description('rfid-pipeline: RFID events → exactly-once stock per SKU × location (Kafka, Postgres, Redis)')
    .showHelpAfterError()
    .exitOverride();

  registerUp(program);
  registerDown(program);
  registerStatus(program);
  registerStack(program);
  registerMigrate(program);
  registerTopics(program);
  registerDoctor(program);
  registerHealth(program);
  registerTail(program);
  registerIngest(program);
  registerCache(program);
  registerMasterData(program);
  registerSimulate(program);
  registerImport(program);
  registerApi(program);
  registerApiKey(program);
  registerWorker(program);
  registerJobs(program);
  return program;
}
