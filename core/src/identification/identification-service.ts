/**
 * The identification service: runs the engine over the agents of linked clients, persists what
 * changed, and carries out people's decisions (what they read is `ComputerQueries`):
 *
 * | command | method |
 * |---|---|
 * | `rmm-hub conflicts resolve <id> <merge|keep-apart|mark-wiped>` | {@link IdentificationService.resolveConflict} |
 * | `rmm-hub computers undo <opId>` | {@link IdentificationService.undo} |
 * | sync (identification phase) | {@link IdentificationService.run} (without agents: everything stored), {@link IdentificationService.identifyTenants} (the tenants whose listings are done) |
 */
import { randomUUID } from 'node:crypto';

import { UnsupportedError } from '../errors/index.js';
import type { EmitEvent } from '../events/events.js';
import { collect } from '../store/collect.js';
import type { Store } from '../store/store.js';
import type { AgentRef } from './model/agent-records.js';
import { IdentificationConfig, type IdentificationConfigInput } from './identification.config.js';
import { resolveConflict, undoOperation, type ConflictResolution, type DecisionOutcome } from './identification-decisions.js';
import type { PreparedAgent } from './agent-keys.js';
import { memorySource, storeSource, storedTenantReader } from './agent-sources.js';
import { identificationPlan, type IdentificationPlan } from './identifier-survey.js';
import { RunWriter, type RunCounts } from './run-writer.js';
import { IdentificationErrorCodes } from './identification-errors.js';
import type { ConflictResult } from './identification.types.js';
import { runIdentification } from './identification-run.js';
import type { IdentificationAgent } from './model/agent-records.js';
import { dueForScript, gatherIdentities, scriptIdentities, type GatherOutcome, type RunIdentityScript } from './identity-gathering.js';
import { KnownBadRegistry, type IdentifierKind } from './known-bad-registry.js';

