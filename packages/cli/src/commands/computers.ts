import type { Command } from 'commander';

import { NotFoundError, UsageError, type ConflictResolution } from '@rmm-hub/core';

import { table } from '../output.js';
import { wantsJson, withHub, type Options } from './links.js';

const RESOLUTIONS: ConflictResolution[] = ['merge', 'keep-apart', 'mark-wiped'];

export function registerComputers(program: Command): void {
  program
    .command('computers')
    .description('Computers identified across RMMs (or, with --conflicts, the conflict queue)')
    .option('--conflicts', 'list open conflicts instead')
    .option('--tenant <id>', 'only this tenant')
    .option('--json', 'print JSON')
    .action(async (options: { conflicts?: boolean; tenant?: string; json?: boolean }) =>
      withHub(program, Boolean(options.json), async (hub) => {
        const filter = options.tenant ? { tenantId: options.tenant } : {};
        if (options.conflicts) {
          const conflicts = await hub.computers.conflicts({ status: 'open', ...filter });
          return {
            value: { conflicts },
            human: () =>
              conflicts.length === 0
                ? 'no open conflicts'
                : conflicts.map((c) => `${c.id}  ${c.kind}  ${c.key}\n  ${c.detail}\n  computers: ${c.computerIds.join(', ')}  tenants: ${c.tenantIds.join(', ')}`).join('\n'),
          };
        }
        const computers = await hub.computers.list(filter);
        return {
          value: { computers },
          human: () =>
            table(
              ['COMPUTER', 'TENANT', 'NAME', 'AGENTS', 'STALE', 'NEEDS ID', 'CONFLICTS'],
              computers.map((c) => [c.id, c.tenantId, c.name, c.agents, c.staleAgents, c.needsIdentity, c.openConflicts]),
            ),
        };
      }),
    );

  program
    .command('computer <id>')
    .description("One computer: its agents with each link's evidence, its conflicts, and (--timeline) its history")
    .option('--timeline', 'include merges, splits and lifecycle events')
    .option('--json', 'print JSON')
    .action(async (id: string, options: { timeline?: boolean; json?: boolean }) =>
      withHub(program, Boolean(options.json), async (hub) => {
        const detail = await hub.computers.describe(id, { timeline: Boolean(options.timeline) });
        if (!detail) throw new NotFoundError(`no computer "${id}"`, { hint: 'List computers with `rmm-hub computers`.' });
        return {
          value: detail,
          human: () =>
            [
              `${detail.computer.id}  ${detail.computer.name}  tenant ${detail.computer.tenantId}`,
              'agents:',
              ...detail.agents.map((a) => `  ${a.agent.integrationId}/${a.agent.agentId}${a.stale ? ' [stale]' : ''}${a.needsIdentity ? ' [needs identity]' : ''}  ${JSON.stringify(a.evidence)}`),
              ...(detail.conflicts.length ? ['conflicts:', ...detail.conflicts.map((c) => `  ${c.id} ${c.kind} (${c.status}): ${c.detail}`)] : []),
              ...(detail.timeline ? ['timeline:', ...detail.timeline.map((t) => `  ${t.at}  ${t.kind}  ${t.summary}  (undo: ${typeof t.details['undo'] === 'string' ? t.details['undo'] : `rmm-hub computers undo ${t.opId}`})`)] : []),
            ].join('\n'),
        };
      }),
    );

  const computers = program.commands.find((c) => c.name() === 'computers')!;
  computers
    .command('undo <opId>')
    .description('Undo an identification operation (a merge, split or resolution) by its id from the timeline')
    .option('--as <actor>', 'who decides, for the audit log', process.env['USER'] ?? 'cli')
    .option('--reason <text>', 'why, for the audit log')
    .option('--json', 'print JSON')
    .action(async (opId: string, options: Options, command: Command) =>
      withHub(program, wantsJson(command), async (hub) => {
        const outcome = await hub.computers.undo(opId, { actor: options.as, ...(options.reason ? { reason: options.reason } : {}) });
        return { value: outcome, human: () => `undone ${opId}: ${outcome.changes} changes to ${outcome.computerIds.join(', ')}` };
      }, 'write'),
    );

  const conflicts = program.command('conflicts').description('The identification conflict queue');
  conflicts
    .command('resolve <conflictId> <resolution>')
    .description(`Resolve a conflict: ${RESOLUTIONS.join(', ')}`)
    .option('--as <actor>', 'who decides, for the audit log', process.env['USER'] ?? 'cli')
    .option('--reason <text>', 'why, for the audit log')
    .option('--json', 'print JSON')
    .action(async (conflictId: string, resolution: string, options: Options) => {
      if (!RESOLUTIONS.includes(resolution as ConflictResolution)) {
        throw new UsageError(`"${resolution}" is not a resolution`, { hint: `Use one of: ${RESOLUTIONS.join(', ')}.` });
      }
      await withHub(program, Boolean(options.json), async (hub) => {
        const outcome = await hub.computers.resolveConflict(conflictId, resolution as ConflictResolution, { actor: options.as, ...(options.reason ? { reason: options.reason } : {}) });
        return { value: outcome, human: () => `resolved ${conflictId} as ${resolution} (undo with \`rmm-hub computers undo ${outcome.opId}\`)` };
      }, 'write');
    });
}
