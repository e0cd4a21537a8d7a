import { describe, expect, it } from 'vitest';

import { IdentificationQueue, ROUNDS } from './identification-queue.js';
import type { IdentificationStepSummary } from './sync-steps.js';

const SUMMARY: IdentificationStepSummary = { agents: 0, computers: 0, conflicts: 0, needsIdentity: 0, identityScriptsRun: 0, written: 0 };

function queue(): { queue: IdentificationQueue; rounds: string[][]; released: () => boolean } {
  const rounds: string[][] = [];
  let released = false;
  const q = new IdentificationQueue({
    rounds: { round: async (tenantIds) => void rounds.push([...tenantIds]), finish: async () => SUMMARY },
    lock: async () => ({ release: () => void (released = true) }),
    onRound: () => undefined,
    summarise: (error) => ({ code: 'RMM_ERR_INTERNAL', message: String(error) }),
  });
  return { queue: q, rounds, released: () => released };
}

/** Lets every queued continuation run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('IdentificationQueue', () => {
  it(`waits for 1/${ROUNDS} of the tenants fed before a round, and takes the rest at the end`, async () => {
    const { queue: q, rounds, released } = queue();
    const tenants = Array.from({ length: 4 * ROUNDS }, (_, i) => `t${String(i).padStart(2, '0')}`);
    q.add(tenants.slice(0, 3), tenants.length - 3);
    await settle();
    expect(rounds).toEqual([]);
    q.add(tenants.slice(3, 4), tenants.length - 4);
    await settle();
    expect(rounds).toEqual([tenants.slice(0, 4)]);
    q.add(tenants.slice(4, 6), tenants.length - 6);
    await settle();
    expect(rounds).toHaveLength(1);
    expect(await q.finish()).toBe(SUMMARY);
    expect(rounds).toEqual([tenants.slice(0, 4), tenants.slice(4, 6)]);
    expect(released()).toBe(true);
  });

  it('runs a round as soon as no listing feeds any other tenant', async () => {
    const { queue: q, rounds } = queue();
    q.add(['ta'], 0);
    await settle();
    expect(rounds).toEqual([['ta']]);
    await q.finish();
  });
});
