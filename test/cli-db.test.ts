/**
 * `rmm-hub db status` and `db migrate` on the SQLite store: status changes nothing, migrate
 * brings a new file to this rmm-hub's version once. (The PostgreSQL side: cli-db.postgres.test.ts.)
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { MIGRATIONS } from '@rmm-hub/store-sqlite';

import { runCliCaptured } from './support/run-cli.js';

describe('rmm-hub db on SQLite', () => {
  it('status reads without creating the file; migrate creates and migrates it once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rmm-cli-db-'));
    const file = join(dir, 'rmm-hub.yaml');
    writeFileSync(file, 'store:\n  path: ./hub.db\n');
    const status = await runCliCaptured(['--config', file, 'db', 'status', '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ kind: 'sqlite', location: join(dir, 'hub.db'), version: 0, latest: MIGRATIONS.length, pending: MIGRATIONS.map(({ version, name }) => ({ version, name })) });
    expect(existsSync(join(dir, 'hub.db'))).toBe(false);

    const migrated = await runCliCaptured(['--config', file, 'db', 'migrate', '--json']);
    expect(migrated.code).toBe(0);
    expect(JSON.parse(migrated.stdout)).toMatchObject({ from: 0, version: MIGRATIONS.length, applied: MIGRATIONS.map(({ version, name }) => ({ version, name })), pending: [] });
    const again = await runCliCaptured(['--config', file, 'db', 'migrate']);
    expect(again.stdout).toMatch(/already at version \d+, nothing to apply/);
    expect(JSON.parse((await runCliCaptured(['--config', file, 'db', 'status', '--json'])).stdout)).toMatchObject({ version: MIGRATIONS.length, pending: [] });
  });
});
