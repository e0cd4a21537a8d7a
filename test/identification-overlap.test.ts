/**
 * Identification overlapping the listing, over a real store (the in-memory one) and a stand-in
 * host whose listings can be held at a tenant's last page: a tenant is identified while another
 * is still listed, and the sync ends where identifying once after the last page would.
 * Order is seen through events and held listings, never through time.
 */
import { describe, expect, it } from 'vitest';

import {
  ComputerQueries,
  HostEventBus,
  IdentificationService,
  identificationStep,
  MemoryStore,
  normaliseSerial,
  SyncOrchestrator,
  type Host,
  type HostEventName,
  type IdentificationStep,
  type IdentifiedAgent,
  type LinkingStep,
  type RmmClient,
} from '@rmm-hub/core';

import { identificationOutcome as outcome } from './support/identification-outcome.js';

const AT = '2025-06-01T00:00:00.000Z';

/** One RMM as the stand-in host serves it: clients, their tenant, and their agents. */
type Rmm = Record<string, { tenantId: string | undefined; agents: IdentifiedAgent[] }>;

function agent(id: string, clientId: string, hostname: string, identity: IdentifiedAgent['identity']): IdentifiedAgent {
  return { id, clientId, hostname, online: true, lastSeen: AT, canRunScripts: false, identity };
}

/**
 * A host serving `rmms` (ListClients, ListComputers with identity in the listing). `hold`, when
 * it returns a promise for a listed client, keeps that client's last agent back until it settles.
 */
function standInHost(rmms: Record<string, Rmm>, hold: (integrationId: string, clientId: string) => Promise<void> | undefined = () => undefined): Host {
  const events = new HostEventBus();
  const host = {
    events,
    integrations: () => Object.keys(rmms).map((id) => ({ id, state: 'ready' })),
    supports: (_id: string, capability: string) => capability === 'ListClients' || capability === 'ListComputers',
    emit: (name: HostEventName, payload: unknown) => events.emit(name, payload as never),
    call(integrationId: string, capability: string, query?: { clientIds: string[] }) {
      const rmm = rmms[integrationId] ?? {};
      if (capability === 'ListClients') {
        return (async function* (): AsyncGenerator<RmmClient> {
          for (const id of Object.keys(rmm)) yield { id, name: id, kind: 'customer', hints: { domains: [], externalIds: {} } };
        })();
      }
      return (async function* (): AsyncGenerator<IdentifiedAgent> {
        for (const clientId of query?.clientIds ?? []) {
          const agents = rmm[clientId]?.agents ?? [];
          for (const [i, listed] of agents.entries()) {
            if (i === agents.length - 1) await hold(integrationId, clientId);
            yield listed;
          }
        }
      })();
    },
  };
  return host as unknown as Host;
}

/** Links every client to the tenant `rmms` gives it, and unlinks the ones it gives none. */
function linkingOf(store: MemoryStore, rmms: Record<string, Rmm>): LinkingStep {
  return {
    async reconcile(integrationId, at) {
      for (const [clientId, { tenantId }] of Object.entries(rmms[integrationId] ?? {})) {
        if (tenantId === undefined) await store.links.removeLink(integrationId, clientId);
        else await store.links.putLink({ integrationId, clientId, tenantId, source: 'manual', reasons: [], createdAt: at });
      }
      return { linked: (await store.links.listLinks({ integrationId })).length, suggested: 0, written: 0 };
    },
  };
}

async function storeFor(rmms: Record<string, Rmm>): Promise<MemoryStore> {
  const store = new MemoryStore();
  for (const id of Object.keys(rmms)) await store.integrations.upsert({ id, pluginId: id, displayName: id, enabled: true });
  for (const id of ['ta', 'tb', 'tc']) await store.tenants.upsert({ id, name: id, domains: [], isMsp: false });
  return store;
}

/**
 * The identification step as the product wires it; `inRounds: false` leaves it one run after the
 * listings. `identified` hears of each batch of tenants identified, once it is stored.
 */
function stepOver(store: MemoryStore, inRounds: boolean, identified: (tenantIds: string[]) => Promise<void> | void = () => undefined): { step: IdentificationStep; service: IdentificationService } {
  const service = new IdentificationService({ store, config: { quarantineThreshold: 3 }, now: () => new Date(AT) });
  const identifyTenants = service.identifyTenants.bind(service);
  service.identifyTenants = async (tenantIds, options) => {
    const ids = [...tenantIds].sort();
    const summary = await identifyTenants(ids, options);
    await identified(ids);
    return summary;
  };
  const step = identificationStep(service, new ComputerQueries(store), { gatherIdentities: false, memos: store.computers, store });
  return { service, step: inRounds ? step : { identify: (options) => step.identify(options) } };
}

