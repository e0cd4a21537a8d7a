/**
 * RMM responses fuzzed with fast-check: a proxy in front of each simulator corrupts chosen list
 * responses (values replaced by arbitrary JSON, keys deleted, values turned into strings), and a
 * full sync runs through the real host, engines and store each time. The host never crashes,
 * never stores a record that fails its schema, and every error is coded and says where.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { RmmAgent, RmmClient, type SyncReport } from '@rmm-hub/core';
import { createVirtualClock } from '@rmm-hub/plugin-testkit';

import { saveSuiteResult } from '../support/results.js';
import { builtInPlugins, startTestRuntime } from '../support/runtime.js';
import { linkMspByHand } from '../support/state.js';
import { CWA, NC, startWorld, type RmmName, type World } from '../support/world.js';
import { startMutatingProxy, type Mutation, type MutatingProxy } from './mutating-proxy.js';

const RUNS = 40;
const started = performance.now();
const figures: Record<string, Record<string, unknown>> = {};

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ at: fc.nat(400), action: fc.constant('replace' as const), value: fc.jsonValue({ maxDepth: 2 }) }),
  fc.record({ at: fc.nat(400), action: fc.constant('delete' as const) }),
  fc.record({ at: fc.nat(400), action: fc.constant('stringify' as const) }),
);
const plan = fc.record({ targets: fc.array(fc.record({ response: fc.nat(12), mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }) }), { minLength: 1, maxLength: 3 }) });

afterAll(() => saveSuiteResult('bad-input-responses', { runsPerPlugin: RUNS, plugins: figures }, performance.now() - started, { passed: Object.keys(figures).length, expected: 2 }));

for (const rmm of [NC, CWA] as RmmName[]) {
  describe(`fuzzed ${rmm} responses`, () => {
    let world: World;
    let proxy: MutatingProxy;
    // Automate's back-off after a corrupted page passes on a clock shared with its simulator.
    const clock = createVirtualClock();
    beforeAll(async () => {
      world = await startWorld({ integrations: [rmm], devices: 60, seed: 3, clock });
      proxy = await startMutatingProxy(rmm === NC ? world.ncentral.url : world.automate.url);
      const raw = structuredClone(world.raw);
      const entry = (raw['integrations'] as Record<string, unknown>[])[0]!;
      entry['config'] = { ...(entry['config'] as Record<string, unknown>), serverUrl: proxy.url };
      entry['callTimeoutSeconds'] = 10;
      world.rewrite(raw);
    });
    afterAll(async () => {
      await proxy?.close();
      await world?.close();
    });

    it(`${RUNS} corrupted response plans: no crash, no invalid record stored, every error coded with a hint and a place`, async () => {
      const stats = { runs: 0, responsesCorrupted: 0, statuses: {} as Record<string, number>, codes: {} as Record<string, number>, invalidRecordsSkipped: 0, clientsStored: 0, agentsStored: 0 };
      await fc.assert(
        fc.asyncProperty(plan, async (p) => {
          proxy.plan(p);
          const runtime = await startTestRuntime(world.load(), { storePath: ':memory:', plugins: builtInPlugins(clock) });
          try {
            const reports: SyncReport[] = [await runtime.sync.sync()];
            await linkMspByHand(runtime.store, runtime.linking, world.fleet);
            reports.push(await runtime.sync.sync());
            stats.runs++;
            stats.responsesCorrupted += proxy.corrupted;
            for (const r of reports.flatMap((x) => x.integrations)) {
              stats.statuses[r.status] = (stats.statuses[r.status] ?? 0) + 1;
              if (!r.error) continue;
              stats.codes[r.error.code] = (stats.codes[r.error.code] ?? 0) + 1;
              expect(r.error.code).toMatch(/^RMM_ERR_(?!INTERNAL)/);
              expect(r.error.hint, r.error.message).toEqual(expect.any(String));
              // Where: the endpoint (a URL path) or the record field it choked on.
              expect(r.error.message, r.error.message).toMatch(/\/[\w{}:-]+|at "|\w+\.\w+/);
            }
            for (const report of reports) if (report.identificationError) throw new Error(`identification failed: ${report.identificationError.message}`);
            for (const client of await runtime.store.clients.list()) expect(RmmClient.safeParse(client).success, JSON.stringify(client)).toBe(true);
            for await (const agent of runtime.store.agents.iterate()) expect(RmmAgent.safeParse(agent).success, JSON.stringify(agent)).toBe(true);
            stats.clientsStored += (await runtime.store.clients.list()).length;
            stats.agentsStored += await runtime.store.agents.count();
            for (const event of runtime.events.filter((e) => e.name === 'integration:error')) {
              const message = (event.payload as { error: { code: string; message: string } }).error.message;
              stats.invalidRecordsSkipped++;
              // The place: the field a record failed the contract at, or the record a plugin could not read.
              expect(message).toMatch(/is invalid at "[^"]+"|^List\w+ skipped \w+ \S+/);
            }
          } finally {
            await runtime.close();
          }
        }),
        { numRuns: RUNS, seed: rmm === NC ? 1101 : 2202, endOnFailure: true },
      );
      expect(stats.responsesCorrupted).toBeGreaterThan(RUNS / 2);
      figures[rmm] = stats;
    }, 180_000);
  });
}
