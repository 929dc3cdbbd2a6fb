/**
 * What the supervisor runs: a named `rfid` subcommand with its own environment. Children go
 * through `bin/rfid`, as a person would start them, so per-command settings (the ingest worker's
 * heap caps) apply.
 *
 * @example
 * const spec: ChildSpec = { name: 'api', args: () => ['api'], env: {} }
 * rfidCommand(spec) // { command: '/…/bin/rfid', args: ['api'] }
 */
import path from 'node:path';
import { PROJECT_ROOT } from '../config/config.ts';

export interface ChildSpec {
  /** Shown in front of every output line (`[ingest-1] …`) and in `rfid status`. */
  readonly name: string;
  /** The `rfid` arguments, evaluated at each start (the demo feed takes a fresh seed per start). */
  readonly args: () => readonly string[];
  /** Added to the supervisor's own environment. */
  readonly env: Readonly<Record<string, string>>;
}

export const RFID_BIN = path.join(PROJECT_ROOT, 'bin', 'rfid');

export function rfidCommand(spec: ChildSpec): { command: string; args: string[] } {
  return { command: RFID_BIN, args: [...spec.args()] };
}
