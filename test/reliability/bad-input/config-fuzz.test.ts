/**
 * Config files and plugin manifests fuzzed with fast-check. A config is arbitrary text, or a
 * valid config with one value replaced by arbitrary JSON, deleted, or joined by an unknown key;
 * it is loaded and the host started on it. A manifest is a valid plugin definition (or its
 * package.json `rmmHub` key) with one field broken. Nothing may crash: every refusal is a coded
 * error whose path or message names the place that was broken.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';

import { checkDefinition, ConfigError, definePlugin, formatPath, Host, isRmmError, loadPluginPackage, parseConfigText, PLUGIN_BRAND, type PluginManifest } from '@rmm-hub/core';

import { hostilePlugin } from '../isolation/hostile-plugin.js';
import { saveSuiteResult } from '../support/results.js';
import { builtInPlugins } from '../support/runtime.js';

const started = performance.now();
const figures: Record<string, unknown> = {};
afterAll(() => saveSuiteResult('bad-input-config', figures, performance.now() - started, { passed: Object.keys(figures).length, expected: 4 }));

const ENV = { NC_JWT: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJmdXp6In0.fuzz-signature-0123456789', CWA_PASSWORD: 'fuzz-password-0123', CWA_TOTP: 'JBSWY3DPEHPK3PXP' };
/** A valid config with both built-in plugins (nothing is contacted: the host only starts). */
const VALID = {
  store: { path: 'rmm-hub.db' },
  discovery: { fromDependencies: false, exclude: [] },
  tenants: [
    { id: 'msp', name: 'Our MSP', isMsp: true, domains: ['msp.example'] },
    { id: 'acme', name: 'Acme Corporation', psaCompanyId: '5001', domains: ['acme.example'] },
  ],
  integrations: [
    {
      id: 'nc-prod',
      plugin: 'ncentral',
      callTimeoutSeconds: 60,
      config: { serverUrl: 'https://nc.example.com', jwt: 'env:NC_JWT', runScriptRepositoryId: 104512, pageSize: 200, retryDelaysMs: [100, 200], concurrency: { default: 4, endpoints: { 'GET /api/devices': 3 } }, runScript: { pollIntervalMs: 1000 } },
    },
    {
      id: 'cwa-prod',
      plugin: 'cw-automate',
      config: { serverUrl: 'https://acme.hostedrmm.com', clientId: '0f8fad5b-d9cb-469f-a165-70867728950e', username: 'api', password: 'env:CWA_PASSWORD', mfa: { mode: 'totp', secret: 'env:CWA_TOTP' }, features: { deleteAgent: false } },
    },
  ],
  linking: {},
  identification: { identityScript: { enabled: true, maxAttempts: 3 } },
  log: { level: 'info' },
};

type Path = (string | number)[];
/** Every path in a JSON tree (containers and leaves). */
function pathsOf(node: unknown, prefix: Path = []): Path[] {
  const out: Path[] = [];
  if (Array.isArray(node)) node.forEach((child, i) => out.push([...prefix, i], ...pathsOf(child, [...prefix, i])));
  else if (node !== null && typeof node === 'object') for (const [k, child] of Object.entries(node)) out.push([...prefix, k], ...pathsOf(child, [...prefix, k]));
  return out;
}
const ALL_PATHS = pathsOf(VALID);

type Edit = { kind: 'replace'; value: unknown } | { kind: 'delete' } | { kind: 'unknown-key'; key: string; value: unknown };
function apply(path: Path, edit: Edit): { config: unknown; at: string } {
  const copy = structuredClone(VALID) as unknown as Record<string | number, unknown>;
  let parent: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (edit.kind === 'replace') parent[last] = edit.value;
  else if (edit.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else {
    const target = parent[last];
    if (target === null || typeof target !== 'object' || Array.isArray(target)) return { config: copy, at: formatPath(path) };
    (target as Record<string, unknown>)[edit.key] = edit.value;
    return { config: copy, at: formatPath([...path, edit.key]) };
  }
  return { config: copy, at: formatPath(path) };
}

/** True when one path is the other or lies under it (`a.b` and `a.b[0].c`). */
function related(a: string, b: string): boolean {
  const under = (x: string, y: string): boolean => x === y || y === '' || x.startsWith(`${y}.`) || x.startsWith(`${y}[`);
  return under(a, b) || under(b, a);
}

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom('literal-secret-value', 'file:/nonexistent', 'env:NOT_SET', -1, 0, 1e9, '', 'http://', true)) }),
  fc.record({ kind: fc.constant('delete' as const) }),
  fc.record({ kind: fc.constant('unknown-key' as const), key: fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.constantFrom('intergrations', 'rejectUnauthorized', 'pasword')), value: fc.jsonValue({ maxDepth: 1 }) }),
);

