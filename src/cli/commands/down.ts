import type { Command } from 'commander';
import { stopProcess } from '../../stack/processes.ts';
import { readRunState } from '../../supervisor/run-state.ts';
import { upStateFile } from '../../supervisor/run-product.ts';
import { STOP_GRACE_MS } from '../../supervisor/supervisor.ts';
import { stopOrphans } from '../../supervisor/stop-orphans.ts';
import { runningUpPid } from '../../supervisor/up-lock.ts';
import { cliContext, say } from '../context.ts';
import { stackDown } from './stack.ts';

export function registerDown(program: Command): void {
  program
    .command('down')
    .description('stop a running `rfid up` (detached or not) and its children; --stack also stops the local stack')
    .option('--stack', 'then `stack down`: Kafka, and Postgres/Redis when rfid started them')
    .action(async (opts: { stack?: boolean }) => {
      const { config } = cliContext('down');
      const stateDir = config.stack.stateDir;
      const pid = runningUpPid(stateDir);
      if (pid === undefined) {
        say('· rfid up is not running');
      } else {
        const children = readRunState(upStateFile(stateDir))?.children.length ?? 0;
        // The supervisor gives its children STOP_GRACE_MS, then kills them; it gets a little more.
        const how = await stopProcess(pid, STOP_GRACE_MS + 10_000);
        say(`✔ rfid up stopped (pid ${pid}, ${children} children${how === 'killed' ? ', supervisor killed after the grace time' : ''})`);
      }
      // A supervisor killed outright leaves its children: stop them by the pids it recorded.
      const orphans = await stopOrphans(upStateFile(stateDir));
      if (orphans.length > 0) say(`✔ stopped children left behind: ${orphans.join(', ')}`);
      if (opts.stack) await stackDown(config);
    });
}
