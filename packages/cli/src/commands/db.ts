import type { Command } from 'commander';

import { migrateStore, storeSchemaStatus } from '@rmm-hub/hub';

import { openConfig } from '../global-options.js';
import { createOutput } from '../output.js';

/** `rmm-hub db status|migrate`: the store's schema version, and bringing it up to date, for either store. */
export function registerDb(program: Command): void {
  const db = program.command('db').description("The store's schema: where it stands, and bringing it up to date (SQLite or PostgreSQL)");
  db.command('status')
    .description("The store's schema version, this rmm-hub's, and the migrations still to apply (changes nothing)")
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const { loaded } = openConfig(program);
      const report = await storeSchemaStatus(loaded);
      createOutput(Boolean(options.json)).result(report, () =>
        [
          `${report.kind} store at ${report.location}: schema version ${report.version} of ${report.latest}`,
          report.pending.length ? `pending: ${report.pending.map((m) => `${m.version} ${m.name}`).join(', ')} (run \`rmm-hub db migrate\`)` : 'up to date',
        ].join('\n'),
      );
    });
  db.command('migrate')
    .description('Create the store if missing and apply the pending migrations (under a lock: several processes migrate once)')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const { loaded } = openConfig(program);
      const report = await migrateStore(loaded);
      createOutput(Boolean(options.json)).result(report, () =>
        report.applied.length
          ? `${report.kind} store at ${report.location}: migrated from version ${report.from} to ${report.version} (${report.applied.map((m) => `${m.version} ${m.name}`).join(', ')})`
          : `${report.kind} store at ${report.location}: already at version ${report.version}, nothing to apply`,
      );
    });
}
