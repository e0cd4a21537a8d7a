import type { Command } from 'commander';

import type { HealthReport, IntegrationInfo } from '@rmm-hub/core';
import { isRmmError } from '@rmm-hub/core';

import { openHub } from '../context.js';
import { hostOptions, openConfig } from '../global-options.js';
import { createOutput, ExitCode } from '../output.js';
import { enqueueJobs } from '../queue.js';

interface CheckedIntegration extends IntegrationInfo {
  health?: HealthReport | undefined;
  healthError?: { code: string; message: string; hint?: string | undefined } | undefined;
}

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description("Validate the config and run every integration's HealthCheck. Exit 0: all healthy or degraded; 1: an integration refused or unhealthy; 2: no config, or an invalid one")
    .option('--json', 'print JSON')
    .option('-i, --integration <id>', 'with --enqueue: only this integration')
    .option('--enqueue', 'put one health-check job per integration on the job queue (config `queue:`) for `rmm-hub worker` processes, instead of checking here')
    .action(async (options: { json?: boolean; enqueue?: boolean; integration?: string }) => {
      const { loaded } = openConfig(program);
      if (options.enqueue) {
        await enqueueJobs(loaded, 'health', options);
        return;
      }
      // Not read-only: check records each health report for `status`, and the TOTP step each
      // Automate login used, which other processes must see (the database is created if needed).
      const hub = await openHub(loaded, hostOptions(program, 'write'));
      const out = createOutput(Boolean(options.json), hub.redactor);
      try {
        const checked: CheckedIntegration[] = await Promise.all(
          hub.integrations().map(async (info): Promise<CheckedIntegration> => {
            if (info.state !== 'ready' || !hub.supports(info.id, 'HealthCheck')) return { ...info };
            out.note(`checking ${info.id}…`);
            try {
              return { ...info, health: await hub.call(info.id, 'HealthCheck') };
            } catch (error) {
              return { ...info, healthError: isRmmError(error) ? { code: error.code, message: error.message, hint: error.hint } : { code: 'RMM_ERR_INTERNAL', message: String(error) } };
            }
          }),
        );
        const failed = checked.filter((c) => c.state === 'refused' || c.healthError || c.health?.status === 'unhealthy');
        const ok = failed.length === 0;
        out.result({ ok, config: { path: loaded.path, valid: true }, integrations: checked }, () => renderCheck(checked, loaded.path));
        process.exitCode = ok ? ExitCode.ok : ExitCode.failed;
      } finally {
        await hub.close();
      }
    });
}

function renderCheck(checked: CheckedIntegration[], path: string): string {
  const lines = [`config: ${path} is valid`];
  if (checked.length === 0) lines.push('no integrations configured');
  for (const c of checked) {
    if (c.state === 'disabled') {
      lines.push(`- ${c.id}: disabled`);
    } else if (c.state === 'refused') {
      lines.push(`✗ ${c.id}: refused [${c.error?.code}] ${c.error?.message}`);
      if (c.error?.hint) lines.push(`    hint: ${c.error.hint}`);
    } else if (c.healthError) {
      lines.push(`✗ ${c.id}: health check failed [${c.healthError.code}] ${c.healthError.message}`);
      if (c.healthError.hint) lines.push(`    hint: ${c.healthError.hint}`);
    } else if (c.health) {
      const mark = c.health.status === 'healthy' ? '✓' : c.health.status === 'degraded' ? '!' : '✗';
      lines.push(`${mark} ${c.id}: ${c.health.status}`);
      for (const check of c.health.checks) {
        lines.push(`    ${check.status === 'pass' ? '✓' : check.status === 'warn' ? '!' : '✗'} ${check.name}: ${check.message}`);
        if (check.hint && check.status !== 'pass') lines.push(`        hint: ${check.hint}`);
      }
    }
    for (const warning of c.warnings ?? []) {
      lines.push(`! ${c.id}: ${warning.path}: ${warning.message}`);
      if (warning.hint) lines.push(`    hint: ${warning.hint}`);
    }
  }
  return lines.join('\n');
}
