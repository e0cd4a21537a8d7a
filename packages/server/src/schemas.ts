/**
 * The zod schemas of what the API answers and takes, shared by the routes and, through them,
 * the OpenAPI document. Records the facade returns are open objects (`looseObject`): the fields
 * listed are the contract, and a field added to a record later shows up without breaking it.
 */
import { HealthReport, IntegrationInfoSchema } from '@rmm-hub/core';
import { z } from 'zod';

export const Instant = z.string().describe('ISO 8601 instant');
export const Ok = z.object({ ok: z.literal(true) });

/** Every error answer (4xx, 5xx). */
export const Problem = z
  .object({
    code: z.string().describe('Stable RMM_ERR_* code'),
    message: z.string().describe('What was wrong'),
    hint: z.string().optional().describe('How to fix it'),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional().describe('Where the request does not match its schema'),
  });

export const ErrorSummary = z.looseObject({ code: z.string(), message: z.string(), hint: z.string().optional() });
export const Reason = z.looseObject({ kind: z.string(), weight: z.number().optional(), detail: z.string() });
export const ClientRef = z.object({ integrationId: z.string().min(1), clientId: z.string().min(1) });
export const AgentRef = z.looseObject({ integrationId: z.string(), agentId: z.string() });

/** What a person sends with a decision: why, for the audit log. */
export const DecisionReason = z.object({ reason: z.string().max(1000).optional().describe('Why, for the audit log') });

/** `true`/`false` in a query string. */
export const QueryFlag = z
  .enum(['true', 'false'])
  .optional()
  .transform((v) => v === 'true');

export const Integration = IntegrationInfoSchema.extend({ lastHealth: HealthReport.optional(), lastSyncAt: Instant.optional() });

export const SyncRun = z.looseObject({
  id: z.string(),
  integrationId: z.string(),
  startedAt: Instant,
  finishedAt: Instant.optional(),
  status: z.enum(['running', 'succeeded', 'failed', 'partial', 'interrupted']),
  counts: z.record(z.string(), z.number()),
  error: ErrorSummary.optional(),
});

export const SyncEvent = z
  .looseObject({ event: z.enum(['sync:started', 'sync:progress', 'sync:finished', 'sync:failed']), integrationId: z.string() })
  .describe('Each event is `event: <name>` with `data:` this object as JSON');

export const Client = z.looseObject({
  integrationId: z.string(),
  id: z.string(),
  name: z.string(),
  parentId: z.string().optional(),
  firstSeenAt: Instant,
  goneAt: Instant.optional(),
});

export const Link = z.looseObject({
  integrationId: z.string(),
  clientId: z.string(),
  clientName: z.string(),
  tenantId: z.string(),
  tenantName: z.string(),
  source: z.enum(['auto', 'manual']),
  score: z.number().optional(),
  reasons: z.array(Reason),
});

export const Suggestion = z.looseObject({
  integrationId: z.string(),
  clientId: z.string(),
  clientName: z.string(),
  tenantId: z.string(),
  tenantName: z.string(),
  score: z.number(),
  rank: z.number(),
  reasons: z.array(Reason).describe('The evidence: name similarity, PSA company id, domains, device overlap'),
});

export const Decision = z.looseObject({
  id: z.string(),
  integrationId: z.string(),
  clientId: z.string(),
  kind: z.enum(['link', 'unlink', 'keep-separate', 'reject-suggestion']),
  tenantId: z.string().optional(),
  actor: z.string(),
  reason: z.string().optional(),
  decidedAt: Instant,
  revokedAt: Instant.optional(),
  revokedBy: z.string().optional(),
});

export const DecisionAnswer = z.looseObject({ decision: Decision, superseded: z.array(z.string()).optional() });

export const PlannedTenant = z.looseObject({
  id: z.string(),
  name: z.string(),
  domains: z.array(z.string()),
  clients: z.array(z.looseObject({ integrationId: z.string(), clientId: z.string(), name: z.string() })),
});
export const TenantCreationPlan = z.looseObject({
  tenants: z.array(PlannedTenant),
  skipped: z.array(z.looseObject({ integrationId: z.string(), clientId: z.string(), name: z.string(), why: z.string() })),
});

export const Computer = z.looseObject({
  id: z.string(),
  tenantId: z.string(),
  name: z.string(),
  createdAt: Instant,
  osInstallDate: z.string().optional(),
  retiredAt: Instant.optional(),
});
export const ComputerSummary = Computer.extend({ agents: z.number(), staleAgents: z.number(), needsIdentity: z.number(), openConflicts: z.number() });

export const Conflict = z.looseObject({
  id: z.string(),
  kind: z.string(),
  tenantIds: z.array(z.string()),
  key: z.string(),
  computerIds: z.array(z.string()),
  ambiguousAgents: z.array(AgentRef),
  detail: z.string(),
  status: z.enum(['open', 'resolved', 'cleared']),
  resolution: z.string().optional(),
  resolvedBy: z.string().optional(),
  resolvedAt: Instant.optional(),
  firstSeenAt: Instant,
  updatedAt: Instant,
});

export const TimelineEntry = z.looseObject({ seq: z.number(), computerId: z.string(), at: Instant, kind: z.string(), opId: z.string(), summary: z.string() });

export const ComputerDetail = z.looseObject({
  computer: Computer,
  agents: z.array(
    z.looseObject({
      agent: AgentRef,
      evidence: z.looseObject({}).describe('Why the agent is identified as this computer: the keys it matched on'),
      stale: z.boolean(),
      needsIdentity: z.boolean(),
      linkedAt: Instant,
    }),
  ),
  conflicts: z.array(Conflict),
  timeline: z.array(TimelineEntry).optional(),
});

export const DecisionOutcome = z.looseObject({ opId: z.string(), computerIds: z.array(z.string()), changes: z.number() });

export const AuditEntry = z.looseObject({
  seq: z.number(),
  at: Instant,
  actor: z.string(),
  action: z.string(),
  subject: z.string(),
  reason: z.string().optional(),
  details: z.record(z.string(), z.unknown()),
});

export const ScriptRequest = z.object({
  language: z.enum(['powershell', 'cmd', 'bash']),
  body: z.string().min(1).max(100_000),
  parameters: z.record(z.string(), z.string()).optional(),
  timeoutMs: z.number().int().positive().max(3_600_000).optional(),
  integrationId: z.string().optional().describe('Only through this integration'),
  maintenance: z.boolean().optional().describe("Put the agent in its RMM's maintenance mode for the run"),
});

export const ScriptOutcome = z.looseObject({
  computerId: z.string(),
  integrationId: z.string(),
  agentId: z.string(),
  result: z.looseObject({ status: z.string(), exitCode: z.number().nullable().optional(), output: z.string().optional() }),
  attempts: z.array(z.looseObject({ runId: z.string(), integrationId: z.string(), agentId: z.string(), status: z.string() })),
});

export const SessionInfo = z.object({
  name: z.string(),
  role: z.enum(['viewer', 'operator', 'admin']),
  csrfToken: z.string().optional().describe('Send it in the x-csrf-token header with every request that changes something'),
});
