import type { Command } from 'commander';

import { loadConfig } from '../context.js';
import { createOutput, table } from '../output.js';
import { startRuntime } from '../runtime.js';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('Integrations, health, last sync, counts and open conflicts')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const { loaded } = loadConfig(program.opts<{ config?: string }>().config);
      const runtime = await startRuntime(loaded, { readOnly: true });
      const { host, store } = runtime;
      try {
        const integrations = host.integrations().map((info) => {
          const record = store.integrations.get(info.id);
          const last = store.syncRuns.last(info.id);
          return {
            id: info.id,
            plugin: info.pluginId,
            state: info.state,
            error: info.error,
            health: record?.lastHealth ? { status: record.lastHealth.status, checkedAt: record.lastHealth.checkedAt } : null,
            lastSync: last ? { status: last.status, startedAt: last.startedAt, finishedAt: last.finishedAt ?? null, error: last.error ?? null } : null,
            clients: store.clients.list({ integrationId: info.id }).length,
            agents: store.agents.count({ integrationId: info.id }),
            links: store.links.listLinks({ integrationId: info.id }).length,
          };
        });
        const conflicts = runtime.identification.listConflicts({ status: 'open' });
        const byKind: Record<string, number> = {};
        for (const c of conflicts) byKind[c.kind] = (byKind[c.kind] ?? 0) + 1;
        const view = runtime.linking.view();
        const status = {
          integrations,
          totals: { tenants: store.tenants.list().length, computers: runtime.identification.listComputers().length, suggestions: view.suggestions.length, unlinked: view.unlinked.length },
          openConflicts: { total: conflicts.length, byKind },
          warnings: view.warnings,
        };
        createOutput(Boolean(options.json), host.redactor).result(status, () =>
          [
            table(
              ['INTEGRATION', 'PLUGIN', 'STATE', 'HEALTH', 'LAST SYNC', 'CLIENTS', 'LINKED', 'AGENTS'],
              integrations.map((i) => [i.id, i.plugin, i.state, i.health?.status ?? '-', i.lastSync ? `${i.lastSync.status} ${i.lastSync.startedAt}` : 'never', i.clients, i.links, i.agents]),
            ),
            '',
            `tenants ${status.totals.tenants}, computers ${status.totals.computers}, suggestions to review ${status.totals.suggestions}, unlinked clients ${status.totals.unlinked}`,
            `open conflicts: ${conflicts.length}${conflicts.length ? ` (${Object.entries(byKind).map(([k, n]) => `${k} ${n}`).join(', ')})` : ''}`,
            ...integrations.filter((i) => i.error).map((i) => `${i.id}: refused [${i.error?.code}] ${i.error?.message}`),
            ...view.warnings.map((w) => `warning: ${w.message}${w.hint ? ` (${w.hint})` : ''}`),
          ].join('\n'),
        );
      } finally {
        await runtime.close();
      }
    });
}