const SHARED_UUID = 'A1B2C3D4-0000-1111-2222-333344445555';

/**
 * ta (clients x1, y1) is listed by both integrations; tb (x2) by x only, its last page held.
 * ta and tb share a machine (a cross-tenant conflict), and serial SN-BULK is on two of ta's
 * machines and one of tb's: on three hostnames, quarantined (threshold 3) — but only once tb is
 * listed, after ta was identified without it.
 */
function fleet(): Record<string, Rmm> {
  return {
    x: {
      x1: { tenantId: 'ta', agents: [agent('1', 'x1', 'PC-1', { smbiosUuid: SHARED_UUID, macAddresses: [] }), agent('2', 'x1', 'PC-2', { serialNumber: 'SN-BULK', macAddresses: [] })] },
      x2: { tenantId: 'tb', agents: [agent('3', 'x2', 'PC-1', { smbiosUuid: SHARED_UUID, macAddresses: [] }), agent('4', 'x2', 'PC-4', { serialNumber: 'SN-BULK', macAddresses: [] })] },
      x3: { tenantId: 'tc', agents: [agent('5', 'x3', 'PC-5', { serialNumber: 'SN-5', macAddresses: [] })] },
    },
    y: {
      y1: { tenantId: 'ta', agents: [agent('1', 'y1', 'PC-3', { serialNumber: 'SN-BULK', macAddresses: [] }), agent('2', 'y1', 'PC-2b', { serialNumber: 'SN-2', macAddresses: [] })] },
    },
  };
}

/** Holds tb's last page until ta has been identified, noting the order of both. */
function heldUntilTaIdentified(order: string[]): { hold: (integrationId: string, clientId: string) => Promise<void> | undefined; identified: (tenantIds: string[]) => void } {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  return {
    hold: (integrationId, clientId) => (integrationId === 'x' && clientId === 'x2' ? released.then(() => void order.push('tb: last page')) : undefined),
    identified: (tenantIds) => {
      order.push(`identified ${tenantIds.join(',')}`);
      if (tenantIds.includes('ta')) release();
    },
  };
}

