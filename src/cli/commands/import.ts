import type { Command } from 'commander';
import { EventProducer } from '../../kafka/event-producer.ts';
import { importCsvFile } from '../../import/csv-import.ts';
import { rejectsFileWriter } from '../../import/rejects-csv.ts';
import { cliContext, say } from '../context.ts';
import { progressReporter } from '../progress.ts';

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('import events from a CSV file into the events topic (validated per row; re-importing the same file adds nothing)')
    .argument('<file>', 'CSV with a header: event_ts, event_type, sku, location, qty (optional: event_id, device_id, ref_event_id)')
    .option('--rejects <file>', 'write the rejected rows with line numbers and reasons to this CSV')
    .option('--json', 'print the report as JSON on stdout')
    .action(async (file: string, opts: { rejects?: string; json?: boolean }) => {
      const { config } = cliContext('import');
      const producer = new EventProducer(config, 'import');
      const rejects = opts.rejects ? rejectsFileWriter(opts.rejects) : undefined;
      const progress = progressReporter(`import ${file}`, undefined);
      let total = 0;
      try {
        const report = await importCsvFile(file, {
          send: (events) => producer.send(events),
          limits: config.ingest.validation,
          maxRejectsKept: 20,
          onProgress: (done, rows) => {
            total = rows;
            progress.update(done);
          },
          ...(rejects ? { onReject: rejects.write } : {}),
        });
        progress.finish(report.rowsRead);
        if (opts.json) {
          process.stdout.write(JSON.stringify(report) + '\n');
        } else {
          say(
            `${file}: ${report.rowsRead} rows read, ${report.accepted} accepted, ${report.rejected} rejected in ${report.seconds.toFixed(1)} s (sha256 ${report.sha256.slice(0, 12)}…, ${total} rows)`,
          );
          for (const r of report.rejects) say(`  line ${r.line}: ${r.code}${r.field ? ` (${r.field})` : ''}: ${r.message}`);
          if (report.rejected > report.rejects.length)
            say(`  … and ${report.rejected - report.rejects.length} more${opts.rejects ? '' : '; use --rejects FILE to get them all'}`);
          if (opts.rejects) say(`rejected rows written to ${opts.rejects}`);
        }
        if (report.rejected > 0) process.exitCode = 3;
      } finally {
        await rejects?.close();
        await producer.close();
      }
    });
}
