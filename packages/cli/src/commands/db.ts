import type { Command } from 'commander';

import { copyStoreToPostgres, migrateStore, storeSchemaStatus } from '@rmm-hub/hub';

import { openConfig } from '../global-options.js';
import { createOutput, table } from '../output.js';

/** How often a long copy says how far it got. */
const PROGRESS_EVERY_MS = 2000;

/** `rmm-hub db status|migrate|copy`: the store's schema version, and bringing it up to date, for either store. */
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
  db.command('copy')
    .description('Copy a SQLite store into PostgreSQL in one transaction, verified table by table by row counts and digests')
    .requiredOption('--from <path>', 'the SQLite database file (store.path of its config)')
    .requiredOption('--to <url>', 'the PostgreSQL URL, or a reference to it: env:NAME or file:PATH (never printed)')
    .option('--schema <name>', 'the schema to copy into', 'rmm_hub')
    .option('--force', 'replace the store the schema holds (refused otherwise)')
    .option('--json', 'print JSON')
    .action(async (options: { from: string; to: string; schema: string; force?: boolean; json?: boolean }) => {
      const out = createOutput(Boolean(options.json));
      let shown = { table: '', at: 0 };
      const report = await copyStoreToPostgres({
        from: options.from,
        to: options.to,
        schema: options.schema,
        force: Boolean(options.force),
        onProgress: (p) => {
          const now = performance.now();
          if (p.table === shown.table && now - shown.at < PROGRESS_EVERY_MS && p.copied < p.total) return;
          shown = { table: p.table, at: now };
          out.note(`${p.phase === 'copy' ? 'copying' : 'verifying'} ${p.table}: ${p.copied} of ${p.total} rows`);
        },
      });
      out.result(report, () =>
        [
          `copied ${report.rows} rows from ${report.from} to ${report.to}${report.replaced ? ', replacing the store it held' : ''} in ${report.durationMs} ms; every table reads back with equal counts and digests`,
          table(['table', 'rows', 'digest (sha256)'], report.tables.map((t) => [t.name, t.rows, t.digest])),
        ].join('\n'),
      );
    });
}
