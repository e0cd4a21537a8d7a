/**
 * The computer-identification engine: agents of linked clients in, computers out. Pure and
 * deterministic — the same agents (in any order) and the same prior state give the same
 * computers, ids, evidence and conflicts — so it can be property-tested and re-run freely;
 * the service around it does the persistence.
 *
 * A run is a survey of every agent's values (quarantine, cross-tenant candidates), then each
 * tenant on its own (matching never crosses tenants), then the cross-tenant check over what the
 * tenants saw: `runIdentification`, the driver the service runs over the store too.
 */
import { memorySource } from './agent-sources.js';
import { IdentificationConfig, type IdentificationConfigInput } from './identification.config.js';
import { runIdentification } from './identification-run.js';
import { identificationPlan } from './identifier-survey.js';
import type { IdentificationResult, PriorState } from './identification.types.js';
import type { IdentificationAgent } from './model/agent-records.js';
import { KnownBadRegistry } from './known-bad-registry.js';
import type { PriorLookup, TenantIdentification } from './tenant-identification.js';

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
 * const result = await identifyComputers(agents, { registry: KnownBadRegistry.load({ overrideFile }) });
 * for (const conflict of result.conflicts) console.log(conflict.kind, conflict.computerIds);
 */
export async function identifyComputers(agents: readonly IdentificationAgent[], options: IdentifyOptions = {}): Promise<IdentificationResult> {
  const registry = options.registry ?? KnownBadRegistry.create();
  const config = IdentificationConfig.parse(options.config ?? {});
  const { links, pins, computers } = options.prior ?? EMPTY_PRIOR;
  const prior: PriorLookup = { link: (key) => links.get(key), pin: (key) => pins.get(key), computer: (id) => computers.get(id) };

  const source = memorySource(agents, { machines: config.quarantineThreshold, registry, answers: NO_ANSWERS });
  const plan = identificationPlan(source.spread, registry, config.quarantineThreshold);
  const parts: TenantIdentification[] = [];
  const { conflicts } = await runIdentification({
    source, plan, registry, config,
    tenants: [...source.tenants].sort(),
    tenant: () => ({ prior, keep: (part) => { parts.push(part); } }),
  });
  return {
    registryVersion: registry.version,
    computers: parts.flatMap((p) => p.computers),
    links: parts.flatMap((p) => p.links),
    conflicts,
    duplicates: parts.flatMap((p) => p.duplicates),
    lifecycle: parts.flatMap((p) => p.lifecycle),
    quarantined: plan.quarantinedList,
  };
}
