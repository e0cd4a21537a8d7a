/**
 * `rmm-hub demo --serve` as a newcomer runs it: the demo's report, then the console left running
 * on its data with a URL and a one-time admin token on stdout; the token signs in through the
 * API (stored hashed, never answered back), and SIGTERM stops the console and the simulators.
 */
import { spawn } from 'node:child_process';

import { describe, expect, it } from 'vitest';

import { CLI, requireBuiltCli } from './reliability/crash/cli-child.js';
import { runCliCaptured } from './support/run-cli.js';

describe('rmm-hub demo --serve', () => {
  // A whole demo (fleet, simulators, three syncs, scripts) runs first, as in the demo's own e2e test.
  it('leaves the console running on the demo’s data with a one-time admin token, until SIGTERM', { timeout: 120_000 }, async () => {
    requireBuiltCli();
    const child = spawn('node', [CLI, 'demo', '--serve', '--devices', '80', '--seed', '7'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const serving = new Promise<{ url: string; token: string }>((resolve, reject) => {
      child.stdout.on('data', (chunk: string) => {
        stdout += chunk;
        const url = /console runs on the demo's data: (http:\/\/\S+)\//.exec(stdout)?.[1];
        const token = /one-time admin token .*: (rmmh_\S+)/.exec(stdout)?.[1];
        if (url && token) resolve({ url, token });
      });
      void exited.then((code) => reject(new Error(`demo exited with ${code} before serving:\n${stdout}\n${stderr}`)));
    });
    try {
      const { url, token } = await serving;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(stdout).toMatch(/accuracy|links/i);

      const signIn = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
      expect(signIn.status).toBe(200);
      const session = (await signIn.json()) as { name: string; role: string };
      expect(session).toMatchObject({ name: 'demo-admin', role: 'admin' });
      expect(signIn.headers.get('set-cookie')).toMatch(/HttpOnly/i);
      const summary = await fetch(`${url}/api/summary`, { headers: { authorization: `Bearer ${token}` } });
      expect(((await summary.json()) as { computers: number }).computers, 'the demo’s computers').toBeGreaterThan(0);
      expect((await fetch(`${url}/`)).status).toBe(200);
      expect(JSON.stringify(session)).not.toContain(token.slice(5));
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited, stderr).toBe(0);
    expect(stderr).toContain('SIGTERM: stopping');
  });

  it('refuses --serve with --json before generating anything, saying why', async () => {
    const { code, stdout } = await runCliCaptured(['demo', '--serve', '--json']);
    expect(code).toBe(2);
    expect(JSON.parse(stdout)).toMatchObject({ error: { code: 'RMM_ERR_USAGE', hint: expect.stringContaining('rmm-hub serve') } });
  });
});
