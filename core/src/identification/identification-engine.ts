/**
 * The computer-identification engine: agents of linked clients in, computers out. Pure and
 * deterministic — the same agents (in any order) and the same prior state give the same
 * computers, ids, evidence and conflicts — so it can be property-tested and re-run freely;
 * the service around it does the persistence.
 *
 * A run is a survey of every agent's values (quarantine, cross-tenant candidates), then each
 * tenant on its own (matching never crosses tenants), then the cross-tenant check over what the
 * tenants saw. The service runs the same steps over the store, tenant by tenant.
 */
import { memorySource } from './agent-sources.js';
import { crossTenantConflicts } from './conflict-detection.js';
import { IdentificationConfig, type IdentificationConfigInput } from './identification.config.js';
import { identificationPlan } from './identifier-survey.js';
import type { IdentificationResult, PriorState } from './identification.types.js';
import type { IdentificationAgent } from './model/agent-records.js';
import { KnownBadRegistry } from './known-bad-registry.js';
import { identifyTenant, type RunContext, type TenantIdentification } from './tenant-identification.js';

/** What the engine needs besides the agents. */
export interface IdentifyOptions {
  /** Defaults to the shipped catalogue with no override. */
  registry?: KnownBadRegistry;
  /** Only `quarantineThreshold` and `trustedVendors` matter to the engine. */
  config?: IdentificationConfigInput | IdentificationConfig;
  /** The previous run's links, computers and pins; omit for a first run. */
  prior?: PriorState;
}

const EMPTY_PRIOR: PriorState = { links: new Map(), computers: new Map(), pins: new Map() };
/** The engine sees agents as given: identity-script answers are the service's business. */
const NO_ANSWERS = new Map<string, never>();

/**
 * Identifies the computers behind `agents`.
 *
 * @example
 * const result = identifyComputers(agents, { registry: KnownBadRegistry.load({ overrideFile }) });
 * for (const conflict of result.conflicts) console.log(conflict.kind, conflict.computerIds);
 */
export function identifyComputers(agents: readonly IdentificationAgent[], options: IdentifyOptions = {}): IdentificationResult {
  const registry = options.registry ?? KnownBadRegistry.create();
  const config = IdentificationConfig.parse(options.config ?? {});
  const prior = options.prior ?? EMPTY_PRIOR;

  const source = memorySource(agents, { machines: config.quarantineThreshold, registry, answers: NO_ANSWERS });
  const ctx: RunContext = {
    registry,
    trustedVendors: trustedVendorSet(config),
    plan: identificationPlan(source.spread, registry, config.quarantineThreshold),
    prior: { link: (key) => prior.links.get(key), pin: (key) => prior.pins.get(key), computer: (id) => prior.computers.get(id) },
    taken: new Set(),
  };
  const parts = [...source.tenants].sort().map((tenantId) => identifyTenant(tenantId, source.preparedOf(tenantId), ctx));
  return combineTenants(registry.version, ctx, parts);
}

/** The trusted vendors, as the normaliser writes vendor names. */
export function trustedVendorSet(config: IdentificationConfig): Set<string> {
  return new Set(config.trustedVendors.map((v) => v.toUpperCase()));
}

/** The tenants' parts (in tenant-id order) as one result, with the cross-tenant conflicts. */
function combineTenants(registryVersion: string, ctx: RunContext, parts: readonly TenantIdentification[]): IdentificationResult {
  const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return {
    registryVersion,
    computers: parts.flatMap((p) => p.computers),
    links: parts.flatMap((p) => p.links),
    conflicts: [...parts.flatMap((p) => p.conflicts), ...crossTenantConflicts(parts.flatMap((p) => p.crossTenant))].sort(byId),
    duplicates: parts.flatMap((p) => p.duplicates),
    lifecycle: parts.flatMap((p) => p.lifecycle),
    quarantined: ctx.plan.quarantinedList,
  };
}
