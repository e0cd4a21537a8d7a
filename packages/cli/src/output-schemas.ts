/**
 * The `--json` contract: the shape of every command's JSON document, as zod schemas. They are
 * published as JSON Schema (`rmm-hub schema output <command>`) and the tests validate each
 * command's real output against them. Objects are open (`looseObject`): adding a field keeps
 * OUTPUT_SCHEMA_VERSION; removing one or changing its meaning raises it.
 */
import { HealthReport, IntegrationInfoSchema } from '@rmm-hub/core';
import { z } from 'zod';

import { OUTPUT_SCHEMA_VERSION } from './output-schema-version.js';

const ErrorSummary = z.looseObject({ code: z.string(), message: z.string(), hint: z.string().optional() });
const Instant = z.string().describe('ISO 8601 instant');

function document<T extends z.core.$ZodLooseShape>(shape: T, description: string) {
  return z.looseObject({ schemaVersion: z.literal(OUTPUT_SCHEMA_VERSION), ...shape }).describe(description);
}

const IntegrationInfo = IntegrationInfoSchema;

const ApiToken = z.looseObject({
  id: z.string(),
  name: z.string(),
  role: z.enum(['viewer', 'operator', 'admin']),
  createdAt: Instant,
  lastUsedAt: Instant.optional(),
  revokedAt: Instant.optional(),
});

const AgentRef = z.looseObject({ integrationId: z.string(), agentId: z.string() });
const ActionOutcome = z.looseObject({
  status: z.enum(['done', 'failed', 'skipped', 'manual']),
  step: z.looseObject({ agent: AgentRef }),
  message: z.string(),
  actionId: z.string().optional(),
});

const DeployStep = z.looseObject({
  computerId: z.string(),
  name: z.string(),
  platform: z.enum(['windows', 'macos', 'linux']),
  target: z.looseObject({ integrationId: z.string(), clientId: z.string() }),
  via: AgentRef,
  action: z.enum(['deploy', 'manual']),
  reason: z.string(),
});
const MaskedInstaller = z.looseObject({
  url: z.string().optional(),
  token: z.string().optional().describe('Masked: its last four characters'),
  expiresAt: Instant.optional(),
  instructions: z.string(),
  installScript: z.looseObject({ language: z.string(), body: z.string() }).optional().describe('The token masked in it'),
});

const SyncedIntegration = z.looseObject({
  integrationId: z.string(),
  runId: z.string(),
  status: z.enum(['succeeded', 'partial', 'failed', 'cancelled', 'interrupted']),
  counts: z.record(z.string(), z.number()),
  durationMs: z.number(),
  error: ErrorSummary.optional(),
  warnings: z.array(z.string()),
});
const UnsyncedIntegration = z.looseObject({ integrationId: z.string(), status: z.enum(['refused', 'disabled']), error: ErrorSummary.optional() });

const SyncReport = document(
  {
    startedAt: Instant,
    finishedAt: Instant,
    durationMs: z.number(),
    integrations: z.array(z.union([SyncedIntegration, UnsyncedIntegration])).describe('Every configured integration: synced, refused (with why) or disabled'),
    identification: z.looseObject({ agents: z.number(), computers: z.number(), conflicts: z.number(), needsIdentity: z.number(), identityScriptsRun: z.number(), written: z.number() }).optional(),
    identificationError: ErrorSummary.optional(),
    identificationRoundErrors: z
      .array(z.looseObject({ tenantIds: z.array(z.string()), error: ErrorSummary }))
      .optional()
      .describe('Rounds of identification during the listing that failed; their tenants were tried again at the end'),
    rowsWritten: z.number(),
  },
  'rmm-hub sync --json: one report per run (with --watch, one per line of output)',
);

const ClientRef = { integrationId: z.string(), clientId: z.string() };

const HealthView = z.looseObject({ status: z.enum(['healthy', 'degraded', 'unhealthy']), checkedAt: Instant, ageSeconds: z.number(), stale: z.boolean(), problems: z.array(z.string()) });

