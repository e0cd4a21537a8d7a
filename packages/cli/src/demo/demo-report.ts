/** The demo's human-readable report. */
import { table } from '../output.js';
import type { DemoSummary } from './run-demo.js';

const pct = (n: number): string => `${(n * 100).toFixed(2)}%`;
const mark = (ok: boolean): string => (ok ? 'PASS' : 'FAIL');

/** The issue's targets for the demo's accuracy. */
export const DEMO_TARGETS = { identificationPrecision: 0.995, identificationRecall: 0.98, autoLinkPrecision: 1 } as const;

export function demoPasses(summary: DemoSummary): boolean {
  const { linking, identification } = summary.accuracy;
  return (
    identification.precision >= DEMO_TARGETS.identificationPrecision &&
    identification.recallIdentified >= DEMO_TARGETS.identificationRecall &&
    identification.crossTenantMerges === 0 &&
    linking.precision >= DEMO_TARGETS.autoLinkPrecision
  );
}

export function renderDemo(summary: DemoSummary): string {
  const { counts, accuracy } = summary;
  const lines = [
    `rmm-hub demo — ${summary.fleet.devices} machines, ${summary.fleet.tenants} tenants (seed ${summary.fleet.seed}): ${summary.fleet.ncentralDevices} N-central devices, ${summary.fleet.automateComputers} Automate computers`,
    `Store: ${summary.store.kind}, ${summary.store.location}`,
    '',
    'Health',
    ...Object.entries(summary.health).map(([id, h]) => `  ${id}: ${h.status}${h.failing.length ? ` — ${h.failing.join('; ')}` : ''}`),
    '',
    'Tenant linking',
    `  ${counts.clients} RMM clients → ${counts.links} links (${counts.autoLinks} automatic, ${counts.manualLinks} by hand), ${counts.suggestions} suggestions to review, ${counts.unlinked} unlinked, ${counts.keptSeparate} kept separate`,
    `  auto-link precision ${pct(accuracy.linking.precision)} (${accuracy.linking.wrongAutoLinks} wrong of ${accuracy.linking.autoLinks})   recall ${pct(accuracy.linking.recall)} (${accuracy.linking.found} of ${accuracy.linking.belonging} clients that belong to a tenant)`,
    '',
    'Computer identification',
    `  ${counts.agents} agents → ${counts.computers} computers; open conflicts: ${Object.entries(counts.conflicts).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`,
    `  precision ${pct(accuracy.identification.precision)}   recall ${pct(accuracy.identification.recallIdentified)} over agents with an identity; ${pct(accuracy.identification.recall)} over every agent, ${accuracy.identification.unidentifiedAgents} of them left needing an identity (offline, or a probe: never merged on hostname alone); ${pct(accuracy.identification.recallAllPairs)} counting pairs split across tenants`,
    `  cross-tenant merges ${accuracy.identification.crossTenantMerges}`,
    '',
    'Scripts',
    ...summary.scripts.map((s) => `  ${s.integrationId}: ${s.status}${s.computerId ? ` on ${s.computerId}` : ''}${s.durationMs !== undefined ? ` in ${(s.durationMs / 1000).toFixed(1)} s` : ''}${s.output ? ` → ${JSON.stringify(s.output)}` : ''}${s.error ? ` [${s.error.code}] ${s.error.message}` : ''}`),
    '',
    ...renderAgentActions(summary),
    '',
    `Re-sync with nothing changed upstream: ${summary.resync.rowsWritten} rows written in ${(summary.resync.durationMs / 1000).toFixed(1)} s`,
    '',
    'Targets',
    table(
      ['FIGURE', 'VALUE', 'TARGET', ''],
      [
        ['identification precision', pct(accuracy.identification.precision), `≥ ${pct(DEMO_TARGETS.identificationPrecision)}`, mark(accuracy.identification.precision >= DEMO_TARGETS.identificationPrecision)],
        ['identification recall (identified agents)', pct(accuracy.identification.recallIdentified), `≥ ${pct(DEMO_TARGETS.identificationRecall)}`, mark(accuracy.identification.recallIdentified >= DEMO_TARGETS.identificationRecall)],
        ['identification recall (every agent)', pct(accuracy.identification.recall), 'reported', ''],
        ['cross-tenant merges', accuracy.identification.crossTenantMerges, '0', mark(accuracy.identification.crossTenantMerges === 0)],
        ['auto-link precision', pct(accuracy.linking.precision), pct(DEMO_TARGETS.autoLinkPrecision), mark(accuracy.linking.precision >= DEMO_TARGETS.autoLinkPrecision)],
      ],
    ),
    '',
    `Timings (ms): ${Object.entries(summary.timingsMs).map(([k, v]) => `${k} ${v}`).join(', ')}`,
  ];
  if (summary.warnings.length) lines.push('', 'Warnings', ...summary.warnings.map((w) => `  ${w}`));
  if (summary.workDir) lines.push('', `Kept the config, secrets and database in ${summary.workDir}`);
  return lines.join('\n');
}

function renderAgentActions(summary: DemoSummary): string[] {
  const { before, after, retire, move, conflictsClosed, resyncRowsWritten } = summary.agentActions;
  const actions = (a: { planned: number; held: number; done: number; failed: number; manual: number }): string =>
    `${a.planned} planned (${a.held} held back), ${a.done} done, ${a.manual} left to do by hand, ${a.failed} failed`;
  return [
    'Agent actions (after scoring; then a re-sync)',
    `  retire stale reinstalled agents: ${actions(retire)}; online agents retired ${retire.onlineAgentsRetired}`,
    `  move misfiled agents: ${actions(move)} (${move.decidedByHand} conflicts decided by hand, the rest by the evidence); ${move.toRightTenant} of ${move.done} moved to their machine's real tenant`,
    `  before → after: ${before.agents} → ${after.agents} agents, ${before.computers} → ${after.computers} computers, ${before.staleAgents} → ${after.staleAgents} stale agents, ${before.crossTenantConflicts} → ${after.crossTenantConflicts} cross-tenant conflicts (${conflictsClosed} closed); the re-sync wrote ${resyncRowsWritten} rows`,
  ];
}
