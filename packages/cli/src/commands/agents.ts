/**
 * `rmm-hub agents`: every agent the RMMs reported, and the actions on them (`retire`, `move`,
 * `move-undo`, `installer`, `deploy`, `url`) that fix what identification found, in the RMMs
 * themselves. Each action shows its plan by default (`--preview`); only `--apply` changes anything.
 */
import type { Command } from 'commander';

import { AgentPlatform, ConfigError, UsageError, type DeployOutcome, type DeployPlan, type DeployPreview, type MoveOutcome, type MovePlan, type RetirementOutcome, type RetirementPlan } from '@rmm-hub/core';

import type { RmmHub } from '@rmm-hub/hub';

import { openHub } from '../context.js';
import { hostOptions, openConfig } from '../global-options.js';
import { createOutput, ExitCode, table } from '../output.js';
import { wantsJson, withHub } from './links.js';

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

interface ActionOptions {
  preview?: boolean;
  apply?: boolean;
  as: string;
  json?: boolean;
}

/** Opens a hub, runs `work`, prints its result, sets the exit code; always closes. */
async function withAgentsHub(
  program: Command,
  command: Command,
  options: ActionOptions,
  work: (hub: RmmHub) => Promise<{ value: object; human: () => string; failed: boolean }>,
  access: 'read' | 'write' = 'write',
): Promise<void> {
  if (options.preview && options.apply) throw new UsageError('--apply cannot be combined with --preview', { hint: 'Preview first (the default), then run again with --apply alone.' });
  const { loaded } = openConfig(program);
  const hub = await openHub(loaded, hostOptions(program, access));
  try {
    const { value, human, failed } = await work(hub);
    createOutput(wantsJson(command), hub.redactor).result(value, human);
    process.exitCode = failed ? ExitCode.failed : ExitCode.ok;
  } finally {
    await hub.close();
  }
}

function positiveInt(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(flag, `"${value}" is not a whole number`, { hint: `e.g. ${flag} 30` });
  return n;
}

function renderRetirementPlan(plan: RetirementPlan): string {
  return [
    `Agents to retire (${plan.steps.length}; offline at least ${plan.minOfflineDays} days):`,
    plan.steps.length === 0
      ? '  none'
      : table(['COMPUTER', 'AGENT', 'HOST', 'LAST SEEN', 'KEEPS', 'ACTION'], plan.steps.map((s) => [s.computerId, `${s.agent.integrationId}/${s.agent.agentId}`, s.agent.hostname, s.agent.lastSeen ?? '', s.keep.agentId, s.action])),
    ...(plan.held.length ? ['', `Held back (${plan.held.length}):`, ...plan.held.map((h) => `  ${h.agent.integrationId}/${h.agent.agentId} of ${h.computerId}: ${h.reason}`)] : []),
  ].join('\n');
}

function renderMovePlan(plan: MovePlan): string {
  return [
    `Agents to move (${plan.steps.length}):`,
    ...(plan.steps.length === 0 ? ['  none'] : plan.steps.map((s) => `  ${s.agent.integrationId}/${s.agent.agentId} (${s.agent.hostname}) of ${s.computerId}: client ${s.from.clientId} → ${s.to.clientId} (tenant ${s.to.tenantId}) [${s.action}]\n    ${s.reason}`)),
    ...(plan.held.length ? ['', `Conflicts held for a person (${plan.held.length}):`, ...plan.held.map((h) => `  ${h.conflictId}: ${h.reason}`)] : []),
  ].join('\n');
}

function renderOutcomes(outcomes: readonly (RetirementOutcome | MoveOutcome)[]): string {
  const done = outcomes.filter((o) => o.status === 'done').length;
  return [
    ...outcomes.map((o) => `  ${o.status.padEnd(7)} ${o.step.agent.integrationId}/${o.step.agent.agentId}: ${o.message}${o.actionId && o.status === 'done' ? ` (${o.actionId})` : ''}`),
    `${done} of ${outcomes.length} done`,
  ].join('\n');
}

function renderDeployPlan(plan: DeployPlan, previews: readonly DeployPreview[]): string {
  const scripts = new Map<string, string>();
  for (const { step, installer, error } of previews) {
    const key = `${step.target.integrationId} client ${step.target.clientId} (${step.platform})`;
    if (scripts.has(key)) continue;
    if (error !== undefined) scripts.set(key, `  ${key}: no installer: ${error}`);
    else if (installer !== undefined) {
      const script = installer.installScript;
      scripts.set(key, [`  ${key}${installer.expiresAt ? `, valid until ${installer.expiresAt}` : ''}:`, ...(script ? script.body.split('\n').map((l) => `    ${l}`) : [`    no silent install: ${installer.instructions}`])].join('\n'));
    }
  }
  return [
    `Agents to deploy (${plan.steps.length}):`,
    plan.steps.length === 0
      ? '  none'
      : table(['COMPUTER', 'NAME', 'PLATFORM', 'INSTALL', 'INTO CLIENT', 'THROUGH', 'ACTION'], plan.steps.map((s) => [s.computerId, s.name, s.platform, s.target.integrationId, s.target.clientId, `${s.via.integrationId}/${s.via.agentId}`, s.action])),
    ...(scripts.size ? ['', 'Install scripts (token masked):', ...scripts.values()] : []),
    ...(plan.held.length ? ['', `Held back (${plan.held.length}):`, ...plan.held.map((h) => `  ${h.computerId} (${h.integrationId}): ${h.reason}`)] : []),
  ].join('\n');
}

