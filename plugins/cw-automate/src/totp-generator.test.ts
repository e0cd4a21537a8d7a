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
});
