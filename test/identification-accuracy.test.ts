/**
 * Accuracy of computer identification against the simulator's ground truth, at the default
 * mess rates: pairwise precision and recall over agent pairs (same computer vs same machine),
 * with identity scripts answered from the truth for the agents that ask (online ones only:
 * an offline agent cannot run a script), persisted through the real SQLite store.
 */
import { describe, expect, it } from 'vitest';

import { formatIdentityOutput, IdentificationService, type AgentRef, type ScriptResultInput } from '@rmm-hub/core';
import { generateFleet } from '@rmm-hub/simulators';
import { SqliteStore } from '@rmm-hub/store-sqlite';

import { fleetAgents, naiveBaseline, pairwiseAccuracy, seedStore } from './support/fleet-agents.js';

const DEVICES = 3000;

describe('identification accuracy on simulated fleets (default mess rates)', () => {
  for (const seed of [1, 42]) {
    it(`seed ${seed}: precision ≥ 0.995, recall ≥ 0.98, no cross-tenant merge`, async () => {
      const fleet = generateFleet({ seed, devices: DEVICES });
      const truth = fleetAgents(fleet);
      const store = SqliteStore.open({ path: ':memory:' });
      await seedStore(store, fleet, truth.agents);
      const at = '2025-06-01T00:00:00.000Z';
      const runIdentityScript = async (agent: AgentRef): Promise<ScriptResultInput> => {
        const fleetAgent = truth.byKey.get(`${agent.integrationId}/${agent.agentId}`);
        const machine = fleetAgent && fleet.truth.machine(fleetAgent.machineId);
        if (!fleetAgent?.online || !machine) return { status: 'timeout', exitCode: null, output: '', startedAt: at, finishedAt: at, durationMs: 120_000 };
        return { status: 'success', exitCode: 0, output: `#< CLIXML\r\n${formatIdentityOutput(machine.identity)}`, startedAt: at, finishedAt: at, durationMs: 900 };
      };
      const service = new IdentificationService({ store, runIdentityScript, sleep: async () => {}, now: () => new Date(at) });

      const gathered = await service.gatherIdentities(truth.agents);
      const links = new Map((await store.computers.loadAll()).links.map((l) => [`${l.integrationId}/${l.agentId}`, l.computerId]));
      const ours = pairwiseAccuracy(truth.agents, (key) => links.get(key) as string, truth);
      const baseline = pairwiseAccuracy(truth.agents, naiveBaseline(truth.agents), truth);
      console.info(
        `seed ${seed}: ${truth.agents.length} agents → ${gathered.run.computers} computers; scripts ${gathered.succeeded}/${gathered.attempted}; ` +
          `precision ${ours.precision.toFixed(4)} recall ${ours.recall.toFixed(4)} (all pairs ${ours.recallAllPairs.toFixed(4)}); ` +
          `baseline precision ${baseline.precision.toFixed(4)} recall ${baseline.recall.toFixed(4)}; conflicts ${gathered.run.conflicts.length}`,
      );
      expect(ours.precision).toBeGreaterThanOrEqual(0.995);
      expect(ours.recall).toBeGreaterThanOrEqual(0.98);
      expect(ours.crossTenantMerges).toBe(0);
      // Every same machine split over two tenants must surface as a cross-tenant conflict.
      expect(gathered.run.conflicts.some((c) => c.kind === 'cross-tenant')).toBe(true);
      // Failed scripts (offline agents) are reported, not silently dropped.
      expect(gathered.failed.every((f) => f.attempts === 3 && f.error !== undefined)).toBe(true);

      // A second sync with nothing new writes nothing.
      const before = await store.changes();
      const again = await service.run(truth.agents);
      expect(again.linksWritten + again.computersCreated + again.computersUpdated).toBe(0);
      expect(await store.changes()).toBe(before);
      await store.close();
    });
  }
});
