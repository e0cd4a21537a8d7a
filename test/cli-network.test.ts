/**
 * A server nothing answers at is reported at once, as such — not after the throttling schedule
 * of retries meant for a throttling server, and not as a refused credential.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { runCliCaptured } from './support/run-cli.js';

/** A loopback port nothing listens on: bound once, then released. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function unreachableConfig(): Promise<{ file: string; port: number }> {
  const port = await deadPort();
  const dir = mkdtempSync(join(tmpdir(), 'rmm-net-'));
  writeFileSync(join(dir, 'jwt'), 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhcGkifQ.c2lnbmF0dXJl', { mode: 0o600 });
  writeFileSync(join(dir, 'pw'), 'correct-horse-battery', { mode: 0o600 });
  const file = join(dir, 'rmm-hub.json');
  writeFileSync(
    file,
    JSON.stringify({
      store: { path: './hub.db' },
      integrations: [
        { id: 'nc', plugin: 'ncentral', config: { serverUrl: `http://127.0.0.1:${port}`, jwt: 'file:jwt', runScriptRepositoryId: 1 } },
        { id: 'cwa', plugin: 'cw-automate', config: { serverUrl: `http://127.0.0.1:${port}`, clientId: '11111111-2222-3333-4444-555555555555', username: 'api', password: 'file:pw', mfa: { mode: 'integrator' } } },
      ],
    }),
  );
  return { file, port };
}

/**
 * The waits the HTTP client scheduled (its "retrying request" log lines, `-v`) stay short: a
 * refused connection gets a quick retry or two, never the throttling schedule of a busy server.
 * Judged on what was scheduled, not on the wall clock, which a loaded machine stretches.
 */
function expectShortRetries(stderr: string): void {
  const delays = [...stderr.matchAll(/retrying request .*delayMs=(\d+)/g)].map((m) => Number(m[1]));
  expect(Math.max(0, ...delays)).toBeLessThanOrEqual(1000);
  expect(delays.reduce((sum, ms) => sum + ms, 0)).toBeLessThanOrEqual(5000);
}

describe('an unreachable server', () => {
  it('check reports "nothing answers at host:port" for each integration within a short retry schedule', async () => {
    const { file, port } = await unreachableConfig();
    const { code, stdout, stderr } = await runCliCaptured(['--config', file, '-v', 'check']);
    expect(code).toBe(1);
    expect(stdout).toContain(`✗ token-exchange: Could not reach N-central: ncentral: POST /api/auth/authenticate: nothing answers at 127.0.0.1:${port} (ECONNREFUSED)`);
    expect(stdout).toContain(`cw-automate: POST /apitoken: nothing answers at 127.0.0.1:${port} (ECONNREFUSED)`);
    expect(stdout).toMatch(/hint: Check the host and port in ncentral's server URL/);
    expect(stdout).not.toMatch(/did not accept/);
    expectShortRetries(stderr);
  });

  it('sync fails it briefly, with the same message, and exits 1', async () => {
    const { file, port } = await unreachableConfig();
    const { code, stdout, stderr } = await runCliCaptured(['--config', file, '-v', 'sync', '--json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { integrations: { integrationId: string; status: string; error?: { message: string } }[] };
    for (const r of report.integrations) {
      expect(r.status).toBe('failed');
      expect(r.error?.message).toContain(`nothing answers at 127.0.0.1:${port}`);
    }
    expectShortRetries(stderr);
  });
});
