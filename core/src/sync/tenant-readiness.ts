/**
 * When a tenant is ready to be identified during a sync: once every integration of the sync has
 * linked its clients (linking runs over every integration's clients, so until then any link may
 * still move), and every integration whose listing feeds the tenant has stored its agents.
 * An integration whose run ends — finished, failed or interrupted — feeds nothing more: the
 * tenants it still held are released, and identified with what is stored, as they would be
 * after a sync that identifies once at its end.
 */
export class TenantReadiness {
  /** Integrations that have neither linked nor ended. */
  readonly #linking: Set<string>;
  /** Tenant → the integrations whose listing of it has not ended. */
  readonly #feeding = new Map<string, Set<string>>();
  /** Tenants no listing holds any more, waiting for the last integration to link. */
  readonly #held = new Set<string>();

  constructor(
    integrationIds: Iterable<string>,
    /** `pending`: tenants some listing still feeds (known once every integration has linked). */
    private readonly onReady: (tenantIds: string[], pending: number) => void,
  ) {
    this.#linking = new Set(integrationIds);
  }

  /** `integrationId` has linked its clients, and will list the agents of `tenantIds`. */
  linked(integrationId: string, tenantIds: Iterable<string>): void {
    for (const tenantId of tenantIds) {
      const feeders = this.#feeding.get(tenantId) ?? new Set<string>();
      feeders.add(integrationId);
      this.#feeding.set(tenantId, feeders);
    }
    this.#linking.delete(integrationId);
    this.#release();
  }

  /** `integrationId` has stored the agents of `tenantId` (and marked the missing ones gone). */
  listed(integrationId: string, tenantId: string): void {
    this.#unfeed(integrationId, tenantId);
    this.#release();
  }

  /** `integrationId`'s run has ended: it feeds nothing more. */
  ended(integrationId: string): void {
    this.#linking.delete(integrationId);
    for (const tenantId of [...this.#feeding.keys()]) this.#unfeed(integrationId, tenantId);
    this.#release();
  }

  #unfeed(integrationId: string, tenantId: string): void {
    const feeders = this.#feeding.get(tenantId);
    if (!feeders?.delete(integrationId)) return;
    if (feeders.size > 0) return;
    this.#feeding.delete(tenantId);
    this.#held.add(tenantId);
  }

  #release(): void {
    if (this.#linking.size > 0 || this.#held.size === 0) return;
    const ready = [...this.#held].filter((tenantId) => !this.#feeding.has(tenantId));
    this.#held.clear();
    if (ready.length > 0) this.onReady(ready.sort(), this.#feeding.size);
  }
}
