/**
 * The linking service: runs the pure engine over the store's state, persists the outcome
 * idempotently (a second run with nothing changed writes nothing), records people's decisions
 * (sticky, audited, revocable) and creates tenants for unlinked clients with a preview first.
 *
 * Each CLI command is one call:
 * - `rmm-hub links [--json]`                       → {@link LinkingService.view}
 * - `rmm-hub links accept <int> <client> [tenant]`  → {@link LinkingService.accept}
 * - `rmm-hub links reject <int> <client> [tenant]`  → {@link LinkingService.reject}
 * - `rmm-hub links keep-separate <int> <client>`    → {@link LinkingService.keepSeparate}
 * - `rmm-hub links unlink <int> <client>`           → {@link LinkingService.unlink}
 * - `rmm-hub links revoke <decision>`               → {@link LinkingService.revoke}
 * - `rmm-hub tenants create-from-unlinked --preview|--apply` → {@link LinkingService.previewCreateTenants} / {@link LinkingService.applyCreateTenants}
 * The sync calls {@link LinkingService.run} after each client listing.
 */
import { randomUUID } from 'node:crypto';

import { NotFoundError } from '../errors/catalogue.js';
import type { EmitEvent } from '../events/events.js';
import type { ReplaceCounts } from './port/link-repository.js';
import type { LinkDecisionKind, LinkDecisionRecord } from './model/link-records.js';
import type { AuditEntry } from '../store/records.js';
import type { Store } from '../store/store.js';
import { isClientGroup, resolveClientGroup } from './client-groups.js';
import { storeDeviceOverlap } from './device-overlap.js';
import { LinkingError, LinkingErrorCodes } from './linking-errors.js';
import { suggestLinks } from './linking-engine.js';
import { LinkingConfig, type LinkingConfigInput } from './linking.config.js';
import type { ClientRef, DeviceOverlap, LinkingResult, LinkWarning } from './linking.types.js';
import { planTenantCreation, type PlanOptions, type TenantCreationPlan } from './tenant-creation.js';

export interface LinkingServiceOptions {
  config?: LinkingConfigInput | undefined;
  /** Publishes `link:*` events; the host passes its bus's emit. */
  emit?: EmitEvent | undefined;
  /** The clock, for tests. */
  now?: (() => Date) | undefined;
  /** Decision ids, for tests. */
  newId?: (() => string) | undefined;
  /** Where device-overlap evidence comes from; by default the store's agents and computers. */
  deviceOverlap?: ((clients: readonly ClientRef[]) => Promise<DeviceOverlap[]>) | undefined;
}

/** The actor the engine's own writes are audited under. */
export const LINKING_ACTOR = 'system:linking';

export interface LinkingRunOutcome {
  result: LinkingResult;
  written: { linksCreated: number; linksUpdated: number; linksRemoved: number; suggestions: ReplaceCounts };
}

export interface LinkDecisionInput extends ClientRef {
  /**
   * A site or location of the client (its id, number or name): the decision is about that group
   * instead, whose link then decides its agents' tenant before the client's.
   */
  group?: string | undefined;
  actor: string;
  reason?: string | undefined;
}

export interface LinkDecisionOutcome {
  decision: LinkDecisionRecord;
  /** Earlier decisions of the client this one superseded (revoked, kept in the log). */
  superseded: string[];
  run: LinkingRunOutcome;
}

/** What `rmm-hub links` shows. Names are resolved so the CLI prints without more look-ups. */
export interface LinksView {
  links: (ClientRef & {
    clientName: string;
    /** For a link of a site or location: the client it belongs to. */
    within?: { clientId: string; clientName: string } | undefined;
    tenantId: string;
    tenantName: string;
    source: 'auto' | 'manual';
    score?: number | undefined;
    reasons: LinkingResult['links'][number]['reasons'];
  })[];
  suggestions: (LinkingResult['suggestions'][number] & { clientName: string; tenantName: string })[];
  unlinked: LinkingResult['unlinked'];
  keptSeparate: (ClientRef & { clientName: string })[];
  warnings: LinkWarning[];
  /** How many writes the next {@link LinkingService.run} would make (0: the store is up to date). */
  pendingChanges: number;
}

export interface CreateTenantsInput extends PlanOptions {
  actor: string;
  reason?: string | undefined;
  /** Only these planned tenant ids (as shown by the preview); all of them when absent. */
  tenantIds?: readonly string[] | undefined;
}

