/**
 * The promises about idempotency and order, over inputs fast-check draws rather than the few the
 * other behaviours spell out: ids mixing letters of every plane (text sorts by code point, as
 * SQL's byte-wise comparison of UTF-8 does, not by UTF-16 units), and arbitrary report content.
 */
import type { IdentifiedAgent, RmmClient } from '@rmm-hub/core';
import fc from 'fast-check';
import { collect } from '@rmm-hub/core';
import { describe, expect, it } from 'vitest';

import type { SuiteContext } from '../suite-context.js';
import { AT, LATER } from '../fleet.js';

/** Characters whose code-point order and UTF-16 order disagree, with plain ones around them. */
const id = fc.array(fc.constantFrom('a', 'B', '0', '-', 'é', 'ß', '\uE000', '\uFFFD', '😀', '𝔸', '中'), { minLength: 1, maxLength: 4 }).map((chars) => chars.join(''));
const text = fc.string({ maxLength: 12 });

const clientArb: fc.Arbitrary<RmmClient> = fc.record({
  id,
  name: text.filter((s) => s.length > 0),
  kind: fc.constantFrom('customer' as const, 'site' as const, 'client' as const),
  hints: fc.record({ domains: fc.array(fc.domain(), { maxLength: 2 }), externalIds: fc.dictionary(fc.constantFrom('psa', 'crm'), text) }),
});

const agentArb = (clientIds: readonly string[]): fc.Arbitrary<IdentifiedAgent> =>
  fc.record(
    {
      id,
      clientId: fc.constantFrom(...clientIds),
      siteId: id,
      hostname: text.filter((s) => s.length > 0),
      os: text,
      online: fc.boolean(),
      lastSeen: fc.constant(AT),
      identity: fc.record({ smbiosUuid: text, serialNumber: text, manufacturer: text, macAddresses: fc.array(text, { maxLength: 3 }), osInstallDate: fc.constant(AT) }, { requiredKeys: ['macAddresses'] }),
      canRunScripts: fc.boolean(),
    },
    { requiredKeys: ['id', 'clientId', 'hostname', 'online', 'identity', 'canRunScripts'] },
  );

/** Code-point order: SQL's `ORDER BY` on text, byte-wise over UTF-8. */
const byCodePoint = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

const uniqueClients = fc.uniqueArray(clientArb, { selector: (c) => c.id, minLength: 1, maxLength: 12 });

export function describeProperties(ctx: SuiteContext): void {
  describe('whatever the input', () => {
    it('clients upserted twice are unchanged the second time, write nothing, and list in code-point order of their ids', async () => {
      await fc.assert(
        fc.asyncProperty(uniqueClients, async (clients) => {
          const store = await ctx.fresh();
          await store.integrations.upsert({ id: 'nc', pluginId: 'nc', displayName: 'NC', enabled: true });
          expect(await store.clients.upsertMany('nc', clients, AT)).toEqual({ inserted: clients.length, updated: 0, unchanged: 0 });
          const before = await store.changes();
          expect(await store.clients.upsertMany('nc', clients, LATER)).toEqual({ inserted: 0, updated: 0, unchanged: clients.length });
          expect(await store.changes()).toBe(before);
          expect((await store.clients.list()).map((c) => c.id)).toEqual(clients.map((c) => c.id).sort(byCodePoint));
        }),
        { numRuns: 25 },
      );
    });

    it('agents upserted twice are unchanged the second time, write nothing, round-trip, and stream in code-point order', async () => {
      const arb = uniqueClients.chain((clients) => fc.tuple(fc.constant(clients), fc.uniqueArray(agentArb(clients.map((c) => c.id)), { selector: (a) => a.id, maxLength: 12 })));
      await fc.assert(
        fc.asyncProperty(arb, async ([clients, agents]) => {
          const store = await ctx.fresh();
          await store.integrations.upsert({ id: 'nc', pluginId: 'nc', displayName: 'NC', enabled: true });
          await store.clients.upsertMany('nc', clients, AT);
          expect(await store.agents.upsertMany('nc', agents, AT)).toEqual({ inserted: agents.length, updated: 0, unchanged: 0 });
          const before = await store.changes();
          expect(await store.agents.upsertMany('nc', agents, LATER)).toEqual({ inserted: 0, updated: 0, unchanged: agents.length });
          expect(await store.changes()).toBe(before);
          const stored = await collect(store.agents.iterate());
          expect(stored.map((a) => a.id)).toEqual(agents.map((a) => a.id).sort(byCodePoint));
          for (const agent of agents) {
            const { firstSeenAt, goneAt, integrationId, ...fields } = stored.find((a) => a.id === agent.id) ?? expect.unreachable(`agent ${agent.id}`);
            expect({ firstSeenAt, goneAt, integrationId }).toEqual({ firstSeenAt: AT, goneAt: undefined, integrationId: 'nc' });
            expect(fields).toEqual(Object.fromEntries(Object.entries(agent).filter(([, v]) => v !== undefined)));
          }
        }),
        { numRuns: 25 },
      );
    });
  });
}
