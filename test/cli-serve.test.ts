/**
 * `rmm-hub tokens` and `rmm-hub serve` as an administrator uses them: a token created (its
 * secret printed once, matching the published --json schema), listed without its secret, used
 * against the served API on loopback, revoked — after which the running server refuses it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it, vi } from 'vitest';

import { OUTPUT_SCHEMAS, runCli, type OutputCommand } from '@rmm-hub/cli';

import { runCliCaptured } from './support/run-cli.js';

function configFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rmm-serve-'));
  const file = join(dir, 'rmm-hub.json');
  writeFileSync(file, JSON.stringify({ discovery: { fromDependencies: false }, store: { path: './hub.db' }, tenants: [{ id: 'msp', name: 'MSP', isMsp: true }] }));
  return file;
}

async function json(file: string, schema: OutputCommand, ...argv: string[]): Promise<Record<string, unknown>> {
  const { code, stdout, stderr } = await runCliCaptured(['--config', file, ...argv, '--json']);
  expect(code, stderr).toBe(0);
  const value = JSON.parse(stdout) as Record<string, unknown>;
  expect(OUTPUT_SCHEMAS[schema].safeParse(value).success).toBe(true);
  return value;
}

/** Starts `rmm-hub serve` in this process; resolves once it prints where it listens. */
async function serve(file: string): Promise<{ url: string; stop: () => Promise<number>; stderr: () => string }> {
  let stderr = '';
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  const running = runCli(['--config', file, 'serve', '--port', '0']);
  try {
    await vi.waitUntil(() => /listening on (http:\S+)/.test(stderr), { timeout: 20_000, interval: 20 });
  } catch (error) {
    err.mockRestore();
    throw error;
  }
  const url = /listening on (http:\S+)/.exec(stderr)![1]!;
  return {
    url,
    stderr: () => stderr,
    stop: async () => {
      // The command waits for a signal; this is how Ctrl-C reaches it.
      process.emit('SIGTERM');
      try {
        return await running;
      } finally {
        err.mockRestore();
      }
    },
  };
}

describe('rmm-hub tokens and serve', () => {
  it('creates a token shown once, serves the API on loopback to it, and refuses it once revoked', async () => {
    const file = configFile();
    const created = (await json(file, 'tokens create', 'tokens', 'create', '--name', 'ann', '--role', 'operator')) as { secret: string; token: { id: string } };
    expect(created.secret).toMatch(/^rmmh_/);
    const listed = await json(file, 'tokens list', 'tokens', 'list');
    expect(JSON.stringify(listed)).not.toContain(created.secret.slice(5));
    expect((listed.tokens as { name: string }[]).map((t) => t.name)).toEqual(['ann']);

    const server = await serve(file);
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const auth = { authorization: `Bearer ${created.secret}` };
      expect((await fetch(`${server.url}/api/session`, { headers: auth })).status).toBe(200);
      expect((await fetch(`${server.url}/openapi.json`)).status).toBe(200);
      await json(file, 'tokens revoke', 'tokens', 'revoke', 'ann');
      const refused = await fetch(`${server.url}/api/session`, { headers: auth });
      expect(refused.status).toBe(401);
      expect(((await refused.json()) as { code: string }).code).toBe('RMM_ERR_AUTH');
    } finally {
      expect(await server.stop()).toBe(0);
    }
    expect(server.stderr()).not.toContain(created.secret.slice(5));
  });

  it('refuses a second live token of the same name, a wrong role and an unknown token, with hints', async () => {
    const file = configFile();
    await json(file, 'tokens create', 'tokens', 'create', '--name', 'bob', '--role', 'viewer');
    for (const argv of [
      ['tokens', 'create', '--name', 'bob', '--role', 'viewer'],
      ['tokens', 'create', '--name', 'carl', '--role', 'root'],
      ['tokens', 'revoke', 'nobody'],
    ]) {
      const { code, stderr } = await runCliCaptured(['--config', file, ...argv]);
      expect(code, argv.join(' ')).not.toBe(0);
      expect(stderr).toMatch(/RMM_ERR_(USAGE|NOT_FOUND)[\s\S]*hint:/);
    }
  });
});
