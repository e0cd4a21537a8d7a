/**
 * Declares the fault matrix of one RMM as vitest tests and saves its rows for the report.
 * Each RMM gets its own test file so the two halves run in parallel workers.
 */
import { afterAll, expect, it } from 'vitest';

import { saveSuiteResult } from '../support/results.js';
import type { RmmName } from '../support/world.js';
import { FAULT_CASES } from './fault-cases.js';
import { runFaultCase, type FaultRow } from './run-fault-case.js';

/** A pair listed as not applicable, with the reason. */
export interface NotApplicableRow {
  rmm: RmmName;
  caseId: string;
  fault: string;
  variant: string;
  reason: string;
}

/** Cases driven through the simulators' control switches rather than the FaultInjector. */
const CONTROL_FAULTS = new Set(['token-expiry', 'restart', 'expired-password', 'eula', 'totp-rejected', 'error-in-200-burst', 'error-in-200-persistent']);

export function defineFaultMatrix(rmm: RmmName, options: { suite: string; only?: (id: string) => boolean; timeoutMs?: number }): void {
  const rows: FaultRow[] = [];
  let passed = 0;
  let expected = 0;
  const notApplicable: NotApplicableRow[] = [];
  const started = performance.now();

  for (const fault of FAULT_CASES.filter((f) => options.only?.(f.id) ?? true)) {
    const reason = fault.notApplicable?.[rmm];
    if (reason) {
      notApplicable.push({ rmm, caseId: fault.id, fault: fault.fault, variant: fault.variant, reason });
      // A fault that does not exist for this RMM (e.g. TOTP on N-central): listed as n/a with its reason, not run.
      it.skip(`${fault.fault} — ${fault.variant}: n/a (${reason})`, () => undefined);
      continue;
    }
    const expectation = fault.expect[rmm];
    expected++;
    it(`${fault.fault} — ${fault.variant}: ${expectation.kind === 'recovers' ? 'completes with the baseline data' : `ends with ${expectation.code}…`}, loses nothing, next sync is clean`, async () => {
      const row = await runFaultCase(rmm, fault);
      rows.push(row);
      const detail = `${row.status} ${row.code ?? ''} ${row.message ?? ''}`;
      expect(row.lost, 'records stored before the fault were lost or marked gone').toEqual([]);
      expect(row.dataMatchesBaseline, `the store changed during the fault sync (${detail})`).toBe(true);
      expect(row.recoveredAfterClear, 'the first sync after the fault cleared was not clean').toBe(true);
      if (fault.recoverIn) expect(row.coolDownHeld, 'the lock-out cool-down did not hold').toBe(true);
      expect(row.leaks, 'a secret appeared in a report, event or log').toBe(0);
      if (expectation.kind === 'recovers') {
        expect(row.outcome, detail).toBe('recovered');
      } else {
        expect(row.outcome, detail).toBe('coded error');
        expect(row.code, detail).toMatch(new RegExp(`^${expectation.code}`));
        expect(row.hint, detail).toEqual(expect.any(String));
        if (expectation.hint) expect(row.hint, detail).toMatch(expectation.hint);
      }
      // Injector faults are counted by the simulator; RMM switches (tokens, EULA…) show in the outcome.
      if (!CONTROL_FAULTS.has(fault.id)) expect(row.faultsInjected, 'the fault never fired').toBeGreaterThan(0);
      passed++;
    }, options.timeoutMs ?? 60_000);
  }

  afterAll(() => {
    saveSuiteResult(options.suite, { rmm, rows, notApplicable }, performance.now() - started, { passed, expected });
  });
}
