/**
 * rmm-hub as users get it: every publishable workspace package packed with pnpm, checked for
 * what it ships, and installed with npm into a fresh project outside the workspace from a
 * loopback registry (support/packaging/loopback-registry.ts) — no workspace links, no network.
 * Each case then drives the installed packages against the simulators.
 *
 * A case is a name, the packages a user would install, and what they then do; adding one (a
 * host application importing a facade package, say) is a new entry in CASES.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEMO_INTEGRATIONS, startDemoEnvironment, type DemoEnvironment } from '@rmm-hub/cli';

import { ROOT } from './reliability/support/results.js';
import { startLoopbackRegistry, type LoopbackRegistry } from './support/packaging/loopback-registry.js';
import { createNpmProject, withoutNpmSettings, type NpmProject } from './support/packaging/npm-project.js';
import { packWorkspacePackages, type PackedPackage } from './support/packaging/pack-workspace.js';
import { problemsOfTarball } from './support/packaging/packed-contents.js';
import { publishablePackages } from './support/packaging/workspace-packages.js';

const runFile = promisify(execFile);

interface InstallCase {
  name: string;
  /** What the user installs (the rest comes as their dependencies). */
  install: string[];
  /** Drives the installed project against `env`'s simulators; `node` runs a file there. */
  verify(project: NpmProject, env: DemoEnvironment, node: RunInstalled): Promise<void>;
}

type RunInstalled = (file: string, args: readonly string[], extraEnv?: Record<string, string>) => Promise<{ stdout: string; stderr: string }>;

const CASES: InstallCase[] = [
  {
    name: 'the installed rmm-hub binary syncs both simulators and stores their agents',
    install: ['@rmm-hub/cli'],
    async verify(project, env, node) {
      const cli = (...args: string[]) => node(project.bin('rmm-hub'), ['--config', env.configPath, ...args]);
      await cli('sync', '--json');
      // The administrator links the MSP's own clients first; the next sync lists their agents.
      const msp = env.fleet.tenants.find((tenant) => tenant.isMsp)!;
      const owned = (integration: 'ncentral' | 'automate', client: string | number) => env.fleet.truth.tenantOfClient(integration, client as never) === msp.id;
      const mspClients = [
        ...env.fleet.ncentral.customers.filter((c) => owned('ncentral', c.customerId)).map((c) => [DEMO_INTEGRATIONS.ncentral, String(c.customerId)] as const),
        ...env.fleet.automate.clients.filter((c) => owned('automate', c.id)).map((c) => [DEMO_INTEGRATIONS.automate, String(c.id)] as const),
      ];
      for (const [integration, client] of mspClients) await cli('links', 'accept', integration, client, msp.id);
      await cli('sync', '--json');
      const status = JSON.parse((await cli('status', '--json')).stdout) as { integrations: { id: string; state: string; agents: number; lastSync: { status: string } | null }[] };
      for (const id of Object.values(DEMO_INTEGRATIONS)) {
        const integration = status.integrations.find((candidate) => candidate.id === id);
        expect(integration, `status lists ${id}`).toMatchObject({ state: 'ready', lastSync: { status: 'succeeded' } });
        expect(integration!.agents, `${id} agents stored`).toBeGreaterThan(0);
      }
    },
  },
  {
    name: 'a host application with the installed facade and plugins syncs both simulators through RmmHub',
    install: ['@rmm-hub/hub', '@rmm-hub/plugin-ncentral', '@rmm-hub/plugin-cw-automate'],
    async verify(project, env, node) {
      const msp = env.fleet.tenants.find((tenant) => tenant.isMsp)!;
      const owned = (integration: 'ncentral' | 'automate', client: string | number) => env.fleet.truth.tenantOfClient(integration, client as never) === msp.id;
      const mspClients = [
        ...env.fleet.ncentral.customers.filter((c) => owned('ncentral', c.customerId)).map((c) => [DEMO_INTEGRATIONS.ncentral, String(c.customerId)]),
        ...env.fleet.automate.clients.filter((c) => owned('automate', c.id)).map((c) => [DEMO_INTEGRATIONS.automate, String(c.id)]),
      ];
      // The plugins are found in this project's own package.json, where npm recorded them.
      const script = join(project.dir, 'host.mjs');
      writeFileSync(
        script,
        `import { RmmHub } from '@rmm-hub/hub';
const [configFile, mspId, clients] = [process.argv[2], process.argv[3], JSON.parse(process.argv[4])];
const hub = await RmmHub.open({ configFile, appRoot: process.cwd() });
try {
  await hub.sync();
  for (const [integrationId, clientId] of clients) await hub.links.accept({ integrationId, clientId, tenantId: mspId, actor: 'host-app' });
  const report = await hub.sync();
  console.log(JSON.stringify({ integrations: hub.integrations().map((i) => ({ id: i.id, state: i.state })), statuses: report.integrations.map((r) => r.status), computers: (await hub.computers.list()).length }));
} finally {
  await hub.close();
}
`,
      );
      const out = JSON.parse((await node(script, [env.configPath, msp.id, JSON.stringify(mspClients)])).stdout) as { integrations: { id: string; state: string }[]; statuses: string[]; computers: number };
      expect(out.integrations.map((i) => i.state)).toEqual(Object.values(DEMO_INTEGRATIONS).map(() => 'ready'));
      expect(out.statuses).toEqual(out.integrations.map(() => 'succeeded'));
      expect(out.computers).toBeGreaterThan(0);
    },
  },
];

let workDir: string;
let packed: PackedPackage[];
let registry: LoopbackRegistry;
let env: DemoEnvironment;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'rmm-hub-pack-'));
  packed = await packWorkspacePackages(publishablePackages(), workDir);
  registry = await startLoopbackRegistry({ tarballs: packed.map((pkg) => pkg.tarball), pnpmStore: join(ROOT, 'node_modules', '.pnpm') });
  // An Integrator API user: each command is a new login, and with TOTP each would wait for a fresh code.
  env = await startDemoEnvironment({ devices: 120, seed: 11, latencyMs: 0, automateMfa: 'integrator' });
}, 180_000);

afterAll(async () => {
  await env?.close({ keep: false });
  await registry?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe('published packages', () => {
  it('packs every package not marked private, each fit to publish', async () => {
    expect(packed.map((pkg) => pkg.name).sort()).toEqual(publishablePackages().map((pkg) => pkg.manifest.name).sort());
    const problems = (await Promise.all(packed.map((pkg) => problemsOfTarball(pkg.tarball)))).flat();
    expect(problems).toEqual([]);
  });

  for (const installCase of CASES) {
    it(installCase.name, { timeout: 300_000 }, async () => {
      const project = createNpmProject(registry.url);
      try {
        await project.install(installCase.install);
        const node: RunInstalled = async (file, args, extraEnv = {}) => {
          try {
            return await runFile(process.execPath, [file, ...args], { cwd: project.dir, env: { ...withoutNpmSettings(), ...extraEnv }, maxBuffer: 64 * 1024 * 1024 });
          } catch (error) {
            const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
            throw new Error(`${file} ${args.join(' ')} failed:\n${stderr}\n${stdout}`, { cause: error });
          }
        };
        await installCase.verify(project, env, node);
      } finally {
        project.remove();
      }
    });
  }
});
