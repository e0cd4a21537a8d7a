import type { Command } from 'commander';

import { UsageError, type IntegrationInfo, type IntegrationSyncReport, type SyncReport } from '@rmm-hub/core';

import type { RmmHub } from '@rmm-hub/hub';

import { openHub } from '../context.js';
import { hostOptions, openConfig } from '../global-options.js';
import { createOutput, ExitCode, table } from '../output.js';
import { attachProgress } from '../progress.js';
import { enqueueJobs } from '../queue.js';

export function registerSync(program: Command): void {
  program
    .command('sync')
    .description('Sync clients, links, agents and computers from every enabled integration (or one)')
    .option('-i, --integration <id>', 'only this integration')
    .option('--json', 'print the sync report as JSON')
    .option('--watch', "keep running: sync each integration on its interval (config, else the plugin's default) until Ctrl-C")
    .option('--enqueue', 'put one sync job per integration on the job queue (config `queue:`) for `rmm-hub worker` processes, instead of syncing here')
    .action(async (options: { integration?: string; json?: boolean; watch?: boolean; enqueue?: boolean }) => {
      const { loaded } = openConfig(program);
      if (options.enqueue) {
        await enqueueJobs(loaded, 'sync', options);
        return;
      }
      const hub = await openHub(loaded, hostOptions(program, 'write'));
      const out = createOutput(Boolean(options.json), hub.redactor);
      const detach = options.json ? () => undefined : attachProgress(hub);
      reportWaiting(hub, out.note);
      try {
        const configured = hub.integrations();
        if (options.integration && !configured.some((i) => i.id === options.integration)) {
          throw new UsageError(`unknown integration "${options.integration}"`, { hint: `Configured: ${configured.map((i) => i.id).join(', ') || 'none'}.` });
        }
        const chosen = configured.filter((i) => !options.integration || i.id === options.integration);
        if (options.watch) {
          await watch(hub, (report) => out.result(withUnsynced(report, chosen), () => renderSyncReport(withUnsynced(report, chosen))), out.note);
          return;
        }
        const report = withUnsynced(await hub.sync(options.integration ? { integrationIds: [options.integration] } : {}), chosen);
        detach();
        out.result(report, () => renderSyncReport(report));
        process.exitCode = syncFailed(report) ? ExitCode.failed : ExitCode.ok;
      } finally {
        detach();
        await hub.close();
      }
    });
}

/** Says when a sync waits for another process that holds the same work. */
export function reportWaiting(hub: RmmHub, note: (text: string) => void): void {
  hub.on('sync:waiting', ({ work, holder }) => note(`waiting: ${work} is under way in process ${holder.pid} on ${holder.host} (since ${holder.since})`));
}

/** A configured integration the sync did not run: refused at start-up (with why) or disabled. */
export interface UnsyncedIntegration {
  integrationId: string;
  status: 'refused' | 'disabled';
  error?: { code: string; message: string; hint?: string | undefined } | undefined;
}

/** The sync report as the CLI prints it: every configured integration, synced or not. */
export interface CliSyncReport extends Omit<SyncReport, 'integrations'> {
  integrations: (IntegrationSyncReport | UnsyncedIntegration)[];
}

/** Adds the integrations that were refused or disabled, so a cron job sees them (and fails on a refusal). */
export function withUnsynced(report: SyncReport, configured: readonly IntegrationInfo[]): CliSyncReport {
  const unsynced = configured
    .filter((i) => i.state !== 'ready')
    .map((i): UnsyncedIntegration => ({ integrationId: i.id, status: i.state === 'refused' ? 'refused' : 'disabled', ...(i.error ? { error: { code: i.error.code, message: i.error.message, hint: i.error.hint } } : {}) }));
  return { ...report, integrations: [...report.integrations, ...unsynced] };
}

/** Any refusal or failure fails the run; a disabled integration does not. */
export function syncFailed(report: CliSyncReport): boolean {
  return report.integrations.some((r) => r.status !== 'succeeded' && r.status !== 'disabled') || report.identificationError !== undefined;
}

export function renderSyncReport(report: CliSyncReport): string {
  const rows = report.integrations.map((r) => !('runId' in r) ? [r.integrationId, r.status, '-', '-', '-', '-', '-'] : [
    r.integrationId,
    r.status,
    r.counts['clients'] ?? 0,
    r.counts['linkedClients'] ?? 0,
    r.counts['agents'] ?? 0,
    (r.counts['clientsWritten'] ?? 0) + (r.counts['agentsWritten'] ?? 0),
    `${(r.durationMs / 1000).toFixed(1)} s`,
  ]);
  const lines = [table(['INTEGRATION', 'STATUS', 'CLIENTS', 'LINKED', 'AGENTS', 'ROWS WRITTEN', 'TIME'], rows)];
  for (const r of report.integrations) {
    if (r.error) lines.push(`${r.integrationId}: ${r.status === 'refused' ? 'refused ' : ''}[${r.error.code}] ${r.error.message}${r.error.hint ? `\n  hint: ${r.error.hint}` : ''}`);
    for (const warning of 'warnings' in r ? r.warnings : []) lines.push(`${r.integrationId}: warning: ${warning}`);
  }
  if (report.identification) {
    const i = report.identification;
    lines.push(`identification: ${i.agents} agents → ${i.computers} computers, ${i.conflicts} open conflicts, ${i.needsIdentity} need identity, ${i.identityScriptsRun} identity scripts run`);
  }
  for (const round of report.identificationRoundErrors ?? []) {
    lines.push(`identification: warning: a round for ${round.tenantIds.length} tenant(s) failed and was tried again at the end: [${round.error.code}] ${round.error.message}`);
  }
  if (report.identificationError) lines.push(`identification failed: [${report.identificationError.code}] ${report.identificationError.message}`);
  lines.push(`rows written: ${report.rowsWritten}; took ${(report.durationMs / 1000).toFixed(1)} s`);
  return lines.join('\n');
}

/**
 * Syncs everything once, then each integration on its interval, until SIGINT or SIGTERM: then
 * the sync under way is cancelled (what it committed stays) and the command ends cleanly.
 */
async function watch(hub: RmmHub, print: (report: SyncReport) => void, note: (text: string) => void): Promise<void> {
  // The scheduler's timers hold the process open while it waits; a signal ends the wait.
  const scheduler = hub.schedule({ onReport: print, onError: (error) => note(`sync failed: ${String(error)}`), keepProcessAlive: true });
  const stopped = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  const intervals = Object.entries(scheduler.intervals()).map(([id, s]) => `${id} every ${s} s`);
  if (intervals.length === 0) {
    note('nothing to watch: no integration is ready (`rmm-hub status` says why)');
    return;
  }
  const first = scheduler.trigger();
  scheduler.start();
  void first.then(() => note(`watching: ${intervals.join(', ')}; Ctrl-C to stop`));
  const signal = await stopped;
  note(`${signal}: stopping`);
  await scheduler.stop();
}
