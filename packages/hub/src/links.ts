/**
 * `hub.links`: which RMM client belongs to which tenant — the links, the suggestions with
 * their reasons, and the decisions a person makes on them. Every decision is audited and can
 * be revoked.
 */
import type {
  AuditEntry,
  ClientRef,
  CreateTenantsInput,
  LinkDecisionInput,
  LinkDecisionOutcome,
  LinkDecisionRecord,
  LinkingConfig,
  LinkingRunOutcome,
  LinkingService,
  LinksView,
  LinkWarning,
  PlanOptions,
  TenantCreationPlan,
} from '@rmm-hub/core';

/** Client-to-tenant links and the decisions on them. */
export class HubLinks {
  /** @internal Built by RmmHub. */
  constructor(private readonly linking: LinkingService) {}

  /** The linking settings in force: the config's `linking:` block over the defaults. */
  get config(): LinkingConfig {
    return this.linking.config;
  }

  /** Links, suggestions (with reasons), unlinked and kept-separate clients, warnings. Writes nothing. */
  async view(): Promise<LinksView> {
    return this.linking.view();
  }

  /** Links the client to `tenantId` (default: its best suggestion), by a person's decision. */
  async accept(input: LinkDecisionInput & { tenantId?: string | undefined }): Promise<LinkDecisionOutcome> {
    return this.linking.accept(input);
  }

  /** Never suggest or auto-link the client to `tenantId` (default: its best suggestion). */
  async reject(input: LinkDecisionInput & { tenantId?: string | undefined }): Promise<LinkDecisionOutcome> {
    return this.linking.reject(input);
  }

  /** The client belongs to no tenant: never link or suggest it. */
  async keepSeparate(input: LinkDecisionInput): Promise<LinkDecisionOutcome> {
    return this.linking.keepSeparate(input);
  }

  /** Removes the client's link; it is only suggested (never auto-linked) until the decision is revoked. */
  async unlink(input: LinkDecisionInput): Promise<LinkDecisionOutcome> {
    return this.linking.unlink(input);
  }

  /** Revokes a decision: its effect goes, the record and its audit trail stay. */
  async revoke(input: { decisionId: string; actor: string; reason?: string | undefined }): Promise<{ decision: LinkDecisionRecord; run: LinkingRunOutcome }> {
    return this.linking.revoke(input);
  }

  /** Decisions, oldest first; revoked ones too with `includeRevoked`. */
  async decisions(filter: { integrationId?: string; clientId?: string; includeRevoked?: boolean } = {}): Promise<LinkDecisionRecord[]> {
    return this.linking.decisions(filter);
  }

  /** The audit trail of one client, newest first: decisions, revocations, auto-links, removals. */
  async history(ref: ClientRef, limit?: number): Promise<AuditEntry[]> {
    return this.linking.history(ref, limit);
  }

  /** The tenants {@link HubLinks.createTenants} would create for unlinked clients. Writes nothing. */
  async previewCreateTenants(options: PlanOptions = {}): Promise<TenantCreationPlan & { warnings: LinkWarning[] }> {
    return this.linking.previewCreateTenants(options);
  }

  /** Creates tenants for unlinked clients (as previewed) and links the clients to them. */
  async createTenants(input: CreateTenantsInput): Promise<TenantCreationPlan & { run: LinkingRunOutcome }> {
    return this.linking.applyCreateTenants(input);
  }
}
