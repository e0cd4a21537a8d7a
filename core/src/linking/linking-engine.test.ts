import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';

import { suggestLinks } from './linking-engine.js';
import type { ActiveDecision, LinkingClient, LinkingInput, LinkingTenant } from './linking.types.js';

const AT = '2025-06-01T00:00:00.000Z';
const tenant = (id: string, name: string, extra: Partial<LinkingTenant> = {}): LinkingTenant => ({ id, name, isMsp: false, ...extra });
const client = (integrationId: string, id: string, name: string, extra: Partial<LinkingClient> = {}): LinkingClient => ({ integrationId, id, name, kind: 'customer', ...extra });
const mspLink = (integrationId = 'nc', clientId = 'msp'): ActiveDecision => ({ id: `d-${integrationId}-${clientId}`, integrationId, clientId, kind: 'link', tenantId: 't0', actor: 'admin', decidedAt: AT });
const MSP_TENANT = tenant('t0', 'Cloudhaven IT Services', { isMsp: true });
const MSP_CLIENT = client('nc', 'msp', 'Cloudhaven IT');

describe('suggestLinks', () => {
  it('holds back auto-links and warns until the MSP tenant is linked by hand', () => {
    const input: LinkingInput = { tenants: [MSP_TENANT, tenant('t1', 'Harbor Logistics')], clients: [MSP_CLIENT, client('nc', '1', 'Harbor Logistics LLC')] };
    const before = suggestLinks(input);
    expect(before.autoLinking).toBe(false);
    expect(before.warnings.map((w) => w.code)).toEqual(['msp-tenant-unlinked']);
    expect(before.links).toEqual([]);
    expect(before.suggestions.find((s) => s.clientId === '1')).toMatchObject({ tenantId: 't1', rank: 0, heldBack: expect.stringContaining('MSP') });
    const after = suggestLinks({ ...input, decisions: [mspLink()] });
    expect(after.warnings).toEqual([]);
    expect(after.links.map((l) => [l.clientId, l.tenantId, l.source])).toEqual([['1', 't1', 'auto'], ['msp', 't0', 'manual']]);
    expect(suggestLinks({ ...input, tenants: [tenant('t1', 'Harbor Logistics')] }).warnings.map((w) => w.code)).toEqual(['msp-tenant-missing']);
    expect(suggestLinks({ ...input, config: { requireMspLink: false } }).autoLinking).toBe(true);
  });

  it('needs a margin over the runner-up, on both sides', () => {
    const tenants = [MSP_TENANT, tenant('t1', 'Harbor Logistics'), tenant('t2', 'Harbor Logistics Ltd')];
    const r = suggestLinks({ tenants, clients: [MSP_CLIENT, client('nc', '1', 'Harbor Logistics Inc')], decisions: [mspLink()] });
    expect(r.links.filter((l) => l.source === 'auto')).toEqual([]);
    expect(r.suggestions.filter((s) => s.clientId === '1').map((s) => s.tenantId).sort()).toEqual(['t1', 't2']);
    const twoClients = suggestLinks({
      tenants: [MSP_TENANT, tenant('t1', 'Atlas Realty')],
      clients: [MSP_CLIENT, client('nc', '1', 'Atlas Realty'), client('nc', '2', 'ATLAS REALTY LLC')],
      decisions: [mspLink()],
    });
    expect(twoClients.links.filter((l) => l.source === 'auto')).toEqual([]);
    expect(twoClients.suggestions.find((s) => s.clientId === '1')?.heldBack).toMatch(/another client/);
  });

  it('keeps stored auto-links stable and reports no change on a re-run', () => {
    const input: LinkingInput = { tenants: [MSP_TENANT, tenant('t1', 'Harbor Logistics')], clients: [MSP_CLIENT, client('nc', '1', 'Harbor Logistics')], decisions: [mspLink()] };
    const first = suggestLinks(input);
    const second = suggestLinks({ ...input, links: first.links });
    expect(second.changed).toEqual([]);
    expect(second.removed).toEqual([]);
    expect(second.links).toEqual(first.links.map((l) => ({ ...l, origin: l.origin === 'engine' ? 'kept' : l.origin })));
  });

  it('uses PSA id, domain and device overlap to find and separate candidates', () => {
    const tenants = [MSP_TENANT, tenant('t1', 'Meridian Holdings', { psaCompanyId: '42' }), tenant('t2', 'Zephyr Partners', { domains: ['zephyr.io'] }), tenant('t3', 'Quill & Co')];
    const r = suggestLinks({
      tenants,
      clients: [
        MSP_CLIENT,
        client('cw', '1', 'MH Corp', { hints: { psaCompanyId: '42' } }),
        client('cw', '2', 'ZP', { hints: { domains: ['ZEPHYR.io'] } }),
        client('cw', '3', 'Old Accounts'),
      ],
      decisions: [mspLink()],
      deviceOverlap: [{ integrationId: 'cw', clientId: '3', tenantId: 't3', agents: 5 }],
    });
    const best = (id: string): string | undefined => r.suggestions.find((s) => s.clientId === id && s.rank === 0)?.tenantId ?? r.links.find((l) => l.clientId === id)?.tenantId;
    expect([best('1'), best('2')]).toEqual(['t1', 't2']);
    expect(r.suggestions.find((s) => s.clientId === '3')?.reasons.map((x) => x.kind)).toContain('device-overlap');
  });

  it('ignores sites and locations unless a person links them', () => {
    const r = suggestLinks({ tenants: [MSP_TENANT, tenant('t1', 'Main Office Supplies')], clients: [MSP_CLIENT, client('nc', 's1', 'Main Office', { kind: 'site', parentId: '1' })], decisions: [mspLink()] });
    expect(r.unlinked.map((u) => u.clientId)).toEqual([]);
    expect(r.suggestions).toEqual([]);
  });
});