const subjectOf = (ref: ClientRef): string => `client:${ref.integrationId}/${ref.clientId}`;
const ACTIONS: Record<LinkDecisionKind, string> = {
  link: 'link:accept',
  unlink: 'link:unlink',
  'keep-separate': 'link:keep-separate',
  'reject-suggestion': 'link:reject',
};

export class LinkingService {
  readonly config: LinkingConfig;
  readonly #store: Store;
  readonly #emit: EmitEvent;
  readonly #now: () => Date;
  readonly #newId: () => string;
  readonly #overlap: (clients: readonly ClientRef[]) => Promise<DeviceOverlap[]>;

  constructor(store: Store, options: LinkingServiceOptions = {}) {
    this.#store = store;
    this.config = LinkingConfig.parse(options.config ?? {});
    this.#emit = options.emit ?? (() => undefined);
    this.#now = options.now ?? (() => new Date());
    this.#newId = options.newId ?? (() => `ld-${randomUUID()}`);
    this.#overlap = options.deviceOverlap ?? ((clients) => storeDeviceOverlap(store, clients));
  }

  /**
   * A digest of this service's inputs and outputs in the store plus its settings. While it
   * stays the same, another {@link run} would write nothing, so the sync can skip it.
   */
  async inputFingerprint(): Promise<string> {
    return `${await this.#store.links.inputFingerprint()}:${JSON.stringify(this.config)}`;
  }

  /** The engine's result over the store's current state. Writes nothing. */
  async preview(): Promise<LinkingResult> {
    const store = this.#store;
    const clients = await store.clients.list();
    const links = await store.links.listLinks();
    const linked = new Set(links.map((l) => `${l.integrationId}\u0000${l.clientId}`));
    const candidates = clients
      .filter((c) => this.config.linkableKinds.includes(c.kind) && !linked.has(`${c.integrationId}\u0000${c.id}`))
      .map((c) => ({ integrationId: c.integrationId, clientId: c.id }));
    return suggestLinks({
      clients,
      tenants: await store.tenants.list(),
      links,
      decisions: await store.links.listDecisions(),
      deviceOverlap: candidates.length > 0 ? await this.#overlap(candidates) : [],
      config: this.config,
    });
  }

  /** Runs the engine and persists links and suggestions; writes only what changed. */
  async run(): Promise<LinkingRunOutcome> {
    const events: (() => void)[] = [];
    const outcome = await this.#store.transaction(async () => this.#persistRun(events));
    announce(events);
    return outcome;
  }

