/**
 * The `rfid` command line: one program, one subcommand per job. Each subcommand is the
 * composition root of its process: it reads the configuration and wires the adapters it needs.
 */
import { CommanderError } from 'commander';
import { RfidError, describeError } from '../errors.ts';
import { buildProgram } from './program.ts';

const program = buildProgram();

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
