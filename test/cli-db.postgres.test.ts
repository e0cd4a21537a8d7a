/**
 * `rmm-hub db status` and `db migrate` on a PostgreSQL store (the vitest project `postgres`,
 * against its test server): the URL comes from a secret reference and never shows in the
 * output, status creates nothing, migrate creates the schema and migrates it once.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { MIGRATIONS } from '@rmm-hub/store-postgres';

import { useTestDatabase } from '../packages/store-postgres/src/test-support/test-database.js';
import { runCliCaptured } from './support/run-cli.js';

const database = useTestDatabase();

describe('rmm-hub db on PostgreSQL', () => {
  it('reads the URL from its secret, creates nothing on status, migrates once, and never prints the password', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rmm-cli-db-pg-'));
    const file = join(dir, 'rmm-hub.yaml');
    writeFileSync(file, 'store:\n  kind: postgres\n  url: env:RMM_TEST_DB_URL\n  schema: msp_cli\n');
    const env = { RMM_TEST_DB_URL: database.url };
    const password = new URL(database.url).password;
    const run = async (...argv: string[]) => {
      const result = await runCliCaptured(['--config', file, 'db', ...argv], env);
      expect(result.stdout + result.stderr).not.toContain(password);
      return result;
    };
    const status = await run('status', '--json');
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ kind: 'postgres', location: expect.stringContaining('(schema msp_cli)'), version: 0, latest: MIGRATIONS.length });
    expect(JSON.parse((await run('status', '--json')).stdout)).toMatchObject({ version: 0 });

    const migrated = JSON.parse((await run('migrate', '--json')).stdout) as { applied: unknown[] };
    expect(migrated).toMatchObject({ from: 0, version: MIGRATIONS.length, applied: MIGRATIONS.map(({ version, name }) => ({ version, name })) });
    expect((await run('migrate')).stdout).toMatch(/already at version/);
    expect(JSON.parse((await run('status', '--json')).stdout)).toMatchObject({ version: MIGRATIONS.length, pending: [] });
  });

  it('a refused login is a coded store error naming the user, without the password', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rmm-cli-db-pg-'));
    const file = join(dir, 'rmm-hub.yaml');
    writeFileSync(file, 'store:\n  kind: postgres\n  url: env:RMM_TEST_DB_URL\n');
    const wrong = new URL(database.url);
    wrong.password = 'Wrong-Password-123';
    const result = await runCliCaptured(['--config', file, 'db', 'status'], { RMM_TEST_DB_URL: wrong.toString() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('RMM_ERR_STORE_AUTH');
    expect(result.stdout + result.stderr).not.toContain('Wrong-Password-123');
  });
});
