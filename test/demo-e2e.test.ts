/**
 * The main job end to end, in-process, on a small fleet: both simulators, both plugins, the
 * real host, store and engines, exactly as `rmm-hub demo` runs them — asserting the accuracy
 * targets against the simulator's ground truth, not just that it ran.
 */
import { describe, expect, it } from 'vitest';

import { DEMO_TARGETS, renderDemo, runDemo } from '@rmm-hub/cli';

describe('rmm-hub demo, end to end', () => {
  it('links, identifies and runs scripts within the accuracy targets, and a re-sync writes nothing', { timeout: 240_000 }, async () => {
    const summary = await runDemo({ devices: 400, seed: 7, latencyMs: 0, keep: false, progress: false, note: () => undefined });
    const report = renderDemo(summary);

    expect(summary.health).toEqual({ ncentral: expect.objectContaining({ status: 'healthy' }), automate: expect.objectContaining({ status: 'healthy' }) });
    expect(summary.counts.manualLinks).toBeGreaterThanOrEqual(1); // the MSP, by hand
    expect(summary.counts.autoLinks).toBeGreaterThan(0);
    expect(summary.accuracy.linking.precision, report).toBe(DEMO_TARGETS.autoLinkPrecision);
    expect(summary.accuracy.linking.recall, report).toBeGreaterThanOrEqual(0.97);
    expect(summary.accuracy.identification.precision, report).toBeGreaterThanOrEqual(DEMO_TARGETS.identificationPrecision);
    expect(summary.accuracy.identification.recallIdentified, report).toBeGreaterThanOrEqual(DEMO_TARGETS.identificationRecall);
    // Agents with no identity at all (offline, probes) stay apart; they cost at most a few pairs.
    expect(summary.accuracy.identification.recall, report).toBeGreaterThanOrEqual(0.93);
    expect(summary.accuracy.identification.crossTenantMerges).toBe(0);
    expect(summary.counts.agents).toBe(summary.accuracy.identification.agentsScored);
    expect(summary.resync.rowsWritten, report).toBe(0);
    // Agent actions: stale reinstalled agents retired, misfiled ones moved, then a re-sync.
    const actions = summary.agentActions;
    expect(actions.retire, report).toMatchObject({ failed: 0, onlineAgentsRetired: 0 });
    expect(actions.retire.done, report).toBeGreaterThan(0);
    expect(actions.after.agents).toBe(actions.before.agents - actions.retire.done);
    expect(actions.after.staleAgents, report).toBeLessThan(actions.before.staleAgents);
    expect(actions.move, report).toMatchObject({ failed: 0 });
    expect(actions.move.toRightTenant, report).toBe(actions.move.done);
    expect(actions.conflictsClosed, report).toBe(actions.move.done);
    expect(summary.scripts.map((s) => [s.integrationId, s.status])).toEqual([
      ['ncentral', 'success'],
      ['automate', 'success'],
    ]);
  });
});
