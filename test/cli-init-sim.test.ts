/**
 * `rmm-hub init` against the simulators: the skeleton it writes passes `check` once its
 * placeholders are replaced (and the integrations enabled) — nothing else edited. And a
 * `serverUrl` pasted with `/api` (N-central) or without `/cwa` (Automate) still reaches the API.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { generateFleet, startAutomateSim, startNcentralSim, type AutomateSim, type NcentralSim } from '@rmm-hub/simulators';

import { runCliCaptured } from './support/run-cli.js';

let ncentral: NcentralSim;
let automate: AutomateSim;

beforeAll(async () => {
  const fleet = generateFleet({ seed: 3, devices: 20, epoch: new Date().toISOString() });
  ncentral = await startNcentralSim({ fleet });
  automate = await startAutomateSim({ fleet, mfa: 'totp' });
});
afterAll(async () => {
  await Promise.allSettled([ncentral.close(), automate.close()]);
});

/** Writes `init`'s skeleton with every `<placeholder>` replaced through `values` (per plugin) and every integration enabled. */
async function initAndFill(values: Record<string, Record<string, string | number>>): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'rmm-init-sim-'));
  const file = join(dir, 'rmm-hub.yaml');
  expect((await runCliCaptured(['init', '-o', file])).code).toBe(0);
  let plugin = '';
  const replaced: string[] = [];
  const lines = readFileSync(file, 'utf8').split('\n').map((line) => {
    plugin = /^ {4}plugin: (\S+)$/.exec(line)?.[1] ?? plugin;
    if (/^ {4}enabled: false\b/.test(line)) return line.replace('false', 'true');
    const placeholder = /^(\s+)(\w+): <\w+>(.*)$/.exec(line);
    if (!placeholder) return line;
    const [, indent, key, rest] = placeholder;
    const value = values[plugin]?.[key!];
    if (value === undefined) throw new Error(`no value for the placeholder ${plugin}.${key}`);
    replaced.push(`${plugin}.${key}`);
    return `${indent}${key}: ${JSON.stringify(value)}${rest}`;
  });
  expect(replaced.sort()).toEqual(Object.entries(values).flatMap(([p, v]) => Object.keys(v).map((k) => `${p}.${k}`)).sort());
  writeFileSync(file, lines.join('\n'));
  return file;
}

describe('rmm-hub init', () => {
  it('writes a config that passes check once the placeholders are replaced', async () => {
    const file = await initAndFill({
      'cw-automate': { serverUrl: automate.url, clientId: automate.clientId, username: automate.username },
      ncentral: { serverUrl: ncentral.url, runScriptRepositoryId: ncentral.repositoryId },
    });
    const secrets = { CW_AUTOMATE_PASSWORD: automate.password, CW_AUTOMATE_MFA_SECRET: automate.totpSecret, NCENTRAL_JWT: ncentral.jwt };
    const { code, stdout, stderr } = await runCliCaptured(['--config', file, 'check', '--json'], secrets);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, integrations: [{ id: 'cw-automate-main', health: { status: 'healthy' } }, { id: 'ncentral-main', health: { status: 'healthy' } }] });
  });

  it('leaves placeholders that are not replaced as errors naming them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rmm-init-sim-'));
    const file = join(dir, 'rmm-hub.yaml');
    await runCliCaptured(['init', '-o', file]);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/enabled: false/g, 'enabled: true'));
    const { code, stdout } = await runCliCaptured(['--config', file, 'check'], { NCENTRAL_JWT: ncentral.jwt });
    expect(code).toBe(1);
    expect(stdout).toMatch(/ncentral-main: refused \[RMM_ERR_CONFIG\] 2 problems:\n.*serverUrl.*\n.*runScriptRepositoryId/);
  });

  it('reads an N-central serverUrl pasted with /api, and an Automate one without /cwa, as the server', async () => {
    // A simulator of its own: a second login within the same 30 s TOTP step would wait for the next one.
    const fleet = generateFleet({ seed: 4, devices: 10, epoch: new Date().toISOString() });
    const fresh = await startAutomateSim({ fleet, mfa: 'totp' });
    try {
      const file = await initAndFill({
        'cw-automate': { serverUrl: `${fresh.url.replace(/\/cwa.*$/, '')}/`, clientId: fresh.clientId, username: fresh.username },
        ncentral: { serverUrl: `${ncentral.url}/api/`, runScriptRepositoryId: ncentral.repositoryId },
      });
      const secrets = { CW_AUTOMATE_PASSWORD: fresh.password, CW_AUTOMATE_MFA_SECRET: fresh.totpSecret, NCENTRAL_JWT: ncentral.jwt };
      const { code, stdout } = await runCliCaptured(['--config', file, 'check', '--json'], secrets);
      expect(JSON.parse(stdout), stdout).toMatchObject({ ok: true });
      expect(code).toBe(0);
    } finally {
      await fresh.close();
    }
  });
});