export interface IdentificationServiceOptions {
  store: Store;
  /** Defaults to the shipped catalogue plus `config.knownBadOverrideFile`. */
  registry?: KnownBadRegistry;
  config?: IdentificationConfigInput;
  emit?: EmitEvent;
  /** Runs the identity script on an agent through its integration's RunScript. */
  runIdentityScript?: RunIdentityScript;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

/** The summary of one run; the computers and links themselves are in the store. */
export interface IdentificationRunSummary extends RunCounts {
  registryVersion: string;
  /** The operation recording this run's merges, splits and wipes (undoable), if any. */
  opId: string | undefined;
  durationMs: number;
  /** Where `durationMs` went (see {@link RunPhases}). */
  phases: RunPhases;
  /** Agents identified (one per agent key). */
  agents: number;
  /** Every conflict the run found, by id. */
  conflicts: ConflictResult[];
  /** Values quarantined this run for being seen on too many machines. */
  quarantined: IdentifierValue[];
  /** The agents left needing an identity: what gathering one by identity script needs to know. */
  needsIdentityAgents: NeedsIdentityAgent[];
  /**
   * {@link IdentificationService.inputFingerprint} as the run left the store, read in its unit
   * of work (so no other process's write slips in between), when asked for with `fingerprint`.
   */
  inputFingerprint?: string | undefined;
}

/** What a run counted of one tenant it identified (see `identifyTenants`' `onTenant`). */
export interface TenantTally {
  agents: number;
  computers: number;
  needsIdentity: number;
}

/** A value as the survey reports it: normalised, of one kind. */
export interface IdentifierValue {
  kind: IdentifierKind;
  value: string;
}

/** One text per value, for sets and maps of values. */
export function identifierValueKey({ kind, value }: IdentifierValue): string {
  return `${kind}\u0000${value}`;
}

/**
 * The parts of a run's wall time, in milliseconds. The per-tenant parts are summed over the
 * tenants (three clock reads a tenant: nothing next to reading and matching its agents).
 */
export interface RunPhases {
  /** The spread of every value over the fleet counted (by the store, or over the agents given). */
  surveyMs: number;
  /** Each tenant's agents read again and vetted, with what the store holds of it. */
  readMs: number;
  /** Matching, clusters, ids, evidence; the cross-tenant check. */
  identifyMs: number;
  /** Everything else: comparing with what is stored and writing what changed, the bulk load's index rebuild, the commit. */
  writeMs: number;
}

/** An agent without a usable strong identifier after a run. */
export interface NeedsIdentityAgent extends AgentRef {
  canRunScripts: boolean;
  online: boolean;
}


export interface GatherSummary {
  attempted: number;
  succeeded: number;
  failed: GatherOutcome[];
  /** The identification run that used the answers. */
  run: IdentificationRunSummary;
}

export class IdentificationService {
  readonly config: IdentificationConfig;
  readonly registry: KnownBadRegistry;
  private readonly store: Store;
  private readonly emit: EmitEvent | undefined;
  private readonly runScript: RunIdentityScript | undefined;
  private readonly now: () => Date;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: IdentificationServiceOptions) {
    this.store = options.store;
    this.config = IdentificationConfig.parse(options.config ?? {});
    this.registry = options.registry ?? KnownBadRegistry.load({ overrideFile: this.config.knownBadOverrideFile });
    this.emit = options.emit;
    this.runScript = options.runIdentityScript;
    this.now = options.now ?? (() => new Date());
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /**
   * Identifies `agents` (the agents of linked clients across all integrations) — or, without
   * `agents`, every live agent of a linked client in the store, tenant by tenant after the
   * store's survey of the fleet — and persists what changed in one transaction.
   * Identities gathered by the identity script are merged in.
   */
  run(agents?: readonly IdentificationAgent[], options: { actor?: string; fingerprint?: boolean } = {}): Promise<IdentificationRunSummary> {
    return this.identify({ agents, actor: options.actor, fingerprint: options.fingerprint });
  }

  /**
   * Identifies the stored agents of one tenant and persists what changed for it, in one
   * transaction: its computers and links, its own conflicts, and the cross-tenant conflicts it
   * is part of. The tenants sharing a strong value with it are identified too, to see what it
   * conflicts with, but nothing of theirs is written. Quarantine is decided over the whole
   * fleet, as in {@link run}: tenants identified one by one end as one run would leave them.
   * The summary counts this tenant's agents and conflicts; `quarantined` is the fleet's.
   */
  identifyTenant(tenantId: string, options: { actor?: string } = {}): Promise<IdentificationRunSummary> {
    return this.identify({ tenantIds: new Set([tenantId]), actor: options.actor });
  }

  /**
   * {@link identifyTenant} for several tenants at once, with one survey and one transaction:
   * what the sync does with the tenants whose listings ended since its last round. An empty
   * set writes nothing, and still reports the fleet's quarantine (and the fingerprint if asked).
   * `onTenant` hears what was counted of each tenant as it is written.
   */
  identifyTenants(
    tenantIds: Iterable<string>,
    options: { actor?: string; fingerprint?: boolean; onTenant?: (tenantId: string, tally: TenantTally) => void } = {},
  ): Promise<IdentificationRunSummary> {
    return this.identify({ tenantIds: new Set(tenantIds), actor: options.actor, fingerprint: options.fingerprint, onTenant: options.onTenant });
  }

  /**
   * The tenants among `tenantIds` with a stored agent that has one of `values` (identity-script
   * answers applied, known-bad values left out): the tenants whose identification changes when
   * these values are quarantined or released, and no other.
   */
  async tenantsHolding(values: readonly IdentifierValue[], tenantIds: Iterable<string>): Promise<string[]> {
    if (values.length === 0) return [];
    const wanted = new Set(values.map(identifierValueKey));
    const has = (kind: IdentifierKind, value: string | undefined): boolean => value !== undefined && wanted.has(identifierValueKey({ kind, value }));
    const holds = (a: PreparedAgent): boolean => has('uuid', a.uuid) || has('serial', a.serial) || has('board', a.board) || a.macs.some((mac) => has('mac', mac));
    const read = storedTenantReader(this.store, { registry: this.registry, answers: await scriptIdentities(this.store) });
    const holding: string[] = [];
    for (const tenantId of [...new Set(tenantIds)].sort()) {
      if ((await read(tenantId)).some(holds)) holding.push(tenantId);
    }
    return holding;
  }

  /** One run over `request.agents` or the store, of every tenant or of `request.tenantIds`. */
  private async identify(request: {
    agents?: readonly IdentificationAgent[] | undefined;
    tenantIds?: ReadonlySet<string>;
    actor?: string | undefined;
    fingerprint?: boolean | undefined;
    onTenant?: ((tenantId: string, tally: TenantTally) => void) | undefined;
  }): Promise<IdentificationRunSummary> {
    const { agents, tenantIds: only } = request;
    const started = performance.now();
    const phases: RunPhases = { surveyMs: 0, readMs: 0, identifyMs: 0, writeMs: 0 };
    const answers = await scriptIdentities(this.store);
    // A first run writes every computer and link: a bulk load. Decided before the transaction,
    // which the bulk load opens itself (it changes how the store checks references).
    const { computers: computersBefore, links: linksBefore } = await this.store.computers.counts();
    const unitOfWork = computersBefore === 0 && linksBefore === 0
      ? <T>(work: () => Promise<T>): Promise<T> => this.store.computers.bulkLoad(work)
      : <T>(work: () => Promise<T>): Promise<T> => this.store.transaction(work);
    /** Whether a conflict among `tenantIds` is this run's to write or clear. */
    const concerns = (tenantIds: readonly string[]): boolean => only === undefined || tenantIds.some((tenantId) => only.has(tenantId));
    // One unit of work from the survey to the last write: every pass reads the same snapshot.
    const { summary, announce } = await unitOfWork(async () => {
      const context = { machines: this.config.quarantineThreshold, registry: this.registry, answers };
      const source = agents === undefined ? await storeSource(this.store, context) : memorySource(agents, context);
      const plan = identificationPlan(source.spread, this.registry, this.config.quarantineThreshold);
      phases.surveyMs = performance.now() - started;
      // Counted again inside the transaction: the writer must see what this snapshot holds.
      const stored = await this.store.computers.counts();
      const writer = new RunWriter(this.store, { at: this.now().toISOString(), actor: request.actor ?? 'system:identification', newOpId, emit: this.emit }, stored);
      const pins = new Map((await this.store.computers.listPins()).map((p) => [`${p.integrationId}/${p.agentId}`, p.computerId]));
      const tenants = only === undefined
        ? [...new Set([...source.tenants, ...(stored.computers > 0 ? await this.store.computers.tenantsWithActiveComputers() : [])])].sort()
        : sharingValuesWith(only, plan);
      const needsIdentity: NeedsIdentityAgent[] = [];
      const run = await runIdentification({
        source, plan, registry: this.registry, config: this.config, tenants, concerns,
        tenant: async (tenantId, prepared) => {
          const state = await writer.stateOf(tenantId, prepared.map((a) => a.key), pins);
          return {
            prior: writer.priorOf(state, pins),
            keep: async (part) => {
              await writer.writeTenant(part, state);
              const before = needsIdentity.length;
              part.links.forEach((link, i) => {
                if (link.needsIdentity) needsIdentity.push({ integrationId: link.integrationId, agentId: link.agentId, canRunScripts: link.canRunScripts, online: (prepared[i] as PreparedAgent).source.online });
              });
              request.onTenant?.(tenantId, { agents: prepared.length, computers: part.computers.length, needsIdentity: needsIdentity.length - before });
            },
          };
        },
      });
      phases.readMs = run.readMs;
      phases.identifyMs = run.identifyMs;
      const { counts, opId, announce } = await writer.finish(run.conflicts, concerns);
      const summary: IdentificationRunSummary = {
        ...counts, registryVersion: this.registry.version, opId, durationMs: 0, phases,
        agents: run.agents, conflicts: run.conflicts, quarantined: plan.quarantinedList, needsIdentityAgents: needsIdentity,
        inputFingerprint: request.fingerprint === true ? await this.inputFingerprint() : undefined,
      };
      return { summary, announce };
    });
    announce();
    summary.durationMs = performance.now() - started;
    phases.writeMs = Math.max(0, summary.durationMs - phases.surveyMs - phases.readMs - phases.identifyMs);
    return summary;
  }

  /** The engine's input from the store: live agents of clients linked to a tenant. */
  agentsFromStore(): Promise<IdentificationAgent[]> {
    return collect(this.store.agents.iterateLinked());
  }

  /**
   * A digest of this service's inputs: the store's (see `ComputerRepository.inputFingerprint`)
   * plus the registry version and the engine settings. While it stays the same, another run
   * would write nothing, so the sync can skip it.
   */
  async inputFingerprint(): Promise<string> {
    const settings = JSON.stringify([this.registry.version, this.config.quarantineThreshold, this.config.trustedVendors]);
    return `${await this.store.computers.inputFingerprint()}:${settings}`;
  }

  /**
   * Runs the identity script on every agent marked needs-identity that can run scripts and is
   * due (failed agents wait out their backoff), then identifies again with the answers. Over
   * `agents`, or everything stored when omitted.
   * @throws UnsupportedError when the host gave no `runIdentityScript`.
   */
  async gatherIdentities(agents?: readonly IdentificationAgent[], options: { fingerprint?: boolean } = {}): Promise<GatherSummary> {
    if (this.runScript === undefined || !this.config.identityScript.enabled) {
      throw new UnsupportedError('No identity-script runner is configured.', {
        hint: 'Give the identification service a runIdentityScript callback (the host routes it to RunScript), or enable identification.identityScript.',
        context: { code: IdentificationErrorCodes.noScriptRunner },
      });
    }
    const first = await this.run(agents, options);
    // Only online agents: a script queued on an offline agent just sits until its timeout, and
    // retrying it would stall the sync for minutes. Offline agents are tried on a later sync.
    const candidates = first.needsIdentityAgents
      .filter((a) => a.canRunScripts && a.online)
      .map((a) => ({ integrationId: a.integrationId, agentId: a.agentId }));
    const due = await dueForScript(this.store, candidates, this.now());
    const outcomes = await gatherIdentities(this.store, due, this.runScript, this.config.identityScript, { now: this.now, sleep: this.sleep });
    const run = outcomes.some((o) => o.status === 'ok') ? await this.run(agents, options) : first;
    return { attempted: outcomes.length, succeeded: outcomes.filter((o) => o.status === 'ok').length, failed: outcomes.filter((o) => o.status === 'failed'), run };
  }

  /** `rmm-hub conflicts resolve <id> <resolution>`. */
  async resolveConflict(conflictId: string, resolution: ConflictResolution, options: { actor: string; reason?: string }): Promise<DecisionOutcome> {
    const outcome = await resolveConflict({ store: this.store, at: this.now().toISOString(), actor: options.actor, opId: newOpId(), reason: options.reason }, conflictId, resolution);
    await this.store.audit.append({ actor: options.actor, action: 'computer:resolve', subject: `conflict:${conflictId}`, reason: options.reason, details: { resolution, opId: outcome.opId, computerIds: outcome.computerIds } });
    return outcome;
  }

  /** `rmm-hub computers undo <opId>`: undoes a run's merges/splits or an earlier decision. */
  async undo(opId: string, options: { actor: string; reason?: string }): Promise<DecisionOutcome> {
    const outcome = await undoOperation({ store: this.store, at: this.now().toISOString(), actor: options.actor, opId: newOpId(), reason: options.reason }, opId);
    await this.store.audit.append({ actor: options.actor, action: 'computer:undo', subject: `op:${opId}`, reason: options.reason, details: { undoOpId: outcome.opId, computerIds: outcome.computerIds } });
    return outcome;
  }
}

/**
 * `only` and the tenants that have a strong value in common with one of them, sorted: every
 * tenant whose agents can be in a cross-tenant conflict with theirs.
 */
function sharingValuesWith(only: ReadonlySet<string>, plan: IdentificationPlan): string[] {
  const tenants = new Set(only);
  for (const values of [plan.crossTenant.uuid, plan.crossTenant.serial, plan.crossTenant.board]) {
    for (const tenantIds of values.values()) if (tenantIds.some((tenantId) => only.has(tenantId))) for (const other of tenantIds) tenants.add(other);
  }
  return [...tenants].sort();
}

function newOpId(): string {
  return `op_${Date.now().toString(36)}_${randomUUID().slice(0, 8)}`;
}
