import { describe, expect, it } from 'vitest';

import { IdentificationConfig } from './identification.config.js';

describe('IdentificationConfig', () => {
  it('has defaults for everything', () => {
    expect(IdentificationConfig.parse({})).toEqual({
      quarantineThreshold: 6,
      trustedVendors: ['DELL', 'HP', 'LENOVO'],
      identityRefreshDays: 7,
      identityScript: { enabled: true, maxAttempts: 3, baseDelayMs: 5000, timeoutMs: 120_000, concurrency: 8 },
    });
  });
  it('rejects unknown keys and out-of-range values', () => {
    expect(IdentificationConfig.safeParse({ quarantineTreshold: 3 }).success).toBe(false);
    expect(IdentificationConfig.safeParse({ quarantineThreshold: 1 }).success).toBe(false);
    expect(IdentificationConfig.safeParse({ identityRefreshDays: 0 }).success).toBe(false);
    expect(IdentificationConfig.safeParse({ identityScript: { maxAttempts: 0 } }).success).toBe(false);
  });
  it('accepts an override file and custom vendors', () => {
    expect(IdentificationConfig.parse({ knownBadOverrideFile: './bad.json', trustedVendors: ['FUJITSU'] })).toMatchObject({ knownBadOverrideFile: './bad.json', trustedVendors: ['FUJITSU'] });
  });
});
