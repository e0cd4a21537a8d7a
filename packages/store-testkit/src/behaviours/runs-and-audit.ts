/**
 * What the sync and the script runner record: sync runs (with the process that owns each, so
 * only a dead process's run is marked interrupted), script runs, and the append-only audit log.
 */
import type { RunOwner, ScriptRunRecord } from '@rmm-hub/core';
import { describe, expect, it } from 'vitest';

import type { SuiteContext } from '../suite-context.js';
import { AT, LATER, LATEST, seedFoundation } from '../fleet.js';

export function describeRunsAndAudit(ctx: SuiteContext): void {
  describe('sync runs', () => {
    it('start running, finish with their outcome, and list newest first per integration', async () => {
      const store = await ctx.fresh();
      await seedFoundation(store);
      const first = await store.syncRuns.start('nc', AT, { pid: 1, host: 'h' });
      expect(first).toMatchObject({ integrationId: 'nc', startedAt: AT, status: 'running', counts: {} });
      const error = { code: 'RMM_ERR_AUTH', message: 'bad key', hint: 'fix the key' };
      await store.syncRuns.finish(first.id, { status: 'failed', counts: { clients: 3 }, error, at: LATER });
      const second = await store.syncRuns.start('nc', LATER, { pid: 1, host: 'h' });
      const third = await store.syncRuns.start('nc', LATER, { pid: 1, host: 'h' });
      await store.syncRuns.start('cw', LATEST, { pid: 1, host: 'h' });
      expect(await store.syncRuns.last('nc')).toMatchObject({ id: third.id, status: 'running' });
      expect((await store.syncRuns.list({ integrationId: 'nc' })).map((r) => r.id)).toEqual([third.id, second.id, first.id]);
      expect((await store.syncRuns.list({ integrationId: 'nc' }))[2]).toEqual({ ...first, status: 'failed', counts: { clients: 3 }, error, finishedAt: LATER });
      expect(await store.syncRuns.list({ limit: 2 })).toHaveLength(2);
      expect(await store.syncRuns.last('none')).toBeUndefined();
    });

    it('are marked interrupted only when their process is gone, each owner seen with its lock heartbeat', async () => {
      const store = await ctx.fresh();
      await seedFoundation(store);
      const dead = await store.syncRuns.start('nc', AT, { pid: 101, host: 'h1' });
      const live = await store.syncRuns.start('cw', AT, { pid: 202, host: 'h2' });
      const done = await store.syncRuns.start('nc', AT, { pid: 101, host: 'h1' });
      await store.syncRuns.finish(done.id, { status: 'succeeded', counts: {}, at: AT });
      await store.locks.acquire('sync:cw', { pid: 202, host: 'h2', acquiredAt: AT, heartbeatAt: LATER }, () => false);
      const owners: RunOwner[] = [];
      const marked = await store.syncRuns.markInterrupted(LATEST, (owner) => {
        owners.push(owner);
        return owner.pid === 101;
      });
      expect(marked).toBe(1);
      expect(owners).toEqual(expect.arrayContaining([{ pid: 101, host: 'h1', heartbeatAt: undefined }, { pid: 202, host: 'h2', heartbeatAt: LATER }]));
      expect(owners).toHaveLength(2);
      expect(await store.syncRuns.last('nc')).toBeDefined();
      const statuses = Object.fromEntries((await store.syncRuns.list()).map((r) => [r.id, [r.status, r.finishedAt]]));
      expect(statuses).toEqual({ [dead.id]: ['interrupted', LATEST], [live.id]: ['running', undefined], [done.id]: ['succeeded', AT] });
    });
  });

  describe('script runs', () => {
    const run = (id: string, startedAt: string, overrides: Partial<ScriptRunRecord> = {}): ScriptRunRecord => ({
      id, actor: 'alice', computerId: 'k1', integrationId: 'nc', agentId: '1', language: 'powershell', scriptSha256: 'ab'.repeat(32), status: 'error', startedAt, ...overrides,
    });

    it('are recorded, updated in place, and listed newest first with filters and a limit', async () => {
      const store = await ctx.fresh();
      await store.scriptRuns.insert(run('r1', AT));
      await store.scriptRuns.insert(run('r2', LATER, { computerId: 'k2', integrationId: 'cw' }));
      await store.scriptRuns.insert(run('r3', LATEST));
      await store.scriptRuns.update('r1', { status: 'success', exitCode: 0, output: 'ok', finishedAt: LATER });
      expect((await store.scriptRuns.list()).map((r) => r.id)).toEqual(['r3', 'r2', 'r1']);
      expect((await store.scriptRuns.list({ computerId: 'k1' })).map((r) => r.id)).toEqual(['r3', 'r1']);
      expect((await store.scriptRuns.list({ integrationId: 'cw' })).map((r) => r.id)).toEqual(['r2']);
      expect((await store.scriptRuns.list({ limit: 1 })).map((r) => r.id)).toEqual(['r3']);
      expect((await store.scriptRuns.list()).at(-1)).toEqual({ ...run('r1', AT), status: 'success', exitCode: 0, output: 'ok', finishedAt: LATER });
    });
  });

  describe('the audit log', () => {
    it('appends entries with rising sequence numbers and lists them newest first, filtered and limited', async () => {
      const store = await ctx.fresh();
      const first = await store.audit.append({ actor: 'alice', action: 'link:accept', subject: 'client:nc/1', reason: 'checked', details: { tenantId: 't1' }, at: AT });
      const second = await store.audit.append({ actor: 'bob', action: 'computer:undo', subject: 'computer:k1', details: {}, at: LATER });
      const third = await store.audit.append({ actor: 'alice', action: 'link:accept', subject: 'client:nc/2', details: {} });
      expect(first).toEqual({ actor: 'alice', action: 'link:accept', subject: 'client:nc/1', reason: 'checked', details: { tenantId: 't1' }, at: AT, seq: first.seq });
      expect(second.seq).toBeGreaterThan(first.seq);
      expect(third.seq).toBeGreaterThan(second.seq);
      expect(Number.isNaN(Date.parse(third.at))).toBe(false);
      expect((await store.audit.list()).map((e) => e.seq)).toEqual([third.seq, second.seq, first.seq]);
      expect(await store.audit.list({ subject: 'client:nc/1' })).toEqual([first]);
      expect((await store.audit.list({ action: 'link:accept' })).map((e) => e.seq)).toEqual([third.seq, first.seq]);
      expect((await store.audit.list({ limit: 1 })).map((e) => e.seq)).toEqual([third.seq]);
    });
  });
}
