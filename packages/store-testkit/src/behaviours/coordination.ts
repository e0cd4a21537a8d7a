/**
 * What lets several processes share one store: locks that name their holder (one sync of an
 * integration, one identification run at a time) and small per-integration values updated as a
 * compare-and-set.
 */
import type { LockHolder } from '@rmm-hub/core';
import { describe, expect, it } from 'vitest';

import type { SuiteContext } from '../suite-context.js';
import { AT, LATER } from '../fleet.js';

const a: LockHolder = { pid: 101, host: 'h1', acquiredAt: AT, heartbeatAt: AT };
const b: LockHolder = { pid: 202, host: 'h2', acquiredAt: LATER, heartbeatAt: LATER };

export function describeCoordination(ctx: SuiteContext): void {
  describe('process locks', () => {
    it('are held by one process at a time, taken over only from a holder that is gone', async () => {
      const store = await ctx.fresh();
      const seen: LockHolder[] = [];
      expect(await store.locks.acquire('sync:nc', a, () => false)).toBeUndefined();
      expect(await store.locks.acquire('sync:nc', b, (current) => seen.push(current) < 0)).toEqual(a);
      expect(seen).toEqual([a]);
      expect(await store.locks.acquire('sync:cw', b, () => false)).toBeUndefined();
      expect(await store.locks.acquire('sync:nc', b, () => true)).toBeUndefined();
      expect(await store.locks.get('sync:nc')).toEqual(b);
    });

    it('are taken again by their own holder, heartbeat only for it, and are released only by it', async () => {
      const store = await ctx.fresh();
      await store.locks.acquire('identify', a, () => false);
      expect(await store.locks.acquire('identify', { ...a, acquiredAt: LATER, heartbeatAt: LATER }, () => false)).toBeUndefined();
      expect(await store.locks.heartbeat('identify', { pid: 101, host: 'h1' }, '2026-01-05T00:00:00.000Z')).toBe(true);
      expect(await store.locks.heartbeat('identify', { pid: 101, host: 'other' }, LATER)).toBe(false);
      expect(await store.locks.get('identify')).toEqual({ pid: 101, host: 'h1', acquiredAt: LATER, heartbeatAt: '2026-01-05T00:00:00.000Z' });
      await store.locks.release('identify', { pid: 202, host: 'h2' });
      expect(await store.locks.get('identify')).toBeDefined();
      await store.locks.release('identify', { pid: 101, host: 'h1' });
      expect(await store.locks.get('identify')).toBeUndefined();
      expect(await store.locks.heartbeat('identify', { pid: 101, host: 'h1' }, LATER)).toBe(false);
    });
  });

  describe('integration state', () => {
    it('is updated from its current value, per integration and key, and an unchanged value writes nothing', async () => {
      const store = await ctx.fresh();
      expect(await store.integrationState.get('nc', 'totp-step')).toBeUndefined();
      const currents: (string | undefined)[] = [];
      const bump = (current: string | undefined): string => {
        currents.push(current);
        return String(Number(current ?? '0') + 1);
      };
      expect(await store.integrationState.update('nc', 'totp-step', bump, AT)).toBe('1');
      expect(await store.integrationState.update('nc', 'totp-step', bump, LATER)).toBe('2');
      expect(await store.integrationState.update('cw', 'totp-step', bump, LATER)).toBe('1');
      expect(currents).toEqual([undefined, '1', undefined]);
      expect(await store.integrationState.get('nc', 'totp-step')).toBe('2');
      expect(await store.integrationState.get('nc', 'other')).toBeUndefined();
      const before = await store.changes();
      expect(await store.integrationState.update('nc', 'totp-step', (current) => current ?? 'x', LATER)).toBe('2');
      expect(await store.changes()).toBe(before);
    });
  });
}
