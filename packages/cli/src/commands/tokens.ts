/**
 * `rmm-hub tokens create|list|revoke`: the API tokens `rmm-hub serve` accepts. A new token's
 * secret is printed once and never again (only its hash is stored); the name is what the audit
 * log records for everything the token does.
 */
import type { Command } from 'commander';

import { API_TOKEN_ROLES, type ApiTokenRecord } from '@rmm-hub/core';
import type { ApiTokens } from '@rmm-hub/server';

import { openHub } from '../context.js';
import { hostOptions, openConfig } from '../global-options.js';
import { createOutput, table } from '../output.js';

async function withTokens(program: Command, json: boolean, access: 'read' | 'write', work: (tokens: ApiTokens) => Promise<{ value: object; human: () => string }>): Promise<void> {
  const { loaded } = openConfig(program);
  const hub = await openHub(loaded, hostOptions(program, access));
  try {
    // Loaded here, not at start-up: the server package brings Fastify, which no other command needs.
    const { ApiTokens } = await import('@rmm-hub/server');
    const { value, human } = await work(new ApiTokens(hub.store));
    createOutput(json, hub.redactor).result(value, human);
  } finally {
    await hub.close();
  }
}

const describeToken = (t: ApiTokenRecord): string => `${t.name} (${t.role}, ${t.id})`;

export function registerTokens(program: Command): void {
  const tokens = program.command('tokens').description('API tokens for `rmm-hub serve`: create (shown once), list, revoke');

  tokens
    .command('create')
    .description('Create an API token; its secret is printed once, only a hash is kept')
    .requiredOption('--name <name>', 'who holds it: the actor the audit log records')
    .requiredOption('--role <role>', `what it may do: ${API_TOKEN_ROLES.join(' | ')} (viewers read, operators also decide, admins also run scripts)`)
    .option('--json', 'print JSON')
    .action(async (options: { name: string; role: string; json?: boolean }) =>
      withTokens(program, Boolean(options.json), 'write', async (store) => {
        const { token, secret } = await store.create({ name: options.name, role: options.role });
        return {
          value: { token, secret },
          human: () => [`Created ${describeToken(token)}. Its secret, shown this once:`, '', `  ${secret}`, '', 'Send it as `Authorization: Bearer <secret>`, or paste it to sign in to the console.'].join('\n'),
        };
      }),
    );

  tokens
    .command('list')
    .description('The API tokens, revoked ones included (never their secrets)')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) =>
      withTokens(program, Boolean(options.json), 'read', async (store) => {
        const list = await store.list();
        return {
          value: { tokens: list },
          human: () =>
            list.length === 0
              ? 'No API tokens yet; create one with `rmm-hub tokens create --name <name> --role viewer|operator|admin`.'
              : table(
                  ['ID', 'NAME', 'ROLE', 'CREATED', 'LAST USED', 'REVOKED'],
                  list.map((t) => [t.id, t.name, t.role, t.createdAt, t.lastUsedAt ?? '-', t.revokedAt ?? '-']),
                ),
        };
      }),
    );

  tokens
    .command('revoke')
    .description('Revoke an API token by id or name: it signs nobody in from now on, browser sessions included')
    .argument('<token>', 'the id or name of the token')
    .option('--json', 'print JSON')
    .action(async (idOrName: string, options: { json?: boolean }) =>
      withTokens(program, Boolean(options.json), 'write', async (store) => {
        const token = await store.revoke(idOrName);
        return { value: { token }, human: () => `Revoked ${describeToken(token)} at ${token.revokedAt ?? ''}.` };
      }),
    );
}
