import type { Command } from 'commander';

import { UsageError } from '@rmm-hub/core';

import type { RmmHub } from '@rmm-hub/hub';

import { openHub } from '../context.js';
import { hostOptions, openConfig } from '../global-options.js';
import { createOutput, table } from '../output.js';


export type Options = { json?: boolean; as: string; reason?: string };

/**
 * Runs `work` with a hub and prints its result; closes the hub whatever happens.
 * `access: 'read'` (the default) is for commands that change nothing: they never create the database.
 */
export async function withHub(
  program: Command,
  json: boolean,
  work: (hub: RmmHub) => Promise<{ value: object; human: () => string }> | { value: object; human: () => string },
  access: 'read' | 'write' = 'read',
): Promise<void> {
  const { loaded } = openConfig(program);
  const hub = await openHub(loaded, hostOptions(program, access));
  try {
    const { value, human } = await work(hub);
    createOutput(json, hub.redactor).result(value, human);
  } finally {
    await hub.close();
  }
}

/**
 * `--json` anywhere on the line: commander gives an option that both a command and its
 * subcommand declare (`links --json`, `links accept --json`) to the parent.
 */
export function wantsJson(command: Command): boolean {
  return Boolean(command.optsWithGlobals<{ json?: boolean }>().json);
}

export function registerLinks(program: Command): void {
  const links = program
    .command('links')
    .description('Tenant links: links, suggestions with their reasons, and unlinked clients')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) =>
      withHub(program, Boolean(options.json), async (hub) => {
        const view = await hub.links.view();
        return {
          value: view,
          human: () =>
            [
              ...view.warnings.map((w) => `warning: ${w.message}${w.hint ? `\n  hint: ${w.hint}` : ''}`),
              `Links (${view.links.length}):`,
              table(
                ['INTEGRATION', 'CLIENT', 'NAME', 'TENANT', 'SOURCE', 'SCORE'],
                view.links.map((l) => [
                  l.integrationId,
                  l.within ? `${l.clientId} (in ${l.within.clientId})` : l.clientId,
                  l.within ? `${l.clientName} (${l.within.clientName})` : l.clientName,
                  `${l.tenantName} (${l.tenantId})`,
                  l.source,
                  l.score?.toFixed(3) ?? '',
                ]),
              ),
              '',
              `Suggestions to review (${view.suggestions.length}):`,
              ...view.suggestions.map((s) => `  ${s.integrationId}/${s.clientId} "${s.clientName}" → ${s.tenantName} (${s.tenantId}) score ${s.score.toFixed(3)}${s.heldBack ? ` [held back: ${s.heldBack}]` : ''}\n    ${s.reasons.map((r) => `${r.kind}: ${r.detail}`).join('; ')}`),
              '',
              `Unlinked clients (${view.unlinked.length}):`,
              ...view.unlinked.map((u) => `  ${u.integrationId}/${u.clientId} "${u.name}" (${u.kind})`),
              `Kept separate: ${view.keptSeparate.length}`,
            ].join('\n'),
        };
      }),
    );

  const decide = (name: 'accept' | 'reject' | 'keep-separate' | 'unlink', description: string, takesTenant: boolean): void => {
    const command = links
      .command(`${name} <integration> <client>${takesTenant ? ' [tenant]' : ''}`)
      .description(description)
      .option('--as <actor>', 'who decides, for the audit log', process.env['USER'] ?? 'cli')
      .option('--reason <text>', 'why, for the audit log')
      .option('--site <site>', "one N-central site of the client (its id or name): the decision is about the site, whose link decides its devices' tenant before the customer's")
      .option('--location <location>', "one Automate location of the client (its id or name): the decision is about the location, whose link decides its computers' tenant before the client's")
      .option('--json', 'print JSON');
    command.action(async (integrationId: string, clientId: string, ...rest: unknown[]) => {
      const tenantId = takesTenant && typeof rest[0] === 'string' ? rest[0] : undefined;
      const options = (takesTenant ? rest[1] : rest[0]) as Options & { site?: string; location?: string };
      if (options.site !== undefined && options.location !== undefined) throw new UsageError('give --site or --location, not both', { hint: 'Both name a group of the client: --site for an N-central site, --location for an Automate location.' });
      const group = options.site ?? options.location;
      await withHub(program, wantsJson(rest.at(-1) as Command), async (hub) => {
        const input = { integrationId, clientId, actor: options.as, reason: options.reason, ...(tenantId ? { tenantId } : {}), ...(group === undefined ? {} : { group }) };
        const outcome =
          name === 'accept' ? await hub.links.accept(input) : name === 'reject' ? await hub.links.reject(input) : name === 'keep-separate' ? await hub.links.keepSeparate(input) : await hub.links.unlink(input);
        return {
          value: { decision: outcome.decision, superseded: outcome.superseded },
          human: () => `recorded ${outcome.decision.kind} for ${integrationId}/${outcome.decision.clientId}${outcome.decision.tenantId ? ` → ${outcome.decision.tenantId}` : ''} (decision ${outcome.decision.id}; revoke with \`rmm-hub links revoke ${outcome.decision.id}\`)`,
        };
      }, 'write');
    });
  };
  decide('accept', 'Link a client to a tenant (the suggested one when no tenant is given)', true);
  decide('reject', 'Reject a suggestion: never suggest this tenant for this client again', true);
  decide('keep-separate', 'Keep a client unlinked for good: it is never suggested again', false);
  decide('unlink', 'Remove a link and stop it from coming back automatically', false);

  links
    .command('revoke <decision>')
    .description('Revoke an earlier decision (the audit log keeps both)')
    .option('--as <actor>', 'who decides, for the audit log', process.env['USER'] ?? 'cli')
    .option('--reason <text>', 'why, for the audit log')
    .option('--json', 'print JSON')
    .action(async (decisionId: string, options: Options, command: Command) =>
      withHub(program, wantsJson(command), async (hub) => {
        const { decision } = await hub.links.revoke({ decisionId, actor: options.as, reason: options.reason });
        return { value: decision, human: () => `revoked ${decision.kind} decision ${decision.id}` };
      }, 'write'),
    );

  const tenants = program.command('tenants').description('Platform tenants');
  tenants
    .command('create-from-unlinked')
    .description('Create a tenant for every unlinked client: --preview shows the plan, --apply writes it')
    .option('--preview', 'show what would be created; write nothing')
    .option('--apply', 'create the tenants and link them')
    .option('--include-suggested', 'also clients that have suggestions')
    .option('--as <actor>', 'who decides, for the audit log', process.env['USER'] ?? 'cli')
    .option('--json', 'print JSON')
    .action(async (options: Options & { preview?: boolean; apply?: boolean; includeSuggested?: boolean }) => {
      if (Boolean(options.preview) === Boolean(options.apply)) {
        throw new UsageError('pass exactly one of --preview or --apply', { hint: 'Run with --preview first, read the plan, then --apply.' });
      }
      await withHub(program, Boolean(options.json), async (hub) => {
        const plan = options.apply
          ? await hub.links.createTenants({ actor: options.as, includeSuggested: options.includeSuggested })
          : await hub.links.previewCreateTenants({ includeSuggested: options.includeSuggested });
        return {
          value: { applied: Boolean(options.apply), tenants: plan.tenants, skipped: plan.skipped },
          human: () =>
            [
              `${options.apply ? 'Created' : 'Would create'} ${plan.tenants.length} tenants${options.apply ? '' : ' (nothing written; run with --apply)'}:`,
              ...plan.tenants.map((t) => `  ${t.id}  ${t.name}  ← ${t.clients.map((c) => `${c.integrationId}/${c.clientId}`).join(', ')}`),
              ...(plan.skipped.length ? [`Skipped ${plan.skipped.length}:`, ...plan.skipped.map((s) => `  ${s.integrationId}/${s.clientId} "${s.name}": ${s.why}`)] : []),
            ].join('\n'),
        };
      }, options.apply ? 'write' : 'read');
    });
}
