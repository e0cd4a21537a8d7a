import { afterEach, describe, expect, it, vi } from 'vitest';

import { SyncOrchestrator, SyncScheduler } from '@rmm-hub/core';

import { startFixtureHost } from './support/fixture-plugins.js';
import { linkEverythingTo } from './support/link-everything.js';

type Session = Awaited<ReturnType<typeof startFixtureHost>>;
const sessions: Session[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const s of sessions.splice(0)) await s.close();
});

async function setup() {
  const session = await startFixtureHost({
    integrations: [
      { id: 'fx-hourly', plugin: 'fixture-good', syncIntervalSeconds: 3600, config: { apiKey: 'env:FIXTURE_KEY' } },
      { id: 'fx-default', plugin: 'fixture-good', config: { apiKey: 'env:FIXTURE_KEY' } },
    ],
  });
  sessions.push(session);
  const orchestrator = new SyncOrchestrator({ host: session.host, store: session.store, linking: linkEverythingTo(session.store, 't') });
  return { ...session, orchestrator };
}

describe('sync scheduler', () => {
  it('uses the configured interval, else the default', async () => {
    const { host, orchestrator } = await setup();
    expect(new SyncScheduler(host, orchestrator, { defaultIntervalSeconds: 900 }).intervals()).toEqual({ 'fx-hourly': 3600, 'fx-default': 900 });
  });

  it('syncs each integration on its interval, and a manual trigger syncs now', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { host, orchestrator } = await setup();
    const calls: (readonly string[] | undefined)[] = [];
    vi.spyOn(orchestrator, 'sync').mockImplementation(async (request) => {
      calls.push(request?.integrationIds);
      return { startedAt: '', finishedAt: '', durationMs: 0, integrations: [], rowsWritten: 0 };
    });
    const scheduler = new SyncScheduler(host, orchestrator, { defaultIntervalSeconds: 900 });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(900_000);
    expect(calls).toEqual([['fx-default']]);
    await vi.advanceTimersByTimeAsync(2_700_000);
    expect(calls.filter((c) => c?.[0] === 'fx-hourly')).toHaveLength(1);
    await scheduler.trigger('fx-hourly');
    expect(calls.at(-1)).toEqual(['fx-hourly']);
    scheduler.stop();
    const before = calls.length;
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(calls).toHaveLength(before);
  });

  it('keeps the process alive only when asked (sync --watch), and stop() cancels the sync under way', async () => {
    const { host, orchestrator } = await setup();
    const signals: (AbortSignal | undefined)[] = [];
    const empty = { startedAt: '', finishedAt: '', durationMs: 0, integrations: [], rowsWritten: 0 };
    vi.spyOn(orchestrator, 'sync').mockImplementation((request) => {
      signals.push(request?.signal);
      return new Promise((resolve) => request?.signal?.addEventListener('abort', () => resolve(empty)));
    });
    const timers = vi.spyOn(globalThis, 'setInterval');
    const watching = new SyncScheduler(host, orchestrator, { keepProcessAlive: true });
    watching.start();
    const background = new SyncScheduler(host, orchestrator);
    background.start();
    expect(timers.mock.results.map((r) => (r.value as NodeJS.Timeout).hasRef())).toEqual([true, true, false, false]);
    const run = watching.trigger();
    await watching.stop();
    expect(signals[0]?.aborted).toBe(true);
    expect(await run).toEqual(empty);
    await background.stop();
  });

  it('never runs two syncs of one integration at once: a trigger during a run joins it', async () => {
    const { host, orchestrator, store } = await setup();
    const scheduler = new SyncScheduler(host, orchestrator);
    const [a, b] = await Promise.all([scheduler.trigger('fx-hourly'), scheduler.trigger('fx-hourly')]);
    expect(a?.integrations[0]?.runId).toBe(b?.integrations[0]?.runId);
    expect(await store.syncRuns.list({ integrationId: 'fx-hourly' })).toHaveLength(1);
  });
});
