import type { Command } from 'commander';

import { SyncScheduler, type SyncReport } from '@rmm-hub/core';

import { loadConfig } from '../context.js';
import { createOutput, ExitCode, table } from '../output.js';
import { attachProgress } from '../progress.js';
import { startRuntime } from '../runtime.js';

export function registerSync(program: Command): void {
  program
    .command('sync')
    .description('Sync clients, links, agents and computers from every enabled integration (or one)')
    .option('-i, --integration <id>', 'only this integration')
    .option('--json', 'print the sync report as JSON')
    .option('--watch', "keep running: sync each integration on its interval (config, else the plugin's default) until Ctrl-C")
    .action(async (options: { integration?: string; json?: boolean; watch?: boolean }) => {
      const { loaded } = loadConfig(program.opts<{ config?: string }>().config);
      const runtime = await startRuntime(loaded);
      const out = createOutput(Boolean(options.json), runtime.host.redactor);
      const detach = options.json ? () => undefined : attachProgress(runtime.host);
      runtime.host.events.on('sync:waiting', ({ work, holder }) => out.note(`waiting: ${work} is under way in process ${holder.pid} on ${holder.host} (since ${holder.since})`));
      try {
        if (options.integration && !runtime.host.integrations().some((i) => i.id === options.integration)) {
          out.note(`unknown integration "${options.integration}"; configured: ${runtime.host.integrations().map((i) => i.id).join(', ') || 'none'}`);
          process.exitCode = ExitCode.usage;
          return;
        }
        if (options.watch) {
          await watch(runtime.host, runtime.sync, (report) => out.result(report, () => renderSyncReport(report)), out.note);
          return;
        }
        const report = await runtime.sync.sync(options.integration ? { integrationIds: [options.integration] } : {});
        detach();
        out.result(report, () => renderSyncReport(report));
        const failed = report.integrations.some((r) => r.status !== 'succeeded') || report.identificationError !== undefined;
        process.exitCode = failed ? ExitCode.failed : ExitCode.ok;
      } finally {
        detach();
        await runtime.close();
      }
    });
}

export function renderSyncReport(report: SyncReport): string {
  const rows = report.integrations.map((r) => [
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
    if (r.error) lines.push(`${r.integrationId}: [${r.error.code}] ${r.error.message}${r.error.hint ? `\n  hint: ${r.error.hint}` : ''}`);
    for (const warning of r.warnings) lines.push(`${r.integrationId}: warning: ${warning}`);
  }
  if (report.identification) {
    const i = report.identification;
    lines.push(`identification: ${i.agents} agents → ${i.computers} computers, ${i.conflicts} open conflicts, ${i.needsIdentity} need identity, ${i.identityScriptsRun} identity scripts run`);
  }
  if (report.identificationError) lines.push(`identification failed: [${report.identificationError.code}] ${report.identificationError.message}`);
  lines.push(`rows written: ${report.rowsWritten}; took ${(report.durationMs / 1000).toFixed(1)} s`);
  return lines.join('\n');
}

/**
 * Syncs everything once, then each integration on its interval, until SIGINT or SIGTERM: then
 * the sync under way is cancelled (what it committed stays) and the command ends cleanly.
 */
async function watch(
  host: Parameters<typeof attachProgress>[0],
  orchestrator: ConstructorParameters<typeof SyncScheduler>[1],
  print: (report: SyncReport) => void,
  note: (text: string) => void,
): Promise<void> {
  // The scheduler's timers hold the process open while it waits; a signal ends the wait.
  const scheduler = new SyncScheduler(host, orchestrator, { onReport: print, onError: (error) => note(`sync failed: ${String(error)}`), keepProcessAlive: true });
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