// ---- properties over generated worlds -------------------------------------------------

const WORDS = ['Harbor', 'Atlas', 'Baker', 'Moss', 'Dental', 'Group', 'Logistics', 'Realty', 'Summit', 'Cedar'];
const SUFFIXES = ['', ' Ltd', ' LLC', ' GmbH', ' Inc'];
const nameArb = fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...WORDS), fc.constantFrom(...SUFFIXES)).map(([a, b, s]) => `${a} ${b}${s}`);
const worldArb = fc
  .record({
    tenantNames: fc.array(nameArb, { minLength: 1, maxLength: 8 }),
    clients: fc.array(fc.record({ integration: fc.constantFrom('nc', 'cw'), name: nameArb, psa: fc.option(fc.constantFrom('1', '2', '3'), { nil: undefined }) }), { maxLength: 12 }),
    keepSeparate: fc.array(fc.nat(11), { maxLength: 3 }),
    rejects: fc.array(fc.tuple(fc.nat(11), fc.nat(7)), { maxLength: 3 }),
  })
  .map(({ tenantNames, clients, keepSeparate, rejects }) => {
    const tenants = [MSP_TENANT, ...tenantNames.map((n, i) => tenant(`t${i + 1}`, n, i % 3 === 0 ? { psaCompanyId: String((i % 3) + 1) } : {}))];
    const cs = [MSP_CLIENT, ...clients.map((c, i) => client(c.integration, `c${i}`, c.name, { hints: c.psa === undefined ? {} : { psaCompanyId: c.psa } }))];
    const decisions: ActiveDecision[] = [mspLink()];
    keepSeparate.filter((i) => i < clients.length).forEach((i, k) => decisions.push({ id: `ks${k}`, integrationId: cs[i + 1]!.integrationId, clientId: `c${i}`, kind: 'keep-separate', actor: 'a', decidedAt: AT }));
    rejects.filter(([c, t]) => c < clients.length && t < tenantNames.length).forEach(([c, t], k) =>
      decisions.push({ id: `rj${k}`, integrationId: cs[c + 1]!.integrationId, clientId: `c${c}`, kind: 'reject-suggestion', tenantId: `t${t + 1}`, actor: 'a', decidedAt: AT }),
    );
    return { tenants, clients: cs, decisions } satisfies LinkingInput;
  });

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('suggestLinks properties', () => {
  test.prop([worldArb, fc.integer()])('does not depend on input order', (world, seed) => {
    const a = suggestLinks(world);
    const b = suggestLinks({ tenants: shuffled(world.tenants, seed), clients: shuffled(world.clients, seed + 1), decisions: shuffled(world.decisions, seed + 2) });
    expect(b).toEqual(a);
  });

  test.prop([worldArb])('never auto-links two clients of one integration to the same tenant', (world) => {
    const r = suggestLinks(world);
    const seen = new Set<string>();
    for (const l of r.links.filter((x) => x.source === 'auto')) {
      const key = `${l.integrationId}/${l.tenantId}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
    // …and never the MSP's tenant.
    expect(r.links.filter((x) => x.source === 'auto' && x.tenantId === 't0')).toEqual([]);
  });

  test.prop([worldArb])('never suggests or links a kept-separate client, nor a rejected pair', (world) => {
    const r = suggestLinks(world);
    const second = suggestLinks({ ...world, links: r.links });
    for (const run of [r, second]) {
      for (const d of world.decisions) {
        const mine = <T extends { integrationId: string; clientId: string }>(x: T): boolean => x.integrationId === d.integrationId && x.clientId === d.clientId;
        if (d.kind === 'keep-separate') {
          expect(run.suggestions.filter(mine)).toEqual([]);
          expect(run.links.filter(mine)).toEqual([]);
          expect(run.keptSeparate.filter(mine)).toHaveLength(1);
        }
        if (d.kind === 'reject-suggestion') {
          expect(run.suggestions.filter((s) => mine(s) && s.tenantId === d.tenantId)).toEqual([]);
          expect(run.links.filter((l) => mine(l) && l.tenantId === d.tenantId)).toEqual([]);
        }
      }
    }
  });
});
