/**
 * The secrets canary suite (secrets.test.ts) on the PostgreSQL store, in the vitest project
 * `postgres`: the same canaries in every secret config field, and one more, the store's own
 * password, given in the store URL's secret file. The CLI is run through syncs, scripts, failing
 * RMMs, a refused store login and `db` commands; no canary may appear in what any command
 * prints (text and `--json`, `--debug` included) or in any row the store holds.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';

import { LinkingService } from '@rmm-hub/core';
import { PostgresStore } from '@rmm-hub/store-postgres';

import { runOnServer, useTestDatabase } from '../../../packages/store-postgres/src/test-support/test-database.js';
import { runCliCaptured } from '../../support/run-cli.js';
import { recordCheck, saveChecksAfterAll } from '../support/checks.js';
import { linkMspByHand } from '../support/state.js';
import { startWorld, type World } from '../support/world.js';
import { AUTOMATE_PASSWORD, CANARIES, found, linkedCommandsThenRefusals, NC_JWT, TOTP_SECRET } from './canaries.js';

const PG_USER = 'rmm_canary';
const PG_PASSWORD = 'Canary-Pg-3b8e41d0c9f2';
const WRONG_PG_PASSWORD = 'Canary-Wrong-Pg-71a6e5';
const database = useTestDatabase();
const leaks = (text: string): string[] => [...found(text), ...[PG_PASSWORD, WRONG_PG_PASSWORD].filter((c) => text.includes(c))];

saveChecksAfterAll('secrets-postgres', 2, () => ({ canaries: CANARIES.length + 2, fields: ['ncentral.jwt', 'cw-automate.password', 'cw-automate.mfa.secret', 'store.url'] }));

const admin = (sql: string, url = database.adminUrl): Promise<void> => runOnServer(url, sql);

function storeUrl(password: string): string {
  const url = new URL(database.url);
  url.username = PG_USER;
  url.password = password;
  return url.toString();
}

/** Every row of every table in the store's schema, as PostgreSQL writes it out. */
async function storeText(): Promise<{ rows: number; text: string }> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const tables = (await client.query<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'rmm_hub'`)).rows;
    let rows = 0;
    let text = '';
    for (const { name } of tables) {
      const { rows: dumped } = await client.query<{ row: string }>(`SELECT t::text AS row FROM rmm_hub."${name}" t`);
      rows += dumped.length;
      text += dumped.map((r) => r.row).join('\n');
    }
    return { rows, text };
  } finally {
    await client.end();
  }
}

describe('canary secrets never leak, on PostgreSQL', () => {
  let world: World | undefined;
  afterAll(async () => {
    await world?.close();
    await admin(`DROP OWNED BY ${PG_USER}`, database.url).catch(() => undefined);
    await admin(`DROP ROLE IF EXISTS ${PG_USER}`);
  });

  it('the CLI on a PostgreSQL store: text and --json output of every command, failures, a refused login and --debug included, and every stored row', async () => {
    await admin(`CREATE ROLE ${PG_USER} LOGIN PASSWORD '${PG_PASSWORD}'`);
    await admin(`GRANT ALL ON DATABASE ${database.name} TO ${PG_USER}`);
    world = await startWorld({ devices: 120, secrets: { ncentralJwt: NC_JWT, automatePassword: AUTOMATE_PASSWORD } });
    const raw = structuredClone(world.raw);
    // As in secrets.test.ts: no TOTP wait per CLI process, the TOTP canary configured all the same.
    const automate = (raw['integrations'] as Record<string, Record<string, unknown>>[])[1]!;
    writeFileSync(join(world.dir, 'automate.totp'), `${TOTP_SECRET}\n`, { mode: 0o600 });
    automate['config'] = { ...automate['config'], mfa: { mode: 'totp', secret: 'file:automate.totp' } };
    writeFileSync(join(world.dir, 'pg.url'), `${storeUrl(PG_PASSWORD)}\n`, { mode: 0o600 });
    world.rewrite({ ...raw, store: { kind: 'postgres', url: 'file:pg.url' } });
    const configPath = world.configPath;

    const outputs: { args: string; code: number; text: string }[] = [];
    const run = async (...args: string[]): Promise<string> => {
      const result = await runCliCaptured(['--config', configPath, ...args]);
      outputs.push({ args: args.join(' '), code: result.code, text: result.stdout + result.stderr });
      return result.stdout;
    };
    await run('db', 'status', '--json');
    await run('db', 'migrate');
    await run('check', '--json');
    await run('sync', '--json');
    const store = await PostgresStore.open({ url: storeUrl(PG_PASSWORD) });
    await linkMspByHand(store, new LinkingService(store, { config: world.load().config.linking }), world.fleet);
    await store.close();
    await linkedCommandsThenRefusals(run, world);
    await run('check', '--json');
    await run('sync', '--json');
    await run('sync', '--debug');
    // The store refuses the login: a wrong password (a canary too) in the URL's file.
    writeFileSync(join(world.dir, 'pg.url'), `${storeUrl(WRONG_PG_PASSWORD)}\n`, { mode: 0o600 });
    for (const args of [['status'], ['status', '--json'], ['sync', '--debug'], ['db', 'status', '--json']]) await run(...args);

    expect(outputs.filter((o) => o.code === 0).length).toBeGreaterThan(8);
    const refused = outputs.slice(-4);
    for (const o of refused) expect(o.text, o.args).toContain('RMM_ERR_STORE_AUTH');
    for (const o of outputs) expect(leaks(o.text), o.args).toEqual([]);
    recordCheck(
      'secrets-postgres',
      'CLI output',
      `${outputs.length} runs of the CLI on a PostgreSQL store whose URL holds a canary password (db status and migrate, check, sync, status, links, computers, computer, run-script; text and --json; a rejected JWT, dropped tokens, --debug; then a refused store login with another canary password): no canary in stdout or stderr`,
    );

    const stored = await storeText();
    expect(stored.rows).toBeGreaterThan(100);
    expect(leaks(stored.text)).toEqual([]);
    recordCheck('secrets-postgres', 'every stored row', `all ${stored.rows} rows of every table in the store's schema, as PostgreSQL prints them: no canary`);
  }, 180_000);
});
