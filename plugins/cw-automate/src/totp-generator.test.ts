import { describe, expect, it } from 'vitest';

import { TotpGenerator } from './totp-generator.js';

describe('TotpGenerator', () => {
  it('waits for the next step rather than reuse one, and says so before waiting', async () => {
    let now = 30_000 * 1000 + 10_000;
    const waits: number[] = [];
    const slept: number[] = [];
    const totp = new TotpGenerator('JBSWY3DPEHPK3PXP', () => now, async (ms) => {
      slept.push(ms);
      now += ms;
    }, (ms) => waits.push(ms));
    const first = await totp.next();
    expect(waits).toEqual([]);
    const second = await totp.next();
    expect(waits).toEqual([20_050]);
    expect(slept).toEqual(waits);
    expect(second).not.toBe(first);
  });
});
