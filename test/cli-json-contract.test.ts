/**
 * `--json` is a contract: every command prints one object with `schemaVersion`, and that object
 * matches the schema `rmm-hub schema output <command>` publishes.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { OUTPUT_SCHEMAS, type OutputCommand } from '@rmm-hub/cli';

import { fixturePlugin } from './support/fixture-plugins.js';
import { runCliCaptured } from './support/run-cli.js';

const KEY = { FX_KEY: 'fixture-key-123' };

describe('--json output', () => {
  it('is one object per command, with schemaVersion, matching its published schema', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rmm-json-'));
    const file = join(dir, 'rmm-hub.json');
    writeFileSync(
      file,
      JSON.stringify({
        discovery: { fromDependencies: false },
        plugins: [fixturePlugin('good'), fixturePlugin('future-api')],
        store: { path: './hub.db' },
        tenants: [{ id: 'msp', name: 'MSP', isMsp: true }, { id: 't0', name: 'Tenant Zero' }],
        integrations: [
          { id: 'fx', plugin: 'fixture-good', config: { apiKey: 'env:FX_KEY', clients: 2, agentsPerClient: 2, withIdentity: true } },
          { id: 'fx-off', plugin: 'fixture-good', enabled: false, config: {} },
        ],
      }),
    );
    const run = async (schema: OutputCommand, ...argv: string[]): Promise<Record<string, unknown>> => {
      const { stdout } = await runCliCaptured(['--config', file, ...argv, '--json'], KEY);
      const value = JSON.parse(stdout) as Record<string, unknown>;
      const parsed = OUTPUT_SCHEMAS[schema].safeParse(value);
      expect(parsed.success, `${argv.join(' ')}: ${parsed.error?.message ?? ''}`).toBe(true);
      expect(value['schemaVersion']).toBe(1);
      return value;
    };
    await run('sync', 'sync');
    await run('links accept', 'links', 'accept', 'fx', '0', 't0');
    await run('sync', 'sync');
    await run('check', 'check');
    await run('status', 'status');
    await run('plugins', 'plugins');
    await run('links', 'links');
    const agents = await run('agents', 'agents');
    await run('computers', 'computers', '--conflicts');
    const { computers } = await run('computers', 'computers');
    expect(computers).not.toEqual([]);
    await run('computer', 'computer', String((computers as { id: string }[])[0]?.id), '--timeline');
    expect((agents['agents'] as { computerId: string | null }[]).some((a) => a.computerId)).toBe(true);
    await run('error', 'computer', 'no-such-computer');
    await run('error', 'sync', '--no-such-flag');
  });

  it('schema output prints the JSON Schema of a command, and refuses an unknown command', async () => {
    const { code, stdout } = await runCliCaptured(['schema', 'output', 'agents']);
    expect(code).toBe(0);
    const schema = JSON.parse(stdout) as { properties: Record<string, { const?: number }> };
    expect(schema.properties['schemaVersion']?.const).toBe(1);
    expect(Object.keys(schema.properties)).toContain('agents');
    const unknown = await runCliCaptured(['schema', 'output', 'frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/RMM_ERR_USAGE[\s\S]*hint: Use one of: sync, check/);
  });
});
