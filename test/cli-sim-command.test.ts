/**
 * `rmm-hub sim`: both simulators up, their URLs printed, and a config with its secret files
 * written — ready for every command, as the README tells a newcomer.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { CLI, requireBuiltCli } from './reliability/crash/cli-child.js';
import { runCliCaptured } from './support/run-cli.js';

describe('rmm-hub sim', () => {
  it('starts both simulators, prints their URLs and writes a config that check and sync accept; stops on Ctrl-C', async () => {
    requireBuiltCli();
    const dir = join(mkdtempSync(join(tmpdir(), 'rmm-sim-')), 'try');
    const child = spawn('node', [CLI, 'sim', '--dir', dir, '--devices', '50', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    const printed = await new Promise<{ ncentral: { url: string }; automate: { url: string }; config: string }>((resolve, reject) => {
      child.stdout.on('data', (chunk: string) => {
        stdout += chunk;
        try {
          resolve(JSON.parse(stdout) as never);
        } catch {
          // not complete yet
        }
      });
      child.on('exit', (code) => reject(new Error(`sim exited early with ${code}: ${stdout}`)));
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      expect(printed.ncentral.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
      expect(printed.automate.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
      expect(printed.config).toBe(join(dir, 'rmm-hub.yaml'));
      expect(statSync(join(dir, 'ncentral.jwt')).mode & 0o077).toBe(0);
      const check = await runCliCaptured(['check', '--json'], { RMM_HUB_CONFIG: printed.config });
      expect(JSON.parse(check.stdout), check.stdout).toMatchObject({ ok: true });
      const sync = await runCliCaptured(['sync', '--json'], { RMM_HUB_CONFIG: printed.config });
      expect(sync.code, sync.stdout).toBe(0);
      expect(existsSync(join(dir, 'rmm-hub.db'))).toBe(true);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
  });
});
