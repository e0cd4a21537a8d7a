import type { Command } from 'commander';

import { table } from '../output.js';
import { withRuntime } from './links.js';

export interface AgentRow {
  integrationId: string;
  agentId: string;
  clientId: string;
  clientName: string | null;
  hostname: string;
  online: boolean;
  lastSeen: string | null;
  computerId: string | null;
}

export function registerAgents(program: Command): void {
  program
    .command('agents')
    .description('Every RMM agent: its RMM id, client, last seen, online state and the computer it was identified as')
    .option('-i, --integration <id>', 'only this integration')
    .option('--client <id>', 'only this RMM client (its id in the RMM)')
    .option('--json', 'print JSON')
    .action(async (options: { integration?: string; client?: string; json?: boolean }) =>
      withRuntime(program, Boolean(options.json), ({ store }) => {
        const clientNames = new Map(store.clients.list({ includeGone: true }).map((c) => [`${c.integrationId}\u0000${c.id}`, c.name]));
        const agents: AgentRow[] = [];
        for (const agent of store.agents.iterate({ ...(options.integration ? { integrationId: options.integration } : {}), ...(options.client ? { clientIds: [options.client] } : {}) })) {
          agents.push({
            integrationId: agent.integrationId,
            agentId: agent.id,
            clientId: agent.clientId,
            clientName: clientNames.get(`${agent.integrationId}\u0000${agent.clientId}`) ?? null,
            hostname: agent.hostname,
            online: agent.online,
            lastSeen: agent.lastSeen ?? null,
            computerId: store.computers.computerOf({ integrationId: agent.integrationId, agentId: agent.id }) ?? null,
          });
        }
        agents.sort((a, b) => a.integrationId.localeCompare(b.integrationId) || a.clientId.localeCompare(b.clientId) || a.hostname.localeCompare(b.hostname));
        return {
          value: { agents },
          human: () =>
            agents.length === 0
              ? 'no agents (run `rmm-hub sync` first)'
              : table(
                  ['INTEGRATION', 'AGENT', 'CLIENT', 'HOSTNAME', 'ONLINE', 'LAST SEEN', 'COMPUTER'],
                  agents.map((a) => [a.integrationId, a.agentId, a.clientName ? `${a.clientName} (${a.clientId})` : a.clientId, a.hostname, a.online ? 'yes' : 'no', a.lastSeen ?? '-', a.computerId ?? '-']),
                ),
        };
      }),
    );
}
