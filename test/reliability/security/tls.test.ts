/**
 * TLS verification cannot be silently disabled: a config that tries (at the integration entry or
 * inside a plugin's own settings) is refused with the offending path, and a server with a
 * self-signed certificate is refused — in-process and through the built CLI, even with
 * NODE_TLS_REJECT_UNAUTHORIZED=0 in the environment — before a single request reaches it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ConfigError, parseConfigText } from '@rmm-hub/core';

import { runCliCaptured } from '../../support/run-cli.js';
import { requireBuiltCli, runCliChild } from '../crash/cli-child.js';
import { startTestRuntime } from '../support/runtime.js';
import { CWA, NC, startWorld, type World } from '../support/world.js';
import { recordCheck, saveChecksAfterAll } from '../support/checks.js';

saveChecksAfterAll('tls', 5);

let world: World;
let pki: string;
let server: Server;
let httpsUrl = '';
let hits = 0;

beforeAll(async () => {
  world = await startWorld({ devices: 60 });
  pki = mkdtempSync(join(tmpdir(), 'rmm-hub-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'key.pem', '-out', 'cert.pem', '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { cwd: pki, stdio: 'ignore' });
  server = createServer({ key: readFileSync(join(pki, 'key.pem')), cert: readFileSync(join(pki, 'cert.pem')) }, (_req, res) => {
    hits++;
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  httpsUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await world?.close();
  if (pki && existsSync(pki)) rmSync(pki, { recursive: true, force: true });
});

const withIntegrations = (mutate: (integrations: Record<string, unknown>[]) => void): Record<string, unknown> => {
  const raw = structuredClone(world.raw);
  mutate(raw['integrations'] as Record<string, unknown>[]);
  return raw;
};

describe('TLS verification cannot be switched off', () => {
  it('refuses a TLS bypass at the integration entry, naming the key', () => {
    for (const key of ['rejectUnauthorized', 'insecure', 'tls']) {
      const raw = withIntegrations((list) => Object.assign(list[0]!, { [key]: key === 'tls' ? { rejectUnauthorized: false } : false }));
      const error = (() => {
        try {
          parseConfigText(JSON.stringify(raw));
          return undefined;
        } catch (caught) {
          return caught;
        }
      })();
      expect(error, key).toBeInstanceOf(ConfigError);
      expect(JSON.stringify((error as ConfigError).context), key).toContain('integrations[0]');
      expect((error as ConfigError).message + JSON.stringify((error as ConfigError).context), key).toContain(key);
    }
    recordCheck('tls', 'TLS bypass keys at the integration entry', 'rejectUnauthorized, insecure and tls: {…} on an integration are ConfigErrors naming integrations[0]');
  });

  it("refuses a TLS bypass inside a plugin's own settings instead of silently ignoring it", async () => {
    const raw = withIntegrations((list) => {
      (list[0]!['config'] as Record<string, unknown>)['rejectUnauthorized'] = false;
      (list[1]!['config'] as Record<string, unknown>)['strictSSL'] = false;
    });
    world.rewrite(raw);
    const runtime = await startTestRuntime(world.load(), { storePath: ':memory:' });
    try {
      const [nc, cwa] = runtime.host.integrations();
      expect(nc).toMatchObject({ id: NC, state: 'refused', error: { code: 'RMM_ERR_CONFIG', path: 'integrations[0].config.rejectUnauthorized', hint: expect.stringMatching(/caCertificate|CA certificate/) } });
      expect(cwa).toMatchObject({ id: CWA, state: 'refused', error: { code: 'RMM_ERR_CONFIG', path: 'integrations[1].config.strictSSL' } });
    } finally {
      await runtime.close();
      world.rewrite(world.raw);
    }
    recordCheck('tls', 'TLS bypass keys inside plugin settings', 'config.rejectUnauthorized (N-central) and config.strictSSL (Automate) refuse the integration with RMM_ERR_CONFIG at that path and a hint to add the CA instead');
  });

  it('refuses a self-signed server in-process: coded, hinted, and no request reaches it', async () => {
    const raw = withIntegrations((list) => {
      (list[0]!['config'] as Record<string, unknown>)['serverUrl'] = httpsUrl;
      (list[1]!['config'] as Record<string, unknown>)['serverUrl'] = httpsUrl;
    });
    world.rewrite(raw);
    const runtime = await startTestRuntime(world.load(), { storePath: ':memory:' });
    try {
      const report = await runtime.sync.sync();
      for (const r of report.integrations) {
        expect(r.status, r.integrationId).toBe('failed');
        const text = `${r.error?.code} ${r.error?.message} ${r.error?.hint}`;
        expect(text, r.integrationId).toMatch(/RMM_ERR_(CONFIG|UNHEALTHY)/);
        expect(text, r.integrationId).toMatch(/certificate/i);
      }
      expect(hits).toBe(0);
    } finally {
      await runtime.close();
      world.rewrite(world.raw);
    }
    recordCheck('tls', 'self-signed server (in-process)', 'both plugins fail the sync with a certificate error and a hint to add the CA; the server received 0 requests');
  });

  it('refuses it through the built CLI too, even with NODE_TLS_REJECT_UNAUTHORIZED=0', async () => {
    requireBuiltCli();
    const raw = withIntegrations((list) => {
      (list[0]!['config'] as Record<string, unknown>)['serverUrl'] = httpsUrl;
      (list[1]!['config'] as Record<string, unknown>)['serverUrl'] = httpsUrl;
    });
    world.rewrite(raw);
    try {
      const run = await runCliChild(['--config', world.configPath, 'sync', '--json'], { cwd: world.dir, env: { NODE_TLS_REJECT_UNAUTHORIZED: '0' } });
      expect(run.code).not.toBe(0);
      const report = JSON.parse(run.stdout) as { integrations: { status: string; error?: { message: string } }[] };
      expect(report.integrations.map((r) => r.status)).toEqual(['failed', 'failed']);
      expect(report.integrations.every((r) => /certificate/i.test(JSON.stringify(r.error)))).toBe(true);
      expect(hits).toBe(0);
    } finally {
      world.rewrite(world.raw);
    }
    recordCheck('tls', 'self-signed server (CLI, NODE_TLS_REJECT_UNAUTHORIZED=0)', '`rmm-hub sync --json` exits non-zero, both integrations failed with a certificate error; 0 requests reached the server');
  });

  it('refuses plain http:// to a real server at `rmm-hub check`, with the https address as the fix', async () => {
    const raw = withIntegrations((list) => {
      (list[0]!['config'] as Record<string, unknown>)['serverUrl'] = 'http://ncentral.example.com';
      (list[1]!['config'] as Record<string, unknown>)['serverUrl'] = 'http://automate.example.com:8080';
    });
    world.rewrite(raw);
    try {
      // A refusal of the config: what the command prints is the point, not the process.
      const run = await runCliCaptured(['--config', world.configPath, 'check', '--json']);
      expect(run.code).not.toBe(0);
      const said = run.stdout + run.stderr;
      for (const [index, https] of [[0, 'https://ncentral.example.com'], [1, 'https://automate.example.com:8080']] as const) {
        expect(said).toContain(`integrations[${index}].config.serverUrl`);
        expect(said).toContain(https);
      }
      expect(said).toMatch(/unencrypted/);
    } finally {
      world.rewrite(world.raw);
    }
    recordCheck('tls', 'plain http:// to a real server', '`rmm-hub check` refuses serverUrl http://ncentral.example.com and http://automate.example.com:8080 with RMM_ERR_CONFIG at integrations[i].config.serverUrl and the https:// address as the hint; http:// stays accepted for loopback (the simulators)');
  });
});
