/**
 * An engine's input fingerprint decides whether its next run can be skipped: it must stay the
 * same while nothing the run reads or writes changes, and move with each thing that does.
 */
import type { Store } from '@rmm-hub/core';
import { describe, expect, it } from 'vitest';

export interface FingerprintCases {
  /** A store holding what a run reads. */
  seeded: () => Promise<Store>;
  fingerprint: (store: Store) => unknown;
  /** Writes that leave everything the run reads as it was. */
  unchanged: (store: Store) => Promise<void>;
  /** Each change the run must see, named. */
  changes: [string, (store: Store) => unknown][];
}

export function describeFingerprint(title: string, cases: FingerprintCases): void {
  describe(title, () => {
    it('stays the same while nothing a run reads or writes changes', async () => {
      const store = await cases.seeded();
      const before = await cases.fingerprint(store);
      expect(await cases.fingerprint(store)).toBe(before);
      await cases.unchanged(store);
      expect(await cases.fingerprint(store)).toBe(before);
    });

    it.each(cases.changes)('changes with %s', async (_what, change) => {
      const store = await cases.seeded();
      const before = await cases.fingerprint(store);
      await change(store);
      expect(await cases.fingerprint(store)).not.toBe(before);
    });
  });
}
