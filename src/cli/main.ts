/**
 * The `rfid` command line: one program, one subcommand per job. Each subcommand is the
 * composition root of its process: it reads the configuration and wires the adapters it needs.
 */
import { Command, CommanderError } from 'commander';
import { RfidError, describeError } from '../errors.ts';
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

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;
  } else {
    process.stderr.write(`✘ ${error instanceof RfidError ? error.message : describeError(error)}\n`);
    if (error instanceof RfidError && error.cause !== undefined) process.stderr.write(`  cause: ${describeError(error.cause)}\n`);
    if (error instanceof RfidError && error.hint) process.stderr.write(`  → ${error.hint}\n`);
    process.exitCode = error instanceof RfidError && error.code === 'CONFIG_INVALID' ? 2 : 1;
  }
}
