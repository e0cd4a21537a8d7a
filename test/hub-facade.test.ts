/**
 * The host application's front door, used as an application would: open a hub on the
 * simulators' config, sync with progress and events, link, list and describe computers, run a
 * script, call a capability, and close.
 */
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { startDemoEnvironment, type DemoEnvironment } from '@rmm-hub/cli';
import { ErrorCodes, isRmmError, type ComputerSummary, type HostEvents, type RmmClient } from '@rmm-hub/core';
import { RmmHub, type HubEvents } from '@rmm-hub/hub';
import { SqliteStore } from '@rmm-hub/store-sqlite';

/** test/package.json depends on both built-in plugins: this folder is the host application. */
const APP_ROOT = fileURLToPath(new URL('.', import.meta.url));

describe('RmmHub on the simulators', () => {
  let env: DemoEnvironment;
  let hub: RmmHub;
  const seen: { progress: HubEvents['progress'][]; finished: HubEvents['sync:finished'][]; conflicts: HubEvents['conflict:opened'][]; links: HubEvents['link:created'][] } = {
    progress: [],
    finished: [],
    conflicts: [],
    links: [],
  };

  beforeAll(async () => {
    env = await startDemoEnvironment({ devices: 40, seed: 11, latencyMs: 0, automateMfa: 'integrator' });
    hub = await RmmHub.open({ configFile: env.configPath, appRoot: APP_ROOT });
    hub.on('progress', (e) => seen.progress.push(e));
    hub.on('sync:finished', (e) => seen.finished.push(e));
    hub.on('conflict:opened', (e) => seen.conflicts.push(e));
    hub.on('link:created', (e) => seen.links.push(e));
  });

  afterAll(async () => {
    await hub?.close();
    await env?.close({ keep: false });
  });

  it('starts every integration from plugins found in the application’s dependencies', () => {
    expect(hub.integrations().map((i) => [i.id, i.state])).toEqual([['ncentral', 'ready'], ['automate', 'ready']]);
    expect(hub.plugins().loaded.map((p) => [p.definition.id, p.origin])).toEqual([['cw-automate', 'dependency'], ['ncentral', 'dependency']]);
  });

  it('syncs with progress, links the MSP by hand, and identifies computers', async () => {
    const progress: string[] = [];
    const first = await hub.sync({ onProgress: (p) => progress.push(`${p.integrationId}:${p.phase}`) });
    expect(first.integrations.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    expect(progress).toContain('ncentral:clients');
    expect(seen.progress.length).toBeGreaterThanOrEqual(progress.length);
    expect(seen.finished.map((e) => e.integrationId).sort()).toEqual(['automate', 'ncentral']);

    // Auto-linking waits until the MSP's own clients are linked: a person's decision.
    const msp = env.fleet.tenants.find((t) => t.isMsp)!;
    const mspClients = (await hub.clients()).filter((c) => env.fleet.truth.tenantOfClient(c.integrationId === 'ncentral' ? 'ncentral' : 'automate', Number(c.id)) === msp.id);
    expect(mspClients.length).toBeGreaterThan(0);
    for (const client of mspClients) await hub.links.accept({ integrationId: client.integrationId, clientId: client.id, tenantId: msp.id, actor: 'test-admin' });
    expect((await hub.links.decisions()).filter((d) => d.actor === 'test-admin')).toHaveLength(mspClients.length);

    await hub.sync();
    const view = await hub.links.view();
    expect(view.links.length).toBeGreaterThan(mspClients.length);
    expect(seen.links.length).toBeGreaterThanOrEqual(view.links.length - mspClients.length);

    const computers = await hub.computers.list();
    expect(computers.length).toBeGreaterThan(0);
    const detail = await hub.computers.describe(computers[0]!.id, { timeline: true });
    expect(detail?.agents.length).toBeGreaterThan(0);
    expect(detail?.agents[0]?.evidence).toBeDefined();
    expect(detail?.timeline).toBeDefined();
    expect((await hub.computers.conflicts({ status: 'all' })).map((c) => c.id).sort()).toEqual(seen.conflicts.map((c) => c.conflictId).sort());
  });

  it('identifies one tenant or several in one run under the identification lock, and names the integrations feeding it', async () => {
    const msp = env.fleet.tenants.find((t) => t.isMsp)!;
    expect(await hub.integrationsFeeding(msp.id)).toEqual(['automate', 'ncentral']);
    expect(await hub.integrationsFeeding('no-such-tenant')).toEqual([]);
    // Another live process identifies: the hub waits for it.
    const at = new Date().toISOString();
    const other = { pid: process.ppid, host: hostname(), acquiredAt: at, heartbeatAt: at };
    expect(await hub.store.locks.acquire('identification', other, () => false)).toBeUndefined();
    let waited!: (event: HostEvents['sync:waiting']) => void;
    const waiting = new Promise<HostEvents['sync:waiting']>((resolve) => (waited = resolve));
    hub.host.events.on('sync:waiting', waited);
    const stop = new AbortController();
    const tenantIds = env.fleet.tenants.map((t) => t.id);
    const identifying = hub.identifyTenants(tenantIds, { signal: stop.signal });
    try {
      expect(await waiting).toMatchObject({ work: 'identification', holder: { pid: process.ppid } });
    } finally {
      hub.host.events.off('sync:waiting', waited);
      stop.abort();
      await hub.store.locks.release('identification', other);
    }
    await expect(identifying).rejects.toMatchObject({ code: ErrorCodes.cancelled });
    // Identified by the sync already: the tenant's computers stand as they are.
    const before = await hub.computers.list({ tenantId: msp.id });
    const summary = await hub.identifyTenant(msp.id);
    expect(summary).toMatchObject({ computersCreated: 0, computersRetired: 0, linksWritten: 0 });
    expect(summary.computers).toBe(before.length);
    expect(summary.agents).toBeGreaterThan(0);
    const all = await hub.identifyTenants(tenantIds);
    expect(all).toMatchObject({ computersCreated: 0, computersRetired: 0, linksWritten: 0 });
    expect(all.agents).toBeGreaterThan(summary.agents);
  });

  it('runs a script on a computer through whichever RMM reaches it', async () => {
    let computer: ComputerSummary | undefined;
    for (const c of await hub.computers.list()) {
      if ((await hub.computers.describe(c.id))!.agents.some((a) => !a.stale)) {
        computer = c;
        break;
      }
    }
    expect(computer).toBeDefined();
    const outcome = await hub.runScript(computer!.id, { language: 'powershell', body: '$env:COMPUTERNAME', timeoutMs: 60_000 }, { actor: 'test-admin' });
    expect(outcome.computerId).toBe(computer!.id);
    expect(outcome.result.status).toBe('success');
  });

  it('calls a capability, typed by the capability', async () => {
    const listed: RmmClient[] = [];
    for await (const client of hub.call('ncentral', 'ListClients')) listed.push(client);
    expect(listed.map((c) => c.id).sort()).toEqual((await hub.clients({ integrationId: 'ncentral' })).map((c) => c.id).sort());
    expect((await hub.call('automate', 'HealthCheck')).status).toBe('healthy');
  });
});

describe('RmmHub.open and close', () => {
  it('checks settings given as an object like a config file, with a coded error naming the setting', async () => {
    const error = await RmmHub.open({ config: { integrations: [{ id: 'nc', plugin: 'ncentral', configg: {} }] } as never }).catch((e: unknown) => e);
    expect(isRmmError(error)).toBe(true);
    expect(error).toMatchObject({ code: ErrorCodes.config });
    expect((error as Error).message).toContain('configg');
  });

  it('opens a PostgreSQL store only from a secret reference, and a server out of reach is a coded store error without the password', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rmm-hub-facade-'));
    const literal = await RmmHub.open({ config: { store: { kind: 'postgres', url: 'postgres://rmm:Hunter2-secret@db.example/rmm' } }, baseDir: dir, appRoot: dir }).catch((e: unknown) => e);
    expect(literal).toMatchObject({ code: ErrorCodes.config, path: 'store.url' });
    expect(JSON.stringify(literal) + String((literal as Error).message)).not.toContain('Hunter2');
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    process.env['RMM_HUB_FACADE_TEST_DB'] = 'postgres://rmm:Hunter2-secret@127.0.0.1:1/rmm';
    try {
      const error = await RmmHub.open({ config: { store: { kind: 'postgres', url: 'env:RMM_HUB_FACADE_TEST_DB' } }, baseDir: dir, appRoot: dir }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: ErrorCodes.storeUnreachable });
      expect(JSON.stringify(error) + String((error as Error).message)).not.toContain('Hunter2');
    } finally {
      delete process.env['RMM_HUB_FACADE_TEST_DB'];
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('opens read-only without creating the database, and closes more than once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rmm-hub-facade-'));
    const hub = await RmmHub.open({ config: { store: { path: 'hub.db' } }, baseDir: dir, access: 'read', appRoot: dir });
    expect(await hub.computers.list()).toEqual([]);
    await hub.close();
    await hub.close();
    expect(readdirSync(dir)).toEqual([]);
    expect(existsSync(join(dir, 'hub.db'))).toBe(false);
  });

  it('writes the config’s tenants only once the engines are used, so a health check changes no data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rmm-hub-facade-'));
    const open = () => RmmHub.open({ config: { tenants: [{ id: 't1', name: 'Tenant One' }] }, baseDir: dir, appRoot: dir });
    const tenantsInDatabase = async (): Promise<string[]> => {
      const store = SqliteStore.open({ path: join(dir, 'rmm-hub.db'), readonly: true });
      try {
        return (await store.tenants.list()).map((t) => t.id);
      } finally {
        await store.close();
      }
    };
    const checking = await open();
    expect(checking.integrations()).toEqual([]);
    await checking.close();
    expect(await tenantsInDatabase()).toEqual([]);
    const listing = await open();
    expect(await listing.computers.list()).toEqual([]);
    await listing.close();
    expect(await tenantsInDatabase()).toEqual(['t1']);
  });

  it('stops its scheduled syncs on close', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rmm-hub-facade-'));
    const hub = await RmmHub.open({ config: {}, baseDir: dir, appRoot: dir });
    const scheduler = hub.schedule();
    scheduler.start();
    const stop = vi.spyOn(scheduler, 'stop');
    await hub.close();
    expect(stop).toHaveBeenCalledOnce();
  });
});