  /**
   * {@link run} inside the caller's unit of work. Its events are queued on `events`, for the
   * caller to fire once the unit has committed, so listeners never see a rolled-back link.
   */
  async #persistRun(events: (() => void)[]): Promise<LinkingRunOutcome> {
    const store = this.#store;
    const result = await this.preview();
    const at = this.#now().toISOString();
    const written: LinkingRunOutcome['written'] = {
      linksCreated: 0,
      linksUpdated: 0,
      linksRemoved: 0,
      suggestions: { inserted: 0, updated: 0, deleted: 0, unchanged: 0 },
    };
    for (const r of result.removed) {
      const gone = await store.links.removeLink(r.integrationId, r.clientId);
      if (!gone) continue;
      written.linksRemoved++;
      await store.audit.append({ actor: LINKING_ACTOR, action: 'link:removed', subject: subjectOf(r), reason: r.detail, details: { tenantId: gone.tenantId, cause: r.cause }, at });
      events.push(() => this.#emit('link:removed', { integrationId: r.integrationId, clientId: r.clientId, tenantId: gone.tenantId }));
    }
    for (const l of result.changed) {
      const before = await store.links.getLink(l.integrationId, l.clientId);
      const changed = await store.links.putLink({ integrationId: l.integrationId, clientId: l.clientId, tenantId: l.tenantId, source: l.source, score: l.score, reasons: l.reasons, createdAt: at });
      if (!changed) continue;
      if (before) written.linksUpdated++;
      else written.linksCreated++;
      if (l.origin === 'engine') {
        await store.audit.append({ actor: LINKING_ACTOR, action: 'link:auto', subject: subjectOf(l), details: { tenantId: l.tenantId, score: l.score, reasons: l.reasons }, at });
      }
      if (!before || before.tenantId !== l.tenantId) {
        events.push(() => this.#emit('link:created', { integrationId: l.integrationId, clientId: l.clientId, tenantId: l.tenantId, source: l.source }));
      }
    }
    const known = new Set((await store.links.listSuggestions()).map((s) => `${s.integrationId}\u0000${s.clientId}\u0000${s.tenantId}`));
    written.suggestions = await store.links.replaceSuggestions(
      result.suggestions.map((s) => ({ integrationId: s.integrationId, clientId: s.clientId, tenantId: s.tenantId, score: s.score, rank: s.rank, reasons: s.heldBack ? [...s.reasons, { kind: 'held-back', detail: s.heldBack }] : s.reasons })),
    );
    for (const s of result.suggestions) {
      if (!known.has(`${s.integrationId}\u0000${s.clientId}\u0000${s.tenantId}`)) {
        events.push(() => this.#emit('link:suggested', { integrationId: s.integrationId, clientId: s.clientId, tenantId: s.tenantId, score: s.score }));
      }
    }
    for (const w of result.warnings) events.push(() => this.#emit('link:warning', { message: w.message, hint: w.hint }));
    return { result, written };
  }

  /** Links, suggestions (with reasons), unlinked and kept-separate clients, warnings. Writes nothing. */
  async view(): Promise<LinksView> {
    const result = await this.preview();
    const tenantName = new Map((await this.#store.tenants.list()).map((t) => [t.id, t.name]));
    const clients = new Map((await this.#store.clients.list({ includeGone: true })).map((c) => [`${c.integrationId}\u0000${c.id}`, c]));
    const nameOf = (r: ClientRef): string => clients.get(`${r.integrationId}\u0000${r.clientId}`)?.name ?? r.clientId;
    const withinOf = (r: ClientRef): { clientId: string; clientName: string } | undefined => {
      const client = clients.get(`${r.integrationId}\u0000${r.clientId}`);
      if (client?.parentId === undefined || !isClientGroup(client)) return undefined;
      return { clientId: client.parentId, clientName: nameOf({ integrationId: r.integrationId, clientId: client.parentId }) };
    };
    const stored = await this.#store.links.listSuggestions();
    const storedKeys = new Set(stored.map((s) => `${s.integrationId}\u0000${s.clientId}\u0000${s.tenantId}\u0000${s.rank}\u0000${s.score}`));
    const suggestionDrift =
      stored.length !== result.suggestions.length ||
      result.suggestions.some((s) => !storedKeys.has(`${s.integrationId}\u0000${s.clientId}\u0000${s.tenantId}\u0000${s.rank}\u0000${s.score}`));
    return {
      links: result.links.map((l) => ({
        integrationId: l.integrationId,
        clientId: l.clientId,
        clientName: nameOf(l),
        within: withinOf(l),
        tenantId: l.tenantId,
        tenantName: tenantName.get(l.tenantId) ?? l.tenantId,
        source: l.source,
        score: l.score,
        reasons: l.reasons,
      })),
      suggestions: result.suggestions.map((s) => ({ ...s, clientName: nameOf(s), tenantName: tenantName.get(s.tenantId) ?? s.tenantId })),
      unlinked: result.unlinked,
      keptSeparate: result.keptSeparate.map((k) => ({ ...k, clientName: nameOf(k) })),
      warnings: result.warnings,
      pendingChanges: result.changed.length + result.removed.length + (suggestionDrift ? 1 : 0),
    };
  }

  /** Links the client to `tenantId` (default: its best suggestion), by a person's decision. */
  async accept(input: LinkDecisionInput & { tenantId?: string | undefined }): Promise<LinkDecisionOutcome> {
    return this.#decide('link', input, input.tenantId);
  }

  /** Never suggest or auto-link the client to `tenantId` (default: its best suggestion). */
  async reject(input: LinkDecisionInput & { tenantId?: string | undefined }): Promise<LinkDecisionOutcome> {
    return this.#decide('reject-suggestion', input, input.tenantId);
  }

  /** The client belongs to no tenant: never link or suggest it. */
  async keepSeparate(input: LinkDecisionInput): Promise<LinkDecisionOutcome> {
    return this.#decide('keep-separate', input, undefined);
  }

  /** Removes the client's link; it will only be suggested (never auto-linked) until this is revoked. */
  async unlink(input: LinkDecisionInput): Promise<LinkDecisionOutcome> {
    return this.#decide('unlink', input, undefined);
  }

  /** Revokes a decision; its effect goes, the record and its audit trail stay. */
  async revoke(input: { decisionId: string; actor: string; reason?: string | undefined }): Promise<{ decision: LinkDecisionRecord; run: LinkingRunOutcome }> {
    const store = this.#store;
    const events: (() => void)[] = [];
    const outcome = await store.transaction(async () => {
      const decision = await store.links.getDecision(input.decisionId);
      if (!decision) throw new NotFoundError(`No link decision ${input.decisionId}`, { hint: 'List decisions with `rmm-hub links --json`.', context: { decisionId: input.decisionId } });
      if (decision.revokedAt !== undefined) {
        throw new LinkingError(LinkingErrorCodes.alreadyRevoked, `Decision ${input.decisionId} was already revoked at ${decision.revokedAt} by ${decision.revokedBy ?? 'unknown'}`, {
          hint: 'Record a new decision instead.',
        });
      }
      const at = this.#now().toISOString();
      await store.links.revokeDecision(decision.id, { actor: input.actor, at, reason: input.reason });
      await store.audit.append({ actor: input.actor, action: 'link:revoke', subject: subjectOf(decision), reason: input.reason, details: { decisionId: decision.id, kind: decision.kind, tenantId: decision.tenantId }, at });
      const run = await this.#persistRun(events);
      events.push(() => this.#emit('link:decision', { integrationId: decision.integrationId, clientId: decision.clientId, kind: 'revoke', actor: input.actor }));
      return { decision: await store.links.getDecision(decision.id) as LinkDecisionRecord, run };
    });
    announce(events);
    return outcome;
  }

  /** Decisions, oldest first; revoked ones too with `includeRevoked`. */
  async decisions(filter: { integrationId?: string; clientId?: string; includeRevoked?: boolean } = {}): Promise<LinkDecisionRecord[]> {
    return this.#store.links.listDecisions(filter);
  }

  /** The audit trail of one client (newest first): decisions, revocations, auto-links, removals. */
  async history(ref: ClientRef, limit = 100): Promise<AuditEntry[]> {
    return this.#store.audit.list({ subject: subjectOf(ref), limit });
  }

  /** What `applyCreateTenants` would create. Writes nothing. */
  async previewCreateTenants(options: PlanOptions = {}): Promise<TenantCreationPlan & { warnings: LinkWarning[] }> {
    const result = await this.preview();
    const plan = planTenantCreation(result, await this.#store.clients.list(), new Set((await this.#store.tenants.list()).map((t) => t.id)), options);
    return { ...plan, warnings: result.warnings };
  }

  /**
   * Creates the planned tenants and links each to its clients by a `link` decision of `actor`.
   * Refused until the MSP's own tenant is linked by hand (when `requireMspLink`).
   */
  async applyCreateTenants(input: CreateTenantsInput): Promise<TenantCreationPlan & { run: LinkingRunOutcome }> {
    const store = this.#store;
    const events: (() => void)[] = [];
    const outcome = await store.transaction(async () => {
      const result = await this.preview();
      if (this.config.requireMspLink && !result.autoLinking) {
        throw new LinkingError(LinkingErrorCodes.mspUnlinked, "Tenants are not created before the MSP's own tenant is linked by hand", {
          hint: result.warnings[0]?.hint ?? "Link the MSP's RMM client to the MSP's tenant first.",
        });
      }
      const plan = planTenantCreation(result, await store.clients.list(), new Set((await store.tenants.list()).map((t) => t.id)), input);
      const wanted = input.tenantIds ? new Set(input.tenantIds) : undefined;
      const tenants = plan.tenants.filter((t) => !wanted || wanted.has(t.id));
      const at = this.#now().toISOString();
      for (const t of tenants) {
        await store.tenants.upsert({ id: t.id, name: t.name, psaCompanyId: t.psaCompanyId, domains: t.domains, isMsp: false, createdAt: at });
        await store.audit.append({ actor: input.actor, action: 'tenant:create-from-unlinked', subject: `tenant:${t.id}`, reason: input.reason, details: { name: t.name, clients: t.clients }, at });
        for (const c of t.clients) await this.#record('link', c, t.id, input.actor, input.reason ?? `tenant created from unlinked client "${c.name}"`, at);
      }
      const run = await this.#persistRun(events);
      return { tenants, skipped: plan.skipped, run };
    });
    announce(events);
    return outcome;
  }

  async #decide(kind: LinkDecisionKind, input: LinkDecisionInput, tenantIdIn: string | undefined): Promise<LinkDecisionOutcome> {
    const store = this.#store;
    const events: (() => void)[] = [];
    const outcome = await store.transaction(async () => {
      const ref: ClientRef = {
        integrationId: input.integrationId,
        clientId: input.group === undefined ? input.clientId : resolveClientGroup(await store.clients.list({ integrationId: input.integrationId }), input.integrationId, input.clientId, input.group).id,
      };
      const client = await store.clients.get(ref.integrationId, ref.clientId);
      if (!client) {
        throw new NotFoundError(`No client ${ref.clientId} in integration ${ref.integrationId}`, {
          hint: 'Check the ids with `rmm-hub links --json`; clients appear after a sync.',
          context: { ...ref },
        });
      }
      let tenantId = tenantIdIn;
      if (kind === 'unlink') {
        const link = await store.links.getLink(ref.integrationId, ref.clientId);
        if (!link) throw new LinkingError(LinkingErrorCodes.notLinked, `Client ${ref.clientId} of ${ref.integrationId} is not linked`, { hint: 'Nothing to unlink; use keep-separate to stop suggestions.' });
        tenantId = link.tenantId;
      } else if ((kind === 'link' || kind === 'reject-suggestion') && tenantId === undefined) {
        tenantId = (await this.preview()).suggestions.find((s) => s.integrationId === ref.integrationId && s.clientId === ref.clientId)?.tenantId;
        if (tenantId === undefined) {
          throw new LinkingError(LinkingErrorCodes.noSuggestion, `Client "${client.name}" has no suggestion to ${kind === 'link' ? 'accept' : 'reject'}`, {
            hint: 'Name the tenant explicitly.',
          });
        }
      }
      if (tenantId !== undefined && !await store.tenants.get(tenantId)) {
        throw new NotFoundError(`No tenant ${tenantId}`, { hint: 'Check the tenant id, or create the tenant first.', context: { tenantId } });
      }
      const at = this.#now().toISOString();
      const { decision, superseded } = await this.#record(kind, ref, tenantId, input.actor, input.reason, at);
      const run = await this.#persistRun(events);
      events.push(() => this.#emit('link:decision', { integrationId: ref.integrationId, clientId: ref.clientId, kind, actor: input.actor }));
      return { decision, superseded, run };
    });
    announce(events);
    return outcome;
  }

  /** Records one decision, superseding the client's conflicting ones, and audits both. */
  async #record(kind: LinkDecisionKind, ref: ClientRef, tenantId: string | undefined, actor: string, reason: string | undefined, at: string): Promise<{ decision: LinkDecisionRecord; superseded: string[] }> {
    const store = this.#store;
    const id = this.#newId();
    const conflicting = (await store.links.listDecisions({ integrationId: ref.integrationId, clientId: ref.clientId })).filter((d) => {
      // A new stance replaces the old stance; a link also lifts a rejection of the same tenant;
      // rejecting the linked tenant ends that link.
      if (kind !== 'reject-suggestion' && d.kind !== 'reject-suggestion') return true;
      if (kind === 'link' && d.kind === 'reject-suggestion') return d.tenantId === tenantId;
      if (kind === 'reject-suggestion' && d.kind === 'link') return d.tenantId === tenantId;
      return kind === 'reject-suggestion' && d.kind === 'reject-suggestion' && d.tenantId === tenantId;
    });
    for (const d of conflicting) await store.links.revokeDecision(d.id, { actor, at, reason: `superseded by ${id}` });
    const decision = await store.links.insertDecision({ id, ...ref, kind, tenantId, actor, reason, decidedAt: at });
    await store.audit.append({ actor, action: ACTIONS[kind], subject: subjectOf(ref), reason, details: { decisionId: id, tenantId, supersedes: conflicting.map((d) => d.id) }, at });
    return { decision, superseded: conflicting.map((d) => d.id) };
  }
}

/** Fires events queued during a unit of work, once it has committed. */
function announce(events: readonly (() => void)[]): void {
  for (const fire of events) fire();
}