const ComputerSummary = z.looseObject({ id: z.string(), tenantId: z.string(), name: z.string() });
const Conflict = z.looseObject({ id: z.string(), kind: z.string(), key: z.string(), detail: z.string(), computerIds: z.array(z.string()), tenantIds: z.array(z.string()) });
const Decision = z.looseObject({ id: z.string(), kind: z.string(), integrationId: z.string(), clientId: z.string() });

/** Output schemas by command, as typed after `rmm-hub`. */
export const OUTPUT_SCHEMAS = {
  sync: SyncReport,
  check: document(
    {
      ok: z.boolean().describe('False when any integration was refused or is unhealthy'),
      config: z.looseObject({ path: z.string(), valid: z.literal(true) }),
      integrations: z.array(IntegrationInfo.extend({ health: HealthReport.optional(), healthError: ErrorSummary.optional() })),
    },
    'rmm-hub check --json',
  ),
  status: document(
    {
      integrations: z.array(
        z.looseObject({
          id: z.string(),
          plugin: z.string(),
          state: z.enum(['ready', 'refused', 'disabled']),
          error: ErrorSummary.optional(),
          health: HealthView.nullable().describe('The last health check (from check or sync), its age, and whether it is stale'),
          lastSync: z.looseObject({ status: z.string(), startedAt: Instant, finishedAt: Instant.nullable(), error: z.unknown() }).nullable(),
          clients: z.number(),
          agents: z.number(),
          links: z.number(),
        }),
      ),
      totals: z.looseObject({ tenants: z.number(), computers: z.number(), suggestions: z.number(), unlinked: z.number() }),
      openConflicts: z.looseObject({ total: z.number(), byKind: z.record(z.string(), z.number()) }),
      warnings: z.array(z.looseObject({ message: z.string() })),
    },
    'rmm-hub status --json',
  ),
  'sync --enqueue': document(
    { enqueued: z.array(z.looseObject({ integrationId: z.string(), queued: z.boolean().describe('false: a sync of it was already waiting, and this request merged into it') })) },
    'rmm-hub sync --enqueue --json: the sync jobs asked of the workers',
  ),
  'check --enqueue': document(
    { enqueued: z.array(z.looseObject({ integrationId: z.string(), queued: z.boolean().describe('false: a health check of it was already waiting, and this request merged into it') })) },
    'rmm-hub check --enqueue --json: the health-check jobs asked of the workers',
  ),
  jobs: document(
    {
      jobs: z.array(
        z.looseObject({
          id: z.string(),
          integrationId: z.string().nullable().describe('The integration a sync or health check is for; null for the rest'),
          computerId: z.string().nullable().describe('The computer a script runs on; null for the rest'),
          tenantId: z.string().nullable().describe('The tenant an identification is for; null for the rest'),
          kind: z
            .enum(['sync', 'health', 'script', 'identify'])
            .describe("sync: the integration listed; health: its health check run and recorded; script: a script run on a computer; identify: the tenant's agents identified into computers once the syncs feeding it had ended"),
          state: z.enum(['created', 'retry', 'active', 'completed', 'cancelled', 'failed']),
          retryCount: z.number(),
          retryLimit: z.number(),
          createdOn: Instant,
          startedOn: Instant.nullable(),
          completedOn: Instant.nullable(),
          startAfter: Instant.describe('When a job waiting to retry may run again'),
          output: z
            .union([
              z.looseObject({
                status: z.string(),
                durationMs: z.number(),
                rowsWritten: z.number().optional().describe('sync jobs'),
                waitingFor: z.array(z.string()).optional().describe('identify jobs that did nothing: the integrations whose sync was waiting or running, which asks for the identification again when it ends'),
              }),
              z.looseObject({ error: ErrorSummary }),
            ])
            .nullable(),
        }),
      ),
    },
    'rmm-hub jobs --json: the jobs on the queue, newest first',
  ),
  'db status': document(
    { kind: z.enum(['sqlite', 'postgres']), location: z.string(), version: z.number(), latest: z.number(), pending: z.array(z.looseObject({ version: z.number(), name: z.string() })) },
    "rmm-hub db status --json: the store's schema version, this rmm-hub's, and what is still to apply",
  ),
  'db migrate': document(
    {
      kind: z.enum(['sqlite', 'postgres']), location: z.string(), from: z.number(), version: z.number(), latest: z.number(),
      applied: z.array(z.looseObject({ version: z.number(), name: z.string() })), pending: z.array(z.unknown()),
    },
    'rmm-hub db migrate --json: the migrations applied (none when the store was up to date)',
  ),
  'db copy': document(
    {
      from: z.string(), to: z.string().describe('postgres://user@host:port/database (schema …): never the password'), schema: z.string(), replaced: z.boolean(),
      tables: z.array(z.looseObject({ name: z.string(), rows: z.number(), digest: z.string().describe("SHA-256 of the table's rows in canonical form, equal on both stores") })),
      rows: z.number(), durationMs: z.number(),
    },
    'rmm-hub db copy --json: the tables copied into PostgreSQL, each with its row count and the digest both stores agree on',
  ),
  plugins: document(
    {
      plugins: z.array(z.looseObject({ id: z.string(), version: z.string(), apiVersion: z.number(), capabilities: z.array(z.string()), displayName: z.string(), package: z.string(), origin: z.string(), configFields: z.array(z.looseObject({ name: z.string(), type: z.string(), required: z.boolean(), secret: z.boolean() })) })),
      refused: z.array(z.looseObject({ source: z.string(), code: z.string(), reason: z.string(), hint: z.string().nullable() })),
    },
    'rmm-hub plugins --json: the plugins loaded, and those refused with why',
  ),
  agents: document(
    {
      agents: z.array(
        z.looseObject({
          integrationId: z.string(),
          agentId: z.string().describe("The RMM's id for the agent"),
          clientId: z.string(),
          clientName: z.string().nullable(),
          hostname: z.string(),
          online: z.boolean(),
          lastSeen: Instant.nullable(),
          computerId: z.string().nullable().describe('The computer it was identified as; null until identified'),
        }),
      ),
    },
    'rmm-hub agents --json',
  ),
  links: document(
    {
      links: z.array(z.looseObject({ ...ClientRef, clientName: z.string(), within: z.object({ clientId: z.string(), clientName: z.string() }).optional().describe('For a link of a site or location: the client it belongs to'), tenantId: z.string(), tenantName: z.string(), source: z.enum(['auto', 'manual']) })),
      suggestions: z.array(z.looseObject({ ...ClientRef, clientName: z.string(), tenantId: z.string(), tenantName: z.string(), score: z.number() })),
      unlinked: z.array(z.looseObject({ ...ClientRef, name: z.string() })),
      keptSeparate: z.array(z.looseObject({ ...ClientRef, clientName: z.string() })),
      warnings: z.array(z.looseObject({ message: z.string() })),
    },
    'rmm-hub links --json',
  ),
  'links accept': document({ decision: Decision, superseded: z.unknown() }, 'rmm-hub links accept|reject|keep-separate|unlink --json'),
  'tokens create': document({ token: ApiToken, secret: z.string().describe('The only copy: store it now') }, 'rmm-hub tokens create --json'),
  'tokens list': document({ tokens: z.array(ApiToken) }, 'rmm-hub tokens list --json'),
  'tokens revoke': document({ token: ApiToken }, 'rmm-hub tokens revoke --json'),
  computers: z.union([
    document({ computers: z.array(ComputerSummary.extend({ agents: z.number(), staleAgents: z.number(), needsIdentity: z.number(), openConflicts: z.number() })) }, 'rmm-hub computers --json'),
    document({ conflicts: z.array(Conflict) }, 'rmm-hub computers --conflicts --json'),
  ]),
  computer: document(
    {
      computer: ComputerSummary,
      agents: z.array(z.looseObject({ agent: z.looseObject({ integrationId: z.string(), agentId: z.string() }), stale: z.boolean(), needsIdentity: z.boolean(), evidence: z.unknown() })),
      conflicts: z.array(z.looseObject({ id: z.string(), kind: z.string(), status: z.string(), detail: z.string() })),
      timeline: z.array(z.looseObject({ at: Instant, kind: z.string(), summary: z.string(), opId: z.string() })).optional(),
    },
    'rmm-hub computer <id> --json',
  ),
  'run-script': document(
    {
      integrationId: z.string(),
      agentId: z.string(),
      result: z.looseObject({ status: z.string(), exitCode: z.number().nullable().optional(), output: z.string(), durationMs: z.number() }),
      attempts: z.array(
        z.looseObject({
          integrationId: z.string(),
          status: z.string(),
          maintenance: z.enum(['on-off', 'unsupported', 'left-on']).optional().describe('With --maintenance: switched on and off; no maintenance mode in that RMM; could not be switched off'),
        }),
      ),
    },
    'rmm-hub run-script --json',
  ),
  'agents retire': document(
    {
      plan: z.looseObject({
        minOfflineDays: z.number(),
        steps: z.array(z.looseObject({ computerId: z.string(), agent: AgentRef, keep: z.looseObject({ agentId: z.string() }), action: z.string(), reason: z.string() })),
        held: z.array(z.looseObject({ computerId: z.string(), agent: AgentRef, reason: z.string() })),
      }),
      outcomes: z.array(ActionOutcome).optional().describe('With --apply: what each step did'),
    },
    'rmm-hub agents retire --json: the plan, and with --apply what each step did',
  ),
  'agents move': document(
    {
      plan: z.looseObject({
        steps: z.array(z.looseObject({ computerId: z.string(), agent: AgentRef, from: z.looseObject({ clientId: z.string() }), to: z.looseObject({ clientId: z.string(), tenantId: z.string() }), action: z.string(), reason: z.string() })),
        held: z.array(z.looseObject({ conflictId: z.string(), reason: z.string() })),
      }),
      outcomes: z.array(ActionOutcome).optional().describe('With --apply: what each step did'),
    },
    'rmm-hub agents move --json: the plan, and with --apply what each step did',
  ),
  'agents move-undo': document(ActionOutcome.shape, 'rmm-hub agents move-undo <actionId> --json'),
  'agents installer': document(
    { url: z.string().optional(), token: z.string().optional(), expiresAt: Instant.optional(), instructions: z.string() },
    'rmm-hub agents installer <integration> <client> --json',
  ),
  'agents deploy': document(
    {
      plan: z.looseObject({
        steps: z.array(DeployStep),
        held: z.array(z.looseObject({ computerId: z.string(), integrationId: z.string(), reason: z.string() })),
      }),
      previews: z
        .array(z.looseObject({ step: DeployStep, installer: MaskedInstaller.optional(), error: z.string().optional() }))
        .optional()
        .describe('Without --apply: the installer each step would use, its token masked'),
      outcomes: z.array(ActionOutcome.extend({ step: DeployStep })).optional().describe('With --apply: what each step did'),
    },
    'rmm-hub agents deploy --json: the plan, and the masked installers (preview) or what each step did (--apply)',
  ),
  'agents url': document(
    {
      links: z.array(z.looseObject({ integrationId: z.string(), agentId: z.string(), hostname: z.string(), url: z.string().optional(), error: z.string().optional().describe('Why the agent has no link') })),
    },
    "rmm-hub agents url --json: each agent's page in its RMM's web console",
  ),
  sim: document({ ncentral: z.looseObject({ url: z.string() }), automate: z.looseObject({ url: z.string() }), config: z.string(), dir: z.string() }, 'rmm-hub sim --json'),
  error: document({ error: ErrorSummary.extend({ context: z.record(z.string(), z.unknown()).optional() }) }, 'Any command with --json that fails: the error, with its code and hint'),
} as const satisfies Record<string, z.ZodType>;

export type OutputCommand = keyof typeof OUTPUT_SCHEMAS;

export function outputJsonSchema(command: OutputCommand): Record<string, unknown> {
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', title: `rmm-hub ${command} --json`, ...(z.toJSONSchema(OUTPUT_SCHEMAS[command], { io: 'output', unrepresentable: 'any' }) as Record<string, unknown>) };
}
