/**
 * Runs one fault-matrix pair: a clean baseline (sync, the MSP's manual link, sync again), the
 * fault, a sync through the real host and engines, then the fault cleared and one more sync.
 * Returns the row for the report; the caller asserts on it.
 */
import type { IntegrationSyncReport, SyncReport } from '@rmm-hub/core';
import { createVirtualClock } from '@rmm-hub/plugin-testkit';

import { builtInPlugins, startTestRuntime } from '../support/runtime.js';
import { dumpCounts, dumpState, linkMspByHand, lostSince, type StateDump } from '../support/state.js';
import { startWorld, type RmmName } from '../support/world.js';
import { drainBodyErrors, type FaultCase } from './fault-cases.js';

/** One row of the matrix as the report shows it. */
export interface FaultRow {
  rmm: RmmName;
  caseId: string;
  fault: string;
  variant: string;
  expected: 'recovers' | 'error';
  /** What the fault sync ended in. */
  outcome: 'recovered' | 'coded error' | 'wrong';
  status: string;
  code?: string | undefined;
  hint?: string | undefined;
  message?: string | undefined;
  /** Requests the simulator answered with an injected fault (slow ones included). */
  faultsInjected: number;
  /** Records stored before the fault that disappeared or were marked gone. */
  lost: string[];
  /** The fault sync completed with the baseline's data (only meaningful when it completed). */
  dataMatchesBaseline: boolean;
  /** The first sync after the fault cleared succeeded with the baseline's data. */
  recoveredAfterClear: boolean;
  /** Where that sync ran: the same runtime, or a new one (see FaultCase.recoverIn). */
  recoveredIn: 'same-runtime' | 'fresh-runtime';
  /** For fresh-runtime cases: the same runtime kept failing with the same code and made no login attempt. */
  coolDownHeld?: boolean | undefined;
  baseline: Record<keyof StateDump, number>;
  faultSyncMs: number;
  /** Secrets found in the errors, events or logs of the pair (must stay empty). */
  leaks: number;
}

const same = (a: StateDump, b: StateDump): boolean => JSON.stringify(a) === JSON.stringify(b);
const only = (report: SyncReport, id: string): IntegrationSyncReport => {
  const found = report.integrations.find((r) => r.integrationId === id);
  if (!found) throw new Error(`no report for ${id}`);
  return found;
};

export async function runFaultCase(rmm: RmmName, fault: FaultCase): Promise<FaultRow> {
  // Automate and its simulator share a virtual clock: TOTP steps and back-off pass at once.
  const clock = createVirtualClock();
  const world = await startWorld({ integrations: [rmm], seed: 11, devices: 120, clock, ...fault.world?.(rmm) });
  const start = (): ReturnType<typeof startTestRuntime> => startTestRuntime(world.load(), { plugins: builtInPlugins(clock) });
  let runtime = await start();
  try {
    const first = await runtime.sync.sync();
    await linkMspByHand(runtime.store, runtime.linking, world.fleet);
    const second = await runtime.sync.sync();
    for (const r of [...first.integrations, ...second.integrations]) {
      if (r.status !== 'succeeded') throw new Error(`baseline sync of ${r.integrationId} ended ${r.status}: ${r.error?.code} ${r.error?.message}`);
    }
    const baseline = dumpState(runtime.store.db);
    if (baseline.agents.length === 0 || baseline.links.length === 0) throw new Error('the baseline stored no agents or links; the scenario would prove nothing');

    const sim = rmm === 'ncentral' ? world.ncentral : world.automate;
    const faultsBefore = sim.stats.faultsInjected;
    const unhook = fault.inject(world, rmm);
    const started = performance.now();
    const report = only(await runtime.sync.sync(), rmm);
    const faultSyncMs = Math.round(performance.now() - started);
    const faultsInjected = sim.stats.faultsInjected - faultsBefore;
    const afterFault = dumpState(runtime.store.db);

    unhook?.();
    sim.faults.clear();
    fault.clear?.(world, rmm);
    if (fault.id.startsWith('error-in-200')) await drainBodyErrors(world, rmm);
    let coolDownHeld: boolean | undefined;
    if (fault.recoverIn === 'fresh-runtime') {
      const logins = (): number => Object.entries(sim.stats.byRoute).reduce((n, [key, count]) => n + (/^POST .*(apitoken|authenticate)$/i.test(key) ? count : 0), 0);
      const loginsBefore = logins();
      const again = only(await runtime.sync.sync(), rmm);
      coolDownHeld = again.error?.code === report.error?.code && logins() === loginsBefore;
      await runtime.close();
      runtime = await start();
    }
    const recovery = only(await runtime.sync.sync(), rmm);
    const afterRecovery = dumpState(runtime.store.db);

    const secrets = rmm === 'ncentral' ? [world.ncentral.jwt] : [world.automate.password, world.automate.totpSecret];
    const said = JSON.stringify([report, recovery, runtime.events, runtime.logs]);
    const leaks = secrets.filter((s) => said.includes(s)).length;

    return {
      rmm,
      caseId: fault.id,
      fault: fault.fault,
      variant: fault.variant,
      expected: fault.expect[rmm].kind,
      outcome: report.status === 'succeeded' ? 'recovered' : report.error?.code?.startsWith('RMM_ERR_') && report.error.hint ? 'coded error' : 'wrong',
      status: report.status,
      code: report.error?.code,
      hint: report.error?.hint,
      message: report.error?.message,
      faultsInjected,
      lost: [...lostSince(baseline, afterFault), ...lostSince(baseline, afterRecovery)],
      dataMatchesBaseline: same(baseline, afterFault),
      recoveredAfterClear: recovery.status === 'succeeded' && same(baseline, afterRecovery),
      recoveredIn: fault.recoverIn ?? 'same-runtime',
      coolDownHeld,
      baseline: dumpCounts(baseline),
      faultSyncMs,
      leaks,
    };
  } finally {
    await runtime.close();
    await world.close();
  }
}
