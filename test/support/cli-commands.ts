/**
 * Checks an `rfid …` argument vector against the real commander program (src/cli/program.ts),
 * without running it: deployment files (Dockerfile, docker-compose.yml, the Helm chart) may only
 * run subcommands and options that exist.
 */
import type { Command } from 'commander';
import { buildProgram } from '../../src/cli/program.ts';

const program = buildProgram();

/** Problems with `args` (the words after `rfid`); empty when the command line would be accepted. */
export function cliProblems(args: readonly string[]): string[] {
  let command: Command = program;
  let i = 0;
  // Descend through subcommands (`topics ensure`) while the next word names one.
  while (i < args.length) {
    const word = args[i] ?? '';
    const sub = command.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (sub === undefined) break;
    command = sub;
    i++;
  }
  const problems: string[] = [];
  if (command === program) problems.push(`rfid ${args.join(' ')}: ${JSON.stringify(args[0])} is not an rfid command`);
  else if (command.commands.length > 0) problems.push(`rfid ${args.join(' ')}: needs a subcommand of ${command.name()}`);
  for (const arg of args.slice(i)) {
    if (!arg.startsWith('-')) continue;
    const flag = arg.split('=')[0] ?? arg;
    const known = command.options.some((o) => o.long === flag || o.short === flag || o.long === flag.replace(/^--no-/, '--'));
    if (!known && flag !== '--help' && flag !== '-h') problems.push(`rfid ${args.join(' ')}: ${command.name()} has no option ${flag}`);
  }
  return problems;
}
