/**
 * The identification driver: a run's tenants in order, each one's agents from the source
 * through `identifyTenant`, then the cross-tenant check over what the tenants saw. What the
 * previous run left and what becomes of each tenant's part are the caller's: the engine answers
 * from memory and collects the parts; the service reads the store and writes them. A tenant's
 * part is let go once it is kept, so a run holds one tenant at a time.
 */
import type { PreparedAgent } from './agent-keys.js';
import type { AgentSource } from './agent-sources.js';
import { crossTenantConflicts, type CrossTenantObservation } from './conflict-detection.js';
import type { IdentificationConfig } from './identification.config.js';
import type { ConflictResult } from './identification.types.js';
import type { IdentificationPlan } from './identifier-survey.js';
import type { KnownBadRegistry } from './known-bad-registry.js';
import { identifyTenant, type PriorLookup, type TenantIdentification } from './tenant-identification.js';

/** What a run does for one tenant. */
export interface TenantStep {
  /** What the previous run left, as the tenant's identification asks for it. */
  prior: PriorLookup;
  /** What becomes of the tenant's part when it is the run's (see {@link IdentificationRun.concerns}): written, or collected. */
  keep(part: TenantIdentification): Promise<void> | void;
}

/** One run, as its caller sets it up. */
export interface IdentificationRun {
  source: AgentSource;
  /** From the survey of the source's spread (`identificationPlan`). */
  plan: IdentificationPlan;
  registry: KnownBadRegistry;
  /** Matching reads its `trustedVendors`. */
  config: IdentificationConfig;
  /** The tenants to identify, in the order computer ids are given out. */
  tenants: readonly string[];
  /**
   * Whether what concerns `tenantIds` is this run's. A tenant that is not is still identified,
   * for what it shows the cross-tenant check, but its part is not kept; a conflict among
   * tenants none of which is the run's is left out. Every tenant is, by default.
   */
  concerns?: (tenantIds: readonly string[]) => boolean;
  /** The step for a tenant, given its agents (vetted, in key order), just before it is identified. */
  tenant(tenantId: string, agents: readonly PreparedAgent[]): Promise<TenantStep> | TenantStep;
}

/** What a run found beyond the parts it kept. */
export interface IdentificationRunOutcome {
  /** The conflicts of the tenants the run concerns, their own and cross-tenant ones, by id. */
  conflicts: ConflictResult[];
  /** Agents of the tenants the run concerns. */
  agents: number;
  /** Time reading each tenant's agents and prior state, summed over the tenants. */
  readMs: number;
  /** Time identifying the tenants and checking across them. */
  identifyMs: number;
}

/** Runs `run.tenants` one at a time from `run.source`, then checks across them. */
export async function runIdentification(run: IdentificationRun): Promise<IdentificationRunOutcome> {
  const { source, plan, concerns = () => true } = run;
  const shared = { registry: run.registry, trustedVendors: trustedVendorSet(run.config), plan, taken: new Set<string>() };
  const conflicts: ConflictResult[] = [];
  const observations: CrossTenantObservation[] = [];
  const outcome = { agents: 0, readMs: 0, identifyMs: 0 };
  for (const tenantId of run.tenants) {
    const readFrom = performance.now();
    const agents = await source.preparedOf(tenantId);
    const step = await run.tenant(tenantId, agents);
    const identifyFrom = performance.now();
    outcome.readMs += identifyFrom - readFrom;
    const part = identifyTenant(tenantId, agents, { ...shared, prior: step.prior });
    outcome.identifyMs += performance.now() - identifyFrom;
    observations.push(...part.crossTenant);
    if (!concerns([tenantId])) continue;
    outcome.agents += agents.length;
    await step.keep(part);
    conflicts.push(...part.conflicts);
  }
  const checkFrom = performance.now();
  conflicts.push(...crossTenantConflicts(observations).filter((c) => concerns(c.tenantIds)));
  conflicts.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  outcome.identifyMs += performance.now() - checkFrom;
  return { conflicts, ...outcome };
}

/** The trusted vendors, as the normaliser writes vendor names. */
function trustedVendorSet(config: IdentificationConfig): Set<string> {
  return new Set(config.trustedVendors.map((v) => v.toUpperCase()));
}
