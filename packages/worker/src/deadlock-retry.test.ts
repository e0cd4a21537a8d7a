import { describe, expect, it } from 'vitest';

import { retryingDeadlocks } from './deadlock-retry.js';

const deadlock = (): Error => Object.assign(new Error('deadlock detected'), { code: '40P01' });

describe('retryingDeadlocks', () => {
  it('runs the work again after a deadlock, until it succeeds', async () => {
    let calls = 0;
    const answer = await retryingDeadlocks(async () => {
      calls++;
      if (calls < 3) throw deadlock();
      return 'made';
    });
    expect({ answer, calls }).toEqual({ answer: 'made', calls: 3 });
  });

  it('throws any other failure at once, and the last deadlock once the attempts are spent', async () => {
    let calls = 0;
    await expect(retryingDeadlocks(async () => {
      calls++;
      throw new Error('permission denied');
    })).rejects.toThrow('permission denied');
    expect(calls).toBe(1);
    calls = 0;
    await expect(retryingDeadlocks(async () => {
      calls++;
      throw deadlock();
    }, 2)).rejects.toThrow('deadlock detected');
    expect(calls).toBe(2);
  });
});
