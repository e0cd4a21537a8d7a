/**
 * Processes sharing one database (#29 items 4 and 11, #26 item 9), with real processes: several
 * opening a new database at the same instant, and the built CLI run as another user on a
 * database file that user cannot write.
 */
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { runCliCaptured } from '../../support/run-cli.js';
import { requireBuiltCli, spawnCli, spawnNode } from '../crash/cli-child.js';
import { recordCheck, saveChecksAfterAll } from '../support/checks.js';
import { ROOT } from '../support/results.js';
import { NC, startWorld } from '../support/world.js';

const OPEN_STORE = join(ROOT, 'test', 'reliability', 'processes', 'open-store.child.mjs');
const OPENERS = 6;
/** The unprivileged user the read-only check runs the CLI as: root writes whatever the file mode says. */
const NOBODY = 65534;

const SUITE = 'processes-store';
saveChecksAfterAll(SUITE, 2);

describe('processes sharing one database', () => {
  it(`${OPENERS} processes opening one new database at the same instant: one migrates, the others find it done`, async () => {
    requireBuiltCli();
    const dir = mkdtempSync(join(tmpdir(), 'rmm-hub-migrate-'));
    try {
      const db = join(dir, 'fresh.db');
      const go = join(dir, 'go');
      const openers = Array.from({ length: OPENERS }, () => spawnNode(OPEN_STORE, [db, go], { cwd: dir }));
      await Promise.all(openers.map((o) => o.waitFor(/^ready$/m)));
      writeFileSync(go, ''); // every opener is loaded and polling: they open together
      const runs = await Promise.all(openers.map((o) => o.done));
      const outcomes = runs.map((r) => JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as { applied?: number[]; error?: string; message?: string });
      expect(outcomes.filter((o) => o.error), JSON.stringify(outcomes)).toEqual([]);
      const migrated = outcomes.filter((o) => (o.applied ?? []).length > 0);
      expect(migrated).toHaveLength(1);
      expect(runs.map((r) => r.code)).toEqual(runs.map(() => 0));
      recordCheck(SUITE, 'New database opened by several processes at once', `${OPENERS} processes released together onto one new file: 1 applied the ${migrated[0]?.applied?.length} migrations, ${OPENERS - 1} found them applied, 0 errors`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('read commands work on a database its user cannot write; a sync fails with RMM_ERR_STORE_READ_ONLY, not as a bug', async () => {
    requireBuiltCli();
    const world = await startWorld({ integrations: [NC], devices: 40 });
    try {
      // The database the unprivileged user then reads: written in this process, as root.
      const first = await runCliCaptured(['--config', world.configPath, 'sync', '--json']);
      expect(first.code, first.stderr).toBe(0);
      // The database and everything else stay root's; the folder lets others add files (SQLite's
      // -shm of a reader) but, sticky, never remove or replace root's.
      for (const name of readdirSync(world.dir)) chmodSync(join(world.dir, name), name.endsWith('.db') ? 0o444 : 0o644);
      chmodSync(world.dir, 0o1777);
      expect(existsSync(join(world.dir, 'rmm-hub.db-wal'))).toBe(false);
      const asNobody = (args: string[]) => spawnCli(['--config', world.configPath, ...args], { cwd: world.dir, uid: NOBODY }).done;
      const [status, links, computers, sync] = await Promise.all([asNobody(['status', '--json']), asNobody(['links', '--json']), asNobody(['computers', '--json']), asNobody(['sync', '--json'])]);
      for (const run of [status, links, computers]) expect(run.code, run.stderr + run.stdout).toBe(0);
      expect(JSON.parse(status.stdout)).toMatchObject({ integrations: [{ id: NC, lastSync: { status: 'succeeded' } }] });
      expect(sync.code, sync.stdout + sync.stderr).toBe(1);
      expect(JSON.parse(sync.stdout)).toMatchObject({ error: { code: 'RMM_ERR_STORE_READ_ONLY', hint: expect.stringMatching(/write access/) } });
      recordCheck(SUITE, 'Read-only database', 'the built CLI run as an unprivileged user on a root-owned 0444 database: `status`, `links` and `computers` exit 0 with their data; `sync` exits 1 with RMM_ERR_STORE_READ_ONLY and a hint (before: every command, reads included, exited 3 "internal error … a bug")');
    } finally {
      chmodSync(world.dir, 0o700);
      await world.close();
    }
  }, 120_000);
});
