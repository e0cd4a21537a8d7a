/**
 * Files and permissions: a `file:` secret that is a device or a FIFO is refused at once by the
 * built CLI (it used to hang the process), one that others may read is used with a warning as
 * ssh gives, a symbolic link is followed and named (the CLI in-process: what it prints is the
 * point), and the database the built CLI's `rmm-hub sync` creates is readable by its owner only,
 * its WAL included.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, statSync, symlinkSync } from 'node:fs';
import { basename, join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runCliCaptured } from '../../support/run-cli.js';
import { requireBuiltCli, runCliChild } from '../crash/cli-child.js';
import { recordCheck, saveChecksAfterAll } from '../support/checks.js';
import { NC, startWorld, type World } from '../support/world.js';

saveChecksAfterAll('files', 3);

let world: World;
beforeAll(async () => {
  world = await startWorld({ devices: 20, integrations: [NC] });
});
afterAll(async () => {
  await world?.close();
});

/** Runs `rmm-hub check --json` with N-central's jwt pointing at `reference`: the built CLI, or in this process. */
async function checkWithJwt(reference: string, where: 'child' | 'in-process' = 'child'): Promise<{ code: number | null; said: string; stdout: string; ms: number }> {
  const raw = structuredClone(world.raw);
  const nc = (raw['integrations'] as Record<string, Record<string, unknown>>[])[0]!;
  nc['config'] = { ...nc['config'], jwt: reference };
  world.rewrite(raw);
  try {
    const args = ['--config', world.configPath, 'check', '--json'];
    const started = performance.now();
    const run = where === 'child' ? await runCliChild(args, { cwd: world.dir }) : await runCliCaptured(args);
    return { code: run.code, said: run.stdout + run.stderr, stdout: run.stdout, ms: Math.round(performance.now() - started) };
  } finally {
    world.rewrite(world.raw);
  }
}

describe('files and permissions', () => {
  it('refuses a device or a FIFO as a secret file at once, naming the setting', async () => {
    requireBuiltCli();
    execFileSync('mkfifo', [join(world.dir, 'jwt.fifo')]);
    const times: number[] = [];
    for (const [reference, kind] of [['file:/dev/zero', /device/], ['file:jwt.fifo', /named pipe/]] as const) {
      const { code, said, ms } = await checkWithJwt(reference);
      expect(code, reference).not.toBe(0);
      expect(said, reference).toContain('integrations[0].config.jwt');
      expect(said, reference).toMatch(kind);
      times.push(ms);
    }
    recordCheck('files', 'secret file that is a device or a FIFO', `\`rmm-hub check\` with jwt: file:/dev/zero and file:<a FIFO nobody writes to> refuses the integration with RMM_ERR_CONFIG at integrations[0].config.jwt ("not a regular file"), in ${times.map((t) => `${(t / 1000).toFixed(1)} s`).join(' and ')} including the CLI's start-up; a regular file larger than 64 KiB is refused too`);
  });

  it('warns about a secret file others may read, and names the target of a symbolic link', async () => {
    chmodSync(join(world.dir, 'ncentral.jwt'), 0o644);
    symlinkSync(join(world.dir, 'ncentral.jwt'), join(world.dir, 'jwt.link'));
    try {
      const { code, stdout } = await checkWithJwt('file:jwt.link', 'in-process');
      expect(code).toBe(0);
      const report = JSON.parse(stdout) as { integrations: { warnings?: { path: string; message: string; hint?: string }[] }[] };
      const warnings = report.integrations[0]?.warnings ?? [];
      expect(warnings.map((w) => w.message)).toEqual([expect.stringContaining('symbolic link'), expect.stringContaining('every user (mode 0644)')]);
      expect(warnings[1]?.hint).toContain('chmod 600');
    } finally {
      chmodSync(join(world.dir, 'ncentral.jwt'), 0o600);
    }
    recordCheck('files', 'secret file others may read, or a symbolic link', '`rmm-hub check` still passes, and lists a warning at integrations[0].config.jwt for each: the link and the file it reads (links are followed: Kubernetes and Docker mount secrets through them), and "can be read by every user (mode 0644)" with the hint chmod 600');
  });

  it('creates the database readable by its owner only', async () => {
    const run = await runCliChild(['--config', world.configPath, 'sync', '--json'], { cwd: world.dir, env: {} });
    expect(run.code, run.stderr).toBe(0);
    const db = join(world.dir, 'rmm-hub.db');
    // The WAL and shared-memory files exist while a process has the database open; SQLite removes them at the last close.
    const files = [db, `${db}-wal`, `${db}-shm`].filter((f) => existsSync(f));
    const modes = files.map((f) => `${basename(f)} ${(statSync(f).mode & 0o777).toString(8)}`);
    expect(modes).toEqual(files.map((f) => `${basename(f)} 600`));
    recordCheck('files', 'database file mode', `\`rmm-hub sync\` creates the database with mode 0600 (${modes.join(', ')}); SQLite gives its WAL and shared-memory files the same mode (unit test: store-sqlite's sqlite-store.test.ts, all three 0600 while open)`);
  });
});
