import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { describe, expect, it } from 'vitest';

import { ConfigError } from '../errors/index.js';
import { EndpointLimiter } from './endpoint-limiter.js';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('EndpointLimiter', () => {
  it('admits up to the cap per endpoint and queues the rest', async () => {
    const limiter = new EndpointLimiter({ default: 2, endpoints: { 'GET /a/{id}': 1 } });
    expect(limiter.acquire('GET /b', 'background')).toBeUndefined();
    expect(limiter.acquire('GET /b', 'background')).toBeUndefined();
    const third = limiter.acquire('GET /b', 'background');
    expect(third).toBeInstanceOf(Promise);
    expect(limiter.acquire('GET /a/{id}', 'background')).toBeUndefined();
    expect(limiter.acquire('GET /a/{id}', 'background')).toBeInstanceOf(Promise);
    let admitted = false;
    void third?.then(() => (admitted = true));
    await tick();
    expect(admitted).toBe(false);
    limiter.release('GET /b');
    await tick();
    expect(admitted).toBe(true);
    expect(limiter.stats().find((s) => s.key === 'GET /b')).toMatchObject({ max: 2, active: 2 });
  });

  it('serves interactive waiters before background ones, FIFO within a lane', async () => {
    const limiter = new EndpointLimiter({ default: 1 });
    const key = 'GET /api/devices';
    limiter.acquire(key, 'background');
    const order: string[] = [];
    const wait = (name: string, priority: 'interactive' | 'background'): void => {
      void limiter.acquire(key, priority)?.then(() => {
        order.push(name);
        setImmediate(() => limiter.release(key));
      });
    };
    wait('bg1', 'background');
    wait('bg2', 'background');
    wait('run-script', 'interactive');
    wait('health', 'interactive');
    limiter.release(key);
    for (let i = 0; i < 10; i++) await tick();
    expect(order).toEqual(['run-script', 'health', 'bg1', 'bg2']);
  });

  it('drops a waiter whose signal aborts, without losing the slot', async () => {
    const limiter = new EndpointLimiter({ default: 1 });
    limiter.acquire('GET /x', 'background');
    const controller = new AbortController();
    const aborted = limiter.acquire('GET /x', 'background', controller.signal);
    const next = limiter.acquire('GET /x', 'background');
    controller.abort(new Error('gone'));
    await expect(aborted).rejects.toThrow('gone');
    limiter.release('GET /x');
    await expect(next).resolves.toBeUndefined();
    limiter.release('GET /x');
    expect(limiter.stats()[0]?.active).toBe(0);
  });

  it('keeps no reference to a waiter once it is served', async () => {
    // A waiter's callbacks hold the whole call that waited (its signal, and through it the call's
    // timers and boundary): the limiter must let go of them when the slot is handed over, not
    // hundreds of served waiters later.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const limiter = new EndpointLimiter({ default: 1 });
    const key = 'GET /api/devices/{deviceId}/assets';
    limiter.acquire(key, 'background');
    const served = async (): Promise<WeakRef<AbortSignal>> => {
      const controller = new AbortController();
      const waiting = limiter.acquire(key, 'background', controller.signal);
      limiter.release(key);
      await waiting;
      return new WeakRef(controller.signal);
    };
    const signals = [await served(), await served(), await served()];
    await tick();
    gc();
    expect(signals.filter((signal) => signal.deref() !== undefined)).toHaveLength(0);
  });

  it('validates its configuration', () => {
    expect(() => new EndpointLimiter({ default: 0 })).toThrow(ConfigError);
    expect(() => new EndpointLimiter({ endpoints: { '/api/devices': 3 } })).toThrow(ConfigError);
    expect(() => new EndpointLimiter({ endpoints: { 'GET /api/devices': 1.5 } })).toThrow(ConfigError);
    expect(new EndpointLimiter({ endpoints: { 'get  /api/devices': 5 } }).capFor('GET /api/devices')).toBe(5);
  });
});