describe('identification overlapping the listing', () => {
  it('identifies a tenant once every listing feeding it has ended, while another tenant is still listed', async () => {
    const rmms = fleet();
    const store = await storeFor(rmms);
    const order: string[] = [];
    const held = heldUntilTaIdentified(order);
    const host = standInHost(rmms, held.hold);
    const rounds: string[] = [];
    host.events.on('sync:progress', (event) => {
      if (event.phase === 'identification' && event.integrationId === 'x') rounds.push(event.detail ?? '');
    });
    let storedWhenTaWas: string[] | undefined;
    const { step } = stepOver(store, true, async (tenantIds) => {
      if (tenantIds.includes('ta')) storedWhenTaWas ??= [...new Set((await store.computers.list()).map((c) => c.tenantId))].sort();
      held.identified(tenantIds);
    });
    const report = await new SyncOrchestrator({ host, store, linking: linkingOf(store, rmms), identification: step, batchSize: 2 }).sync();

    expect(report.integrations.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    const taIdentified = order.findIndex((o) => o.startsWith('identified') && o.includes('ta'));
    expect(taIdentified).toBeGreaterThanOrEqual(0);
    expect(order.indexOf('tb: last page')).toBeGreaterThan(taIdentified);
    // ta was written while tb was still being listed; tb only after.
    expect(storedWhenTaWas).not.toContain('tb');
    expect(storedWhenTaWas).toContain('ta');
    expect(rounds[0]).toMatch(/^round 1: \d tenant\(s\), e\.g\. /);
    expect(report.identification).toMatchObject({ agents: 7 });
    expect((await store.computers.list()).map((c) => c.tenantId)).toContain('tb');
  });

  it('ends where one run after the last page ends, on a first sync and on a sync that unlinks a client and loses an agent', async () => {
    const rmms = fleet();
    const oneRun = await storeFor(rmms);
    const inRounds = await storeFor(rmms);
    const order: string[] = [];
    const held = heldUntilTaIdentified(order);
    const sync = (store: MemoryStore, host: Host, rounds: boolean, identified?: (tenantIds: string[]) => void) =>
      new SyncOrchestrator({ host, store, linking: linkingOf(store, rmms), identification: stepOver(store, rounds, identified).step, batchSize: 2 }).sync();

    const whole = await sync(oneRun, standInHost(rmms), false);
    const overlapped = await sync(inRounds, standInHost(rmms, held.hold), true, held.identified);
    expect(await outcome(inRounds)).toEqual(await outcome(oneRun));
    // ta was identified before SN-BULK reached three hostnames, then again at the end; tc, which
    // holds no value whose quarantine moved, once.
    expect(order.filter((o) => o.startsWith('identified') && o.includes('ta'))).toHaveLength(2);
    expect(order.filter((o) => o.startsWith('identified') && o.includes('tc'))).toHaveLength(1);
    expect((await outcome(inRounds)).conflicts.some((c) => c.includes(':cross-tenant:'))).toBe(true);
    // The same summary, but for the rows: ta's were written in round 1 and again at the end.
    expect({ ...overlapped.identification, written: 0 }).toEqual({ ...whole.identification, written: 0 });
    expect(overlapped.identification?.written).toBeGreaterThan(whole.identification?.written ?? 0);

    // tc's client unlinked (its computer is retired, though no listing feeds tc), tb's agent 4 gone.
    (rmms['x'] as Rmm)['x3'] = { tenantId: undefined, agents: (rmms['x'] as Rmm)['x3']?.agents ?? [] };
    (rmms['x'] as Rmm)['x2']?.agents.pop();
    const wholeAgain = await sync(oneRun, standInHost(rmms), false);
    const overlappedAgain = await sync(inRounds, standInHost(rmms), true);
    expect(await outcome(inRounds)).toEqual(await outcome(oneRun));
    expect((await inRounds.computers.list()).some((c) => c.tenantId === 'tc')).toBe(false);
    expect(overlappedAgain.identification).toEqual(wholeAgain.identification);
  });

  it('finds the tenants holding a value, after the known-bad registry and among those asked about', async () => {
    const rmms = fleet();
    (rmms['x'] as Rmm)['x3']?.agents.push(agent('6', 'x3', 'PC-6', { serialNumber: 'To be filled by O.E.M.', macAddresses: [] }));
    const store = await storeFor(rmms);
    const { step, service } = stepOver(store, true);
    await new SyncOrchestrator({ host: standInHost(rmms), store, linking: linkingOf(store, rmms), identification: step }).sync();
    const serial = (value: string) => ({ kind: 'serial' as const, value: normaliseSerial(value) as string });
    expect(await service.tenantsHolding([serial('SN-BULK')], ['ta', 'tb', 'tc'])).toEqual(['ta', 'tb']);
    expect(await service.tenantsHolding([serial('SN-BULK'), serial('SN-5')], ['tc', 'tb'])).toEqual(['tb', 'tc']);
    expect(await service.tenantsHolding([serial('To be filled by O.E.M.')], ['ta', 'tb', 'tc'])).toEqual([]);
    expect(await service.tenantsHolding([], ['ta'])).toEqual([]);
  });

  it('reports a failed round with its tenants, and identifies them in the final pass', async () => {
    const rmms = fleet();
    const store = await storeFor(rmms);
    let failures = 1;
    const { step, service } = stepOver(store, true);
    const identifyTenants = service.identifyTenants.bind(service);
    service.identifyTenants = (tenantIds, options) => (failures-- > 0 ? Promise.reject(new Error('the store was busy')) : identifyTenants(tenantIds, options));
    const report = await new SyncOrchestrator({ host: standInHost(rmms), store, linking: linkingOf(store, rmms), identification: step }).sync();
    expect(report.identificationRoundErrors).toEqual([{ tenantIds: expect.arrayContaining([expect.any(String)]), error: expect.objectContaining({ message: 'the store was busy' }) }]);
    expect(report.identificationError).toBeUndefined();
    expect(report.identification).toMatchObject({ agents: 7 });
    expect(new Set((await store.computers.list()).map((c) => c.tenantId))).toEqual(new Set(['ta', 'tb', 'tc']));
  });

  it('identifies nothing on a re-sync that changed nothing, and reports the last outcome', async () => {
    const rmms = fleet();
    const store = await storeFor(rmms);
    const first = await new SyncOrchestrator({ host: standInHost(rmms), store, linking: linkingOf(store, rmms), identification: stepOver(store, true).step }).sync();
    const { step, service } = stepOver(store, true);
    let calls = 0;
    for (const method of ['run', 'identifyTenants'] as const) {
      const original = service[method].bind(service) as (...args: unknown[]) => Promise<never>;
      (service as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        calls++;
        return original(...args);
      };
    }
    const again = await new SyncOrchestrator({ host: standInHost(rmms), store, linking: linkingOf(store, rmms), identification: step }).sync();
    expect(calls).toBe(0);
    expect(again.identification).toEqual({ ...first.identification, written: 0 });
    expect(again.rowsWritten).toBe(0);
  });
});
