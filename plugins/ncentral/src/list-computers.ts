/**
 * ListComputers — the devices of the requested customers and sites, page by page (reference
 * §5). One page of device records is held at a time. The records carry no hardware identity:
 * by default the host reads it through GetComputerIdentity where needed. With `fetchAssets: true`
 * each page's devices get it from their assets instead, under the assets concurrency cap, before
 * the page is yielded; with `fetchAssets: false` they are listed with none. Probes have no
 * assets (N-central answers 404 for them).
 *
 * A customer's listing contains its sites' devices; when a site is requested along with its
 * customer, the site listing skips them (they come with the customer), so none is yielded twice
 * and no extra request is needed to find out which ids are sites.
 */
import { mergeStreams, PermissionError, type ListComputers, type ListComputersQuery, type RmmAgentInput } from '@rmm-hub/core/plugin';

import type { NcentralApi } from './client.js';
import { fetchIdentity } from './device-identity.js';
import { isProbeRecord, parseDevice, type NcDeviceRecord } from './device-parser.js';
import { toId } from './nc-values.js';

/** The ListComputers capability. */
export class NcentralListComputers implements ListComputers {
  constructor(private readonly api: NcentralApi) {}

  async *listComputers(query: ListComputersQuery, options: { signal?: AbortSignal } = {}): AsyncIterable<RmmAgentInput> {
    const { signal } = options;
    const requested = [...new Set(query.clientIds.map((id) => toId(id)).filter((id): id is string => id !== undefined))];
    const wanted = new Set(requested);
    let yielded = 0;
    // Org units are listed concurrently, up to the devices endpoint's cap: one at a time would
    // leave all but one of the server's allowed requests unused. Each org unit keeps at most
    // one page in progress, so memory stays bounded by cap × page size.
    const orgUnitPages = requested.map((orgUnitId) => () => this.pagesOf(orgUnitId, wanted, signal));
    for await (const page of mergeStreams(orgUnitPages, this.api.devicesConcurrency)) {
      yielded += page.length;
      yield* page;
    }
    if (yielded === 0 && requested.length > 0) await this.assertDevicesVisible(signal);
  }

  /** One org unit's devices, a page at a time, parsed and enriched with their assets. */
  private async *pagesOf(orgUnitId: string, wanted: ReadonlySet<string>, signal: AbortSignal | undefined): AsyncGenerator<RmmAgentInput[]> {
    let batch: NcDeviceRecord[] = [];
    for await (const record of this.api.list<NcDeviceRecord>('/api/org-units/{orgUnitId}/devices', { orgUnitId }, signal)) {
      const customerId = toId(record.customerId);
      // A site's device whose customer is requested too comes with the customer's listing.
      if (customerId !== undefined && customerId !== orgUnitId && wanted.has(customerId)) continue;
      batch.push(record);
      if (batch.length < this.api.config.pageSize) continue;
      yield await this.enrich(batch, signal);
      batch = [];
    }
    if (batch.length > 0) yield await this.enrich(batch, signal);
  }

  /**
   * An empty listing is suspicious: until the API user accepts the EULA, N-central shows
   * customers but no devices at all. Reporting that as "no devices" would let a sync conclude
   * every computer is gone, so it is an error with the fix as hint.
   */
  private async assertDevicesVisible(signal: AbortSignal | undefined): Promise<void> {
    const devices = await this.api.page<unknown>('/api/devices', undefined, 1, 1, signal);
    if ((devices.totalItems ?? devices.items.length) > 0) return;
    const customers = await this.api.page<unknown>('/api/customers', undefined, 1, 1, signal);
    if ((customers.totalItems ?? customers.items.length) === 0) return;
    throw new PermissionError('ncentral: the API user sees customers but no devices at all', {
      hint: 'Log in to the N-central UI once as the API user and accept the EULA; until then the API lists customers but no devices.',
      context: { reason: 'eula-not-accepted' },
    });
  }

  /** Parses a batch of records and, when configured, fetches their assets concurrently. */
  private async enrich(records: NcDeviceRecord[], signal: AbortSignal | undefined): Promise<RmmAgentInput[]> {
    const now = Date.now();
    const parseOptions = { onlineWithinMinutes: this.api.config.onlineWithinMinutes, now, timeZone: this.api.config.serverTimeZone };
    const identities = await Promise.all(
      records.map((record) => {
        const id = toId(record.deviceId);
        // A probe has no assets: its identity is known to be empty without asking.
        if (isProbeRecord(record) || this.api.config.fetchAssets === false) return { macAddresses: [] };
        if (this.api.config.fetchAssets === undefined || id === undefined) return undefined;
        // All requests are issued; the toolkit's limiter keeps only the cap in flight.
        return fetchIdentity(this.api, id, signal);
      }),
    );
    const items: RmmAgentInput[] = [];
    records.forEach((record, i) => {
      const agent = parseDevice(record, parseOptions, identities[i]);
      if (agent) items.push(agent);
      // One record the plugin cannot read must not cost the whole listing.
      else this.api.skipRecord('ListComputers', `device ${String(record.deviceId ?? '(no id)')} "${String(record.longName ?? '')}"`, 'no usable device id or customer', toId(record.deviceId));
    });
    return items;
  }
}
