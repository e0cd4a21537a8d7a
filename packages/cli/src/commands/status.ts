import type { Command } from 'commander';

import { openHub } from '../context.js';
import { hostOptions, openConfig } from '../global-options.js';
import { healthView, humanAge } from '../health-age.js';
import { createOutput, table } from '../output.js';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('Integrations, health, last sync, counts and open conflicts')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const { loaded } = openConfig(program);
      const hub = await openHub(loaded, hostOptions(program, 'read'));
      const now = new Date();
      const { store } = hub;
      try {
        const integrations = await Promise.all(hub.integrations().map(async (info) => {
          const record = await store.integrations.get(info.id);
          const last = await store.syncRuns.last(info.id);
          return {
            id: info.id,
            plugin: info.pluginId,
            state: info.state,
            error: info.error,
            health: record?.lastHealth ? healthView(record.lastHealth, info.syncIntervalSeconds, now) : null,
            lastSync: last ? { status: last.status, startedAt: last.startedAt, finishedAt: last.finishedAt ?? null, error: last.error ?? null } : null,
            clients: (await store.clients.list({ integrationId: info.id })).length,
            agents: await store.agents.count({ integrationId: info.id }),
            links: (await store.links.listLinks({ integrationId: info.id })).length,
          };
        }));
        const conflicts = await hub.computers.conflicts({ status: 'open' });
        const byKind: Record<string, number> = {};
        for (const c of conflicts) byKind[c.kind] = (byKind[c.kind] ?? 0) + 1;
        const view = await hub.links.view();
        const status = {
          integrations,
          totals: { tenants: (await store.tenants.list()).length, computers: (await hub.computers.list()).length, suggestions: view.suggestions.length, unlinked: view.unlinked.length },
          openConflicts: { total: conflicts.length, byKind },
          warnings: view.warnings,
        };
        createOutput(Boolean(options.json), hub.redactor).result(status, () =>
          [
            table(
              ['INTEGRATION', 'PLUGIN', 'STATE', 'HEALTH', 'LAST SYNC', 'CLIENTS', 'LINKED', 'AGENTS'],
              integrations.map((i) => [i.id, i.plugin, i.state, i.health ? `${i.health.status} (${humanAge(i.health.ageSeconds)} ago${i.health.stale ? ', stale' : ''})` : '-', i.lastSync ? `${i.lastSync.status} ${i.lastSync.startedAt}` : 'never', i.clients, i.links, i.agents]),
            ),
            '',
            `tenants ${status.totals.tenants}, computers ${status.totals.computers}, suggestions to review ${status.totals.suggestions}, unlinked clients ${status.totals.unlinked}`,
            `open conflicts: ${conflicts.length}${conflicts.length ? ` (${Object.entries(byKind).map(([k, n]) => `${k} ${n}`).join(', ')})` : ''}`,
            ...integrations.filter((i) => i.error).map((i) => `${i.id}: refused [${i.error?.code}] ${i.error?.message}`),
            ...integrations.flatMap((i) => (i.health?.problems ?? []).map((p) => `${i.id}: ${i.health?.status}: ${p}`)),
            ...integrations.filter((i) => i.health?.stale).map((i) => `${i.id}: the last health check is ${humanAge(i.health?.ageSeconds ?? 0)} old; run \`rmm-hub check\` or \`rmm-hub sync\``),
            ...view.warnings.map((w) => `warning: ${w.message}${w.hint ? ` (${w.hint})` : ''}`),
          ].join('\n'),
        );
      } finally {
        await hub.close();
      }
    });
}