describe('fuzzed config files', () => {
  it('arbitrary text: parsed, or refused with RMM_ERR_CONFIG and a hint — never another error', () => {
    let refused = 0;
    let runs = 0;
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.jsonValue().map((v) => JSON.stringify(v)), fc.constantFrom('a: [', 'integrations: 5', '{"store": }', 'key: value\n  bad-indent: 1', '- list')), (text) => {
        runs++;
        try {
          parseConfigText(text);
        } catch (error) {
          refused++;
          expect(error).toBeInstanceOf(ConfigError);
          expect((error as ConfigError).hint).toEqual(expect.any(String));
        }
      }),
      { numRuns: 300, seed: 4141 },
    );
    figures['text'] = { runs, refused };
  });

  it('one broken value in a valid config: the host starts or refuses with the broken path; it never crashes', async () => {
    let runs = 0;
    const outcomes = { refusedAtLoad: 0, integrationRefused: 0, accepted: 0 };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ALL_PATHS), edit, async (path, e) => {
        runs++;
        const { config, at } = apply(path, e);
        let parsed;
        try {
          parsed = parseConfigText(JSON.stringify(config));
        } catch (error) {
          outcomes.refusedAtLoad++;
          expect(error).toBeInstanceOf(ConfigError);
          const issues = ((error as ConfigError).context['issues'] as { path: string }[] | undefined)?.map((i) => i.path) ?? [(error as ConfigError).path];
          expect(issues.some((p) => related(p, at)), `${at}: ${(error as Error).message}`).toBe(true);
          return;
        }
        const host = await Host.start({ config: parsed, baseDir: tmpdir(), plugins: builtInPlugins(), env: ENV });
        try {
          const refused = host.integrations().filter((i) => i.state === 'refused');
          if (refused.length === 0) outcomes.accepted++;
          for (const info of refused) {
            outcomes.integrationRefused++;
            expect(info.error?.code, at).toMatch(/^RMM_ERR_/);
            expect(info.error?.hint, `${at}: ${info.error?.message}`).toEqual(expect.any(String));
            const where = info.error?.path ?? '';
            expect(related(where, at) || (info.error?.message ?? '').includes(at.split('.').at(-1) ?? at), `${at} vs ${where}: ${info.error?.message}`).toBe(true);
          }
        } finally {
          await host.dispose();
        }
      }),
      { numRuns: 400, seed: 5151 },
    );
    figures['mutations'] = { runs, pathsInValidConfig: ALL_PATHS.length, ...outcomes };
  }, 60_000);
});

describe('fuzzed plugin manifests', () => {
  const base = hostilePlugin as unknown as Record<string, unknown>;
  const FIELDS = ['id', 'displayName', 'version', 'apiVersion', 'description', 'configSchema', 'capabilities', 'defaultSyncIntervalSeconds', 'register'];

  it('one broken field: definePlugin() and the loader refuse it with a coded error naming the field', () => {
    let refused = 0;
    let runs = 0;
    fc.assert(
      fc.property(fc.constantFrom(...FIELDS), fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(undefined, null, 'Not An Id!', '1.0', 0, -5, ['ListClients', 'ListClients'], ['Teleport'], [])), (field, value) => {
        runs++;
        const manifest = { ...base, [field]: value };
        if (value === undefined) delete manifest[field];
        const outcomes: unknown[] = [];
        for (const attempt of [() => definePlugin(manifest as unknown as PluginManifest), () => checkDefinition({ ...manifest, $$type: PLUGIN_BRAND }, 'fuzz-plugin')]) {
          try {
            attempt();
            outcomes.push('accepted');
          } catch (error) {
            outcomes.push(error);
          }
        }
        // Both gates agree, and a refusal says which field.
        expect(outcomes.map((o) => o === 'accepted')).toEqual([outcomes[0] === 'accepted', outcomes[0] === 'accepted']);
        for (const outcome of outcomes) {
          if (outcome === 'accepted') continue;
          refused++;
          expect(isRmmError(outcome) && outcome.code, String(outcome)).toMatch(/^RMM_ERR_PLUGIN_/);
          expect((outcome as Error).message).toContain(field);
        }
      }),
      { numRuns: 300, seed: 6161 },
    );
    figures['manifests'] = { runs, refusals: refused };
  });

  it("a broken package.json rmmHub key: refused with a coded error naming the key, before the entry is imported", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rmm-hub-manifest-'));
    let runs = 0;
    let refused = 0;
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.jsonValue({ maxDepth: 2 }),
            fc.record({ apiVersion: fc.oneof(fc.integer(), fc.string(), fc.constant(1)), pluginId: fc.oneof(fc.string(), fc.constant('ok-plugin')), entry: fc.oneof(fc.constant(''), fc.constant('./missing.js')) }, { requiredKeys: [] }),
          ),
          async (field) => {
            runs++;
            const pkg = join(dir, `p${runs}`);
            mkdirSync(pkg);
            writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: `fuzz-${runs}`, version: '1.0.0', rmmHub: field }));
            const error = await loadPluginPackage(pkg, 'config').catch((e: unknown) => e);
            // Nothing there can load: the entry is missing even when the key is valid.
            expect(isRmmError(error), String(error)).toBe(true);
            expect((error as { code: string }).code).toMatch(/^RMM_ERR_PLUGIN_/);
            expect((error as Error).message).toMatch(/rmmHub|apiVersion|pluginId|entry|Importing|not a plugin|API/i);
            refused++;
          },
        ),
        { numRuns: 150, seed: 7171 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    figures['packageKeys'] = { runs, refused };
  });
});
