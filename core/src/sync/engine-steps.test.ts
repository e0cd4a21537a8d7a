import { describe, expect, it } from 'vitest';

import type { LinkingService } from '../linking/linking-service.js';
import { linkingStep } from './engine-steps.js';

function fakeService(): { service: LinkingService; runs: () => number } {
  let runs = 0;
  const service = {
    run: () => {
      runs++;
      return {
        result: { links: [{}, {}], suggestions: [{}] },
        written: { linksCreated: 1, linksUpdated: 0, linksRemoved: 0, suggestions: { inserted: 1, updated: 0, deleted: 0, unchanged: 0 } },
      };
    },
  } as unknown as LinkingService;
  return { service, runs: () => runs };
}

describe('linkingStep', () => {
  it('reuses the last outcome while the store has not changed, and runs again once it has', async () => {
    const { service, runs } = fakeService();
    let changes = 'digest-10';
    const step = linkingStep(service, { fingerprint: async () => changes });
    expect(await step.reconcile('a', 'now')).toEqual({ linked: 2, suggested: 1, written: 2 });
    expect(await step.reconcile('b', 'now')).toEqual({ linked: 2, suggested: 1, written: 0 });
    expect(runs()).toBe(1);
    changes = 'digest-11';
    await step.reconcile('a', 'now');
    expect(runs()).toBe(2);
  });

  it('always runs without a fingerprint', async () => {
    const { service, runs } = fakeService();
    const step = linkingStep(service);
    await step.reconcile('a', 'now');
    await step.reconcile('b', 'now');
    expect(runs()).toBe(2);
  });
});