function renderDeployOutcomes(outcomes: readonly DeployOutcome[]): string {
  return [
    ...outcomes.map((o) => `  ${o.status.padEnd(7)} ${o.step.computerId} (${o.step.name}) ← ${o.step.target.integrationId}: ${o.message}${o.actionId && o.status === 'done' ? ` (${o.actionId})` : ''}`),
    `${outcomes.filter((o) => o.status === 'done').length} of ${outcomes.length} done`,
  ].join('\n');
}

/** The options of a reviewed action: a preview by default, `--apply` to act, who decides, JSON. */
function reviewed(command: Command, applies: string): Command {
  return command
    .option('--preview', 'show the plan only (the default)')
    .option('--apply', applies)
    .option('--as <actor>', 'who decides, for the audit log', process.env['USER'] ?? 'cli')
    .option('--json', 'print JSON');
}

export function registerAgents(program: Command): void {
  const agents = program
    .command('agents')
    .description('Every RMM agent: its RMM id, client, last seen, online state and the computer it was identified as')
    .option('-i, --integration <id>', 'only this integration')
    .option('--client <id>', 'only this RMM client (its id in the RMM)')
    .option('--json', 'print JSON')
    .action(async (options: { integration?: string; client?: string; json?: boolean }) =>
      withHub(program, Boolean(options.json), async ({ store }) => {
        const clientNames = new Map((await store.clients.list({ includeGone: true })).map((c) => [`${c.integrationId}\u0000${c.id}`, c.name]));
        const agents: AgentRow[] = [];
        for await (const agent of store.agents.iterate({ ...(options.integration ? { integrationId: options.integration } : {}), ...(options.client ? { clientIds: [options.client] } : {}) })) {
          agents.push({
            integrationId: agent.integrationId,
            agentId: agent.id,
            clientId: agent.clientId,
            clientName: clientNames.get(`${agent.integrationId}\u0000${agent.clientId}`) ?? null,
            hostname: agent.hostname,
            online: agent.online,
            lastSeen: agent.lastSeen ?? null,
            computerId: await store.computers.computerOf({ integrationId: agent.integrationId, agentId: agent.id }) ?? null,
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

  const retire = agents
    .command('retire')
    .description('Retire the stale agents of reinstalled machines through DeleteAgent (a preview unless --apply)')
    .option('--integration <id>', 'only agents of this integration')
    .option('--offline-days <n>', 'retire only agents offline at least this long', '30');
  reviewed(retire, 'dry-run, then delete, each planned agent in its RMM')
    .action(async (options: ActionOptions & { offlineDays: string }, command: Command) => {
      // `agents` declares --integration too, and commander gives a shared option to the parent.
      const integration = command.optsWithGlobals<{ integration?: string }>().integration;
      await withAgentsHub(program, command, options, async (hub) => {
        const plan = await hub.agents.planRetirement({ minOfflineDays: positiveInt('--offline-days', options.offlineDays), ...(integration ? { integrationId: integration } : {}) });
        if (!options.apply) return { value: { plan }, human: () => `${renderRetirementPlan(plan)}\n\nNothing changed. Apply with \`rmm-hub agents retire --apply\`.`, failed: false };
        const outcomes = await hub.agents.retire(plan, { actor: options.as });
        return { value: { plan, outcomes }, human: () => renderOutcomes(outcomes), failed: outcomes.some((o) => o.status === 'failed') };
      });
    });

  const move = agents
    .command('move')
    .description('Move misfiled agents of cross-tenant conflicts to the right client through MoveAgent (a preview unless --apply)')
    .option('--conflict <id>', 'one conflict, decided by a person (with --to-tenant)')
    .option('--to-tenant <id>', 'the tenant the conflict’s machine belongs to')
    .option('--min-peers <n>', 'machines of the other tenant that must share the naming', '3');
  reviewed(move, 'move each planned agent, then identify again')
    .action(async (options: ActionOptions & { conflict?: string; toTenant?: string; minPeers: string }, command: Command) => {
      if (Boolean(options.conflict) !== Boolean(options.toTenant)) {
        throw new ConfigError(options.conflict ? '--to-tenant' : '--conflict', 'is needed with the other', { hint: 'Decide one conflict with --conflict <id> --to-tenant <tenant>, or leave both out for the planned moves.' });
      }
      await withAgentsHub(program, command, options, async (hub) => {
        const plan = options.conflict && options.toTenant
          ? await hub.agents.planMove(options.conflict, options.toTenant, { actor: options.as })
          : await hub.agents.planMoves({ minPeers: positiveInt('--min-peers', options.minPeers) });
        if (!options.apply) return { value: { plan }, human: () => `${renderMovePlan(plan)}\n\nNothing changed. Apply with \`rmm-hub agents move --apply\`.`, failed: false };
        const report = await hub.agents.move(plan, { actor: options.as });
        return {
          value: { plan, ...report },
          human: () => `${renderOutcomes(report.outcomes)}${report.reidentified ? '\nidentified again: see `rmm-hub computers --conflicts`' : ''}`,
          failed: report.outcomes.some((o) => o.status === 'failed'),
        };
      });
    });

  agents
    .command('installer <integration> <client>')
    .description("An installer (download URL or registration token) for the RMM's agent, to join the given client")
    .option('--platform <platform>', 'windows, macos or linux', 'windows')
    .option('--as <actor>', 'who asks, for the audit log', process.env['USER'] ?? 'cli')
    .option('--json', 'print JSON')
    .action(async (integrationId: string, clientId: string, options: ActionOptions & { platform: string }, command: Command) => {
      const platform = AgentPlatform.safeParse(options.platform);
      if (!platform.success) throw new ConfigError('--platform', `"${options.platform}" is not a platform`, { hint: `Use one of: ${AgentPlatform.options.join(', ')}.` });
      await withAgentsHub(program, command, options, async (hub) => {
        const installer = await hub.agents.installer(integrationId, clientId, platform.data, { actor: options.as });
        return {
          value: installer,
          human: () =>
            [
              ...(installer.url ? [`url:     ${installer.url}`] : []),
              ...(installer.token ? [`token:   ${installer.token}`] : []),
              ...(installer.expiresAt ? [`expires: ${installer.expiresAt}`] : []),
              installer.instructions,
            ].join('\n'),
          failed: false,
        };
      });
    });

  const deploy = agents
    .command('deploy')
    .description("Install a computer's missing agent (of an RMM its tenant uses) through the agent it has: GetAgentInstaller, then RunScript (a preview unless --apply)")
    .option('--integration <id>', 'only agents of this RMM');
  reviewed(deploy, 'run each planned install script through the computer’s own agent')
    .action(async (options: ActionOptions, command: Command) => {
      const integration = command.optsWithGlobals<{ integration?: string }>().integration;
      await withAgentsHub(program, command, options, async (hub) => {
        const plan = await hub.agents.planDeploys(integration ? { integrationId: integration } : {});
        if (!options.apply) {
          const previews = await hub.agents.previewDeploys(plan, { actor: options.as });
          return { value: { plan, previews }, human: () => `${renderDeployPlan(plan, previews)}\n\nNothing installed. Apply with \`rmm-hub agents deploy --apply\`.`, failed: false };
        }
        const outcomes = await hub.agents.deploy(plan, { actor: options.as });
        return { value: { plan, outcomes }, human: () => renderDeployOutcomes(outcomes), failed: outcomes.some((o) => o.status === 'failed') };
      });
    });

  agents
    .command('url [integration] [agent]')
    .description("A link to the agent's page in its RMM's web console (AgentUrl); with --computer, one for each agent of the computer")
    .option('--computer <id>', 'every agent of this computer')
    .option('--json', 'print JSON')
    .action(async (integrationId: string | undefined, agentId: string | undefined, options: { computer?: string; json?: boolean }, command: Command) => {
      if (Boolean(options.computer) === Boolean(integrationId && agentId)) {
        throw new UsageError(options.computer ? 'give either --computer or <integration> <agent>, not both' : 'which agent?', { hint: 'e.g. `rmm-hub agents url automate 4711`, or `rmm-hub agents url --computer <id>`.' });
      }
      await withAgentsHub(program, command, { as: 'cli' }, async (hub) => {
        const links = options.computer
          ? await hub.agents.urlsOf(options.computer)
          : [{ integrationId: integrationId as string, agentId: agentId as string, hostname: (await hub.store.agents.get(integrationId as string, agentId as string))?.hostname ?? '?', url: await hub.agents.url({ integrationId: integrationId as string, agentId: agentId as string }) }];
        return {
          value: { links },
          human: () => links.map((l) => `${l.integrationId}/${l.agentId} (${l.hostname}): ${l.url ?? `no link: ${l.error ?? ''}`}`).join('\n'),
          failed: false,
        };
      }, 'read');
    });

  agents
    .command('move-undo <actionId>')
    .description("Move an agent back where a move found it (the action id is in the computer's timeline)")
    .option('--as <actor>', 'who decides, for the audit log', process.env['USER'] ?? 'cli')
    .option('--json', 'print JSON')
    .action(async (actionId: string, options: ActionOptions, command: Command) =>
      withAgentsHub(program, command, { ...options, apply: true }, async (hub) => {
        const outcome = await hub.agents.undoMove(actionId, { actor: options.as });
        return { value: outcome, human: () => renderOutcomes([outcome]), failed: outcome.status !== 'done' };
      }),
    );
}
