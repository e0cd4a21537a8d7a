import { beforeEach, describe, expect, it } from 'vitest';

import type { RmmClient } from '../capabilities/list-clients.js';
import { NotFoundError } from '../errors/index.js';
import type { HostEvents } from '../events/events.js';
import { MemoryStore } from '../memory-store/index.js';
import { LinkingError } from './linking-errors.js';
import { LinkingService } from './linking-service.js';

const AT = '2025-06-01T00:00:00.000Z';
const client = (id: string, name: string, extra: Partial<RmmClient> = {}): RmmClient => ({ id, name, kind: 'customer', hints: { domains: [], externalIds: {} }, ...extra });

function seed(store: MemoryStore): void {
  store.integrations.upsert({ id: 'nc', pluginId: 'ncentral', displayName: 'N-central', enabled: true });
  store.integrations.upsert({ id: 'cw', pluginId: 'cw-automate', displayName: 'Automate', enabled: true });
  for (const [id, name, isMsp, psa] of [
    ['t-msp', 'Cloudhaven IT Services', true, undefined],
    ['t-harbor', 'Harbor Logistics', false, '10017'],
    ['t-baker', 'Baker & Moss Dental Group', false, undefined],
    ['t-atlas', 'Atlas Realty', false, undefined],
  ] as const) {
    store.tenants.upsert({ id, name, isMsp, psaCompanyId: psa, domains: [], createdAt: AT });
  }
  store.clients.upsertMany('nc', [
    client('1', 'Cloudhaven IT Services'),
    client('2', 'HARBOR LOGISTICS LTD'),
    client('3', 'Baker and Moss Dental Grp'),
    client('4', 'Internal'),
    client('5', 'Main Office', { kind: 'site', parentId: '2' }),
  ], AT);
  store.clients.upsertMany('cw', [
    client('11', 'Cloudhaven IT', { kind: 'client' }),
    client('12', 'Harbour Logistic', { kind: 'client', hints: { psaCompanyId: '10017', domains: [], externalIds: {} } }),
    client('13', 'Fresh Bakery', { kind: 'client' }),
  ], AT);
}

