import type { Command } from 'commander';
import { cliContext, say } from '../context.ts';
import { stackUp } from './stack.ts';
import { migrateDatabase } from './migrate.ts';
import { ensureContractTopics } from './topics.ts';
import { doctor } from './doctor.ts';

export function registerUp(program: Command): void {
  program
    .command('up')
    .description('the main job: stack up, migrate, topics ensure, doctor')
    .action(async () => {
      const { config } = cliContext('up');
      say('── stack');
      await stackUp(config);
      say('── migrate');
      const applied = await migrateDatabase(config);
      say(applied.length > 0 ? `✔ applied ${applied.join(', ')}` : '✔ migrations up to date');
      say('── topics');
      await ensureContractTopics(config);
      say('── doctor');
      if (!(await doctor(config))) process.exitCode = 1;
    });
}
