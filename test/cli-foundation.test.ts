import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { CANARY, fixturePlugin } from './support/fixture-plugins.js';
import { runCliCaptured } from './support/run-cli.js';

function configFile(body: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rmm-cli-'));
  const file = join(dir, 'rmm-hub.json');
  writeFileSync(file, JSON.stringify({ discovery: { fromDependencies: false }, plugins: [fixturePlugin('good'), fixturePlugin('future-api')], store: { path: './hub.db' }, ...body }));
  return file;
}

describe('rmm-hub CLI (foundation commands)', () => {
  it('plugins --json separates the loaded plugins ({id, version, apiVersion, capabilities}) from the refused ones, with reasons', async () => {
    const { code, stdout } = await runCliCaptured(['--config', configFile({}), 'plugins', '--json']);
    expect(code).toBe(0);
    const { plugins, refused } = JSON.parse(stdout) as { plugins: Record<string, unknown>[]; refused: Record<string, unknown>[] };
    expect(plugins).toHaveLength(1);
    expect(plugins[0]).toMatchObject({ id: 'fixture-good', version: '1.0.0', apiVersion: 1, capabilities: ['HealthCheck', 'ListClients', 'ListComputers', 'RunScript', 'MaintenanceMode'] });
    expect(plugins[0]?.['configFields']).toContainEqual(expect.objectContaining({ name: 'apiKey', secret: true, required: true }));
    expect(refused).toEqual([expect.objectContaining({ code: 'RMM_ERR_PLUGIN_VERSION_MISMATCH' })]);
  });

  it('check --json passes on a healthy integration and never prints the secret', async () => {
    const config = configFile({ integrations: [{ id: 'fx', plugin: 'fixture-good', config: { apiKey: 'env:FX_KEY' } }] });
    const { code, stdout } = await runCliCaptured(['--config', config, 'check', '--json'], { FX_KEY: CANARY });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, integrations: [{ id: 'fx', health: { status: 'healthy' } }] });
    expect(stdout).not.toContain(CANARY);
  });

  it('check exits non-zero with the hint when credentials are rejected', async () => {
    const config = configFile({ integrations: [{ id: 'fx', plugin: 'fixture-good', config: { apiKey: 'env:FX_KEY', misbehave: 'bad-credentials' } }] });
    const { code, stdout, stderr } = await runCliCaptured(['--config', config, 'check'], { FX_KEY: CANARY });
    expect(code).toBe(1);
    expect(stdout).toMatch(/health check failed \[RMM_ERR_AUTH\]/);
    expect(stdout).toMatch(/hint: Generate a new API key/);
    expect(stdout + stderr).not.toContain(CANARY);
  });

  it('reports a config error with its path and hint, not a stack trace, and exit code 2', async () => {
    const config = configFile({ integrations: [{ id: 'Bad Id', plugin: 'fixture-good' }] });
    const { code, stderr } = await runCliCaptured(['--config', config, 'check']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/error \[RMM_ERR_CONFIG\]: integrations\[0\]\.id:/);
    expect(stderr).toMatch(/hint:/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('init writes a commented skeleton that validates, and refuses to overwrite it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rmm-init-'));
    const target = join(dir, 'rmm-hub.yaml');
    expect((await runCliCaptured(['init', '-o', target])).code).toBe(0);
    expect(readFileSync(target, 'utf8')).toMatch(/^# rmm-hub configuration/);
    const again = await runCliCaptured(['init', '-o', target]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/--force/);
    const check = await runCliCaptured(['--config', target, 'check', '--json']);
    expect(JSON.parse(check.stdout)).toMatchObject({ config: { valid: true } });
  });

  it('config schema prints a JSON Schema that includes each plugin’s config', async () => {
    const { code, stdout } = await runCliCaptured(['--config', configFile({}), 'config', 'schema']);
    expect(code).toBe(0);
    const schema = JSON.parse(stdout) as { properties: { integrations: { items: { anyOf: { properties: { config: { properties: Record<string, unknown> } } }[] } } } };
    expect(Object.keys(schema.properties.integrations.items.anyOf[0]!.properties.config.properties)).toContain('apiKey');
  });
});
