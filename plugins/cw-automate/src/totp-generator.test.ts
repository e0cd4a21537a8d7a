import { describe, expect, it } from 'vitest';

import { memoryIntegrationState } from '@rmm-hub/core/plugin';

import { LAST_TOTP_STEP_KEY, TotpGenerator } from './totp-generator.js';

const SECRET = 'JBSWY3DPEHPK3PXP';

describe('TOTP generator', () => {
  it('never hands out a step another generator sharing its state used: it waits for the next one', async () => {
    let now = 1_700_000_010_000;
    const slept: number[] = [];
    const sleep = async (ms: number): Promise<void> => {
      slept.push(ms);
      now += ms;
    };
    // Two processes of one integration: separate generators, one state (the host's store).
    const state = memoryIntegrationState();
    const first = new TotpGenerator(SECRET, () => now, sleep, state);
    const second = new TotpGenerator(SECRET, () => now, sleep, state);
    const a = await first.next();
    const b = await second.next();
    expect(b).not.toBe(a);
    expect(slept).toHaveLength(1);
    expect(Number(await state.get(LAST_TOTP_STEP_KEY))).toBe(Math.floor(now / 30_000));
  });

  it('waits for the next step rather than reuse one, and says so before waiting', async () => {
    let now = 30_000 * 1000 + 10_000;
    const waits: number[] = [];
    const slept: number[] = [];
    const totp = new TotpGenerator(SECRET, () => now, async (ms) => {
      slept.push(ms);
      now += ms;
    }, memoryIntegrationState(), (ms) => waits.push(ms));
    const first = await totp.next();
    expect(waits).toEqual([]);
    const second = await totp.next();
    expect(waits).toEqual([20_050]);
    expect(slept).toEqual(waits);
    expect(second).not.toBe(first);
  });
});