describe('LinkingService', () => {
  let store: MemoryStore;
  let events: { name: string; payload: unknown }[];
  let service: LinkingService;
  let ids: number;

  beforeEach(() => {
    store = new MemoryStore();
    seed(store);
    events = [];
    ids = 0;
    service = new LinkingService(store, {
      emit: <K extends keyof HostEvents>(name: K, payload: HostEvents[K]) => void events.push({ name, payload }),
      now: () => new Date(AT),
      newId: () => `d${++ids}`,
    });
  });

  it('warns and holds back auto-links until the MSP tenant is linked by hand, then links', async () => {
    const first = service.run();
    expect(first.result.warnings.map((w) => w.code)).toEqual(['msp-tenant-unlinked']);
    expect(first.result.autoLinking).toBe(false);
    expect(store.links.listLinks()).toEqual([]);
    const held = store.links.listSuggestions({ integrationId: 'nc', clientId: '2' });
    expect(held[0]?.tenantId).toBe('t-harbor');
    expect(held[0]?.reasons.some((r) => r.kind === 'held-back')).toBe(true);

    const { decision, run } = service.accept({ integrationId: 'nc', clientId: '1', tenantId: 't-msp', actor: 'alice', reason: 'our own' });
    expect(decision).toMatchObject({ kind: 'link', actor: 'alice', reason: 'our own', tenantId: 't-msp' });
    expect(run.result.warnings).toEqual([]);
    const links = Object.fromEntries(store.links.listLinks().map((l) => [`${l.integrationId}/${l.clientId}`, [l.tenantId, l.source]]));
    expect(links).toEqual({
      'nc/1': ['t-msp', 'manual'],
      'nc/2': ['t-harbor', 'auto'],
      'nc/3': ['t-baker', 'auto'],
      'cw/12': ['t-harbor', 'auto'],
    });
    // The MSP tenant is never auto-linked: Automate's "Cloudhaven IT" stays a suggestion.
    expect(store.links.listSuggestions({ integrationId: 'cw', clientId: '11' })[0]?.tenantId).toBe('t-msp');
    const auto = store.links.getLink('cw', '12');
    expect(auto?.reasons.map((r) => r.kind)).toContain('psa-company-id');
    expect(store.audit.list({ subject: 'client:nc/1' })[0]).toMatchObject({ actor: 'alice', action: 'link:accept', reason: 'our own' });
    await Promise.resolve();
    expect(events.filter((e) => e.name === 'link:created')).toHaveLength(4);
  });

  it('a second run with nothing changed writes nothing', () => {
    service.accept({ integrationId: 'nc', clientId: '1', tenantId: 't-msp', actor: 'alice' });
    service.run();
    const before = store.changes();
    const again = service.run();
    expect(store.changes()).toBe(before);
    expect(again.written).toEqual({ linksCreated: 0, linksUpdated: 0, linksRemoved: 0, suggestions: { inserted: 0, updated: 0, deleted: 0, unchanged: again.result.suggestions.length } });
    expect(service.view().pendingChanges).toBe(0);
  });

  it('keep-separate is sticky across syncs and reversible; the audit keeps both', () => {
    service.accept({ integrationId: 'nc', clientId: '1', tenantId: 't-msp', actor: 'alice' });
    const kept = service.keepSeparate({ integrationId: 'cw', clientId: '11', actor: 'bob', reason: 'lab machines' });
    expect(kept.run.result.keptSeparate).toContainEqual({ integrationId: 'cw', clientId: '11' });
    // A later sync (same clients listed again) still honours it.
    store.clients.upsertMany('cw', [client('11', 'Cloudhaven IT Services', { kind: 'client' })], AT);
    const later = service.run();
    expect(later.result.suggestions.filter((s) => s.clientId === '11' && s.integrationId === 'cw')).toEqual([]);
    expect(store.links.getLink('cw', '11')).toBeUndefined();

    service.revoke({ decisionId: kept.decision.id, actor: 'carol', reason: 'mistake' });
    expect(store.links.listSuggestions({ integrationId: 'cw', clientId: '11' })[0]?.tenantId).toBe('t-msp');
    const trail = service.history({ integrationId: 'cw', clientId: '11' }).map((e) => [e.action, e.actor]);
    expect(trail).toEqual([['link:revoke', 'carol'], ['link:keep-separate', 'bob']]);
    expect(service.decisions({ integrationId: 'cw', includeRevoked: true })[0]).toMatchObject({ revokedBy: 'carol', revokeReason: 'mistake' });
  });

  it('unlink removes an auto-link and only suggests the client until revoked', () => {
    service.accept({ integrationId: 'nc', clientId: '1', tenantId: 't-msp', actor: 'alice' });
    expect(store.links.getLink('nc', '3')?.tenantId).toBe('t-baker');
    const { decision } = service.unlink({ integrationId: 'nc', clientId: '3', actor: 'bob', reason: 'wrong Baker' });
    expect(decision.tenantId).toBe('t-baker');
    expect(store.links.getLink('nc', '3')).toBeUndefined();
    service.run();
    expect(store.links.getLink('nc', '3')).toBeUndefined();
    service.revoke({ decisionId: decision.id, actor: 'bob' });
    expect(store.links.getLink('nc', '3')?.tenantId).toBe('t-baker');
  });

  it('reject-suggestion without a tenant rejects the best suggestion, and accepting supersedes it', () => {
    service.accept({ integrationId: 'nc', clientId: '1', tenantId: 't-msp', actor: 'alice' });
    const rejected = service.reject({ integrationId: 'cw', clientId: '11', actor: 'bob' });
    expect(rejected.decision.tenantId).toBe('t-msp');
    expect(store.links.listSuggestions({ integrationId: 'cw', clientId: '11' }).map((s) => s.tenantId)).not.toContain('t-msp');
    const accepted = service.accept({ integrationId: 'cw', clientId: '11', tenantId: 't-msp', actor: 'bob' });
    expect(accepted.superseded).toEqual([rejected.decision.id]);
    expect(store.links.getLink('cw', '11')).toMatchObject({ tenantId: 't-msp', source: 'manual' });
  });

  it('links several clients of one integration to one tenant only by decision', () => {
    service.accept({ integrationId: 'nc', clientId: '1', tenantId: 't-msp', actor: 'alice' });
    // A site may be linked explicitly, beside its customer's auto-link to the same tenant.
    service.accept({ integrationId: 'nc', clientId: '5', tenantId: 't-harbor', actor: 'alice' });
    expect(store.links.listLinks({ tenantId: 't-harbor' }).map((l) => `${l.integrationId}/${l.clientId}/${l.source}`)).toEqual(['cw/12/auto', 'nc/2/auto', 'nc/5/manual']);
  });

  it('rejects unknown clients, tenants and decisions with catalogue errors', () => {
    expect(() => service.accept({ integrationId: 'nc', clientId: 'nope', tenantId: 't-msp', actor: 'a' })).toThrow(NotFoundError);
    expect(() => service.accept({ integrationId: 'nc', clientId: '1', tenantId: 'nope', actor: 'a' })).toThrow(NotFoundError);
    expect(() => service.unlink({ integrationId: 'nc', clientId: '4', actor: 'a' })).toThrow(LinkingError);
    expect(() => service.revoke({ decisionId: 'nope', actor: 'a' })).toThrow(NotFoundError);
    expect(store.links.listDecisions({ includeRevoked: true })).toEqual([]);
  });

  it('decisions are revoked once, taking their manual link with them', () => {
    const { decision } = service.accept({ integrationId: 'nc', clientId: '1', tenantId: 't-msp', actor: 'alice' });
    service.revoke({ decisionId: decision.id, actor: 'alice' });
    expect(() => service.revoke({ decisionId: decision.id, actor: 'alice' })).toThrow(expect.objectContaining({ code: 'RMM_ERR_LINK_ALREADY_REVOKED' }));
    // The manual link went with the decision.
    expect(store.links.getLink('nc', '1')).toBeUndefined();
  });

  it('bulk-creates tenants for unlinked clients: preview writes nothing, apply creates what it showed', () => {
    expect(() => service.applyCreateTenants({ actor: 'alice' })).toThrow(expect.objectContaining({ code: 'RMM_ERR_LINK_MSP_UNLINKED' }));
    service.accept({ integrationId: 'nc', clientId: '1', tenantId: 't-msp', actor: 'alice' });
    const before = store.changes();
    const preview = service.previewCreateTenants();
    expect(store.changes()).toBe(before);
    expect(preview.tenants.map((t) => [t.name, t.clients.map((c) => `${c.integrationId}/${c.clientId}`)])).toEqual([
      ['Fresh Bakery', ['cw/13']],
      ['Internal', ['nc/4']],
    ]);
    const internal = preview.tenants.find((t) => t.name === 'Internal');
    const applied = service.applyCreateTenants({ actor: 'alice', tenantIds: preview.tenants.filter((t) => t !== internal).map((t) => t.id) });
    expect(applied.tenants.map((t) => t.id)).toEqual(preview.tenants.filter((t) => t !== internal).map((t) => t.id));
    const created = store.tenants.get(applied.tenants[0]?.id ?? '');
    expect(created).toMatchObject({ name: 'Fresh Bakery', isMsp: false });
    expect(store.links.getLink('cw', '13')).toMatchObject({ tenantId: created?.id, source: 'manual' });
    expect(store.audit.list({ action: 'tenant:create-from-unlinked' })).toHaveLength(1);
    expect(service.previewCreateTenants().tenants.map((t) => t.name)).toEqual(['Internal']);
  });
});
