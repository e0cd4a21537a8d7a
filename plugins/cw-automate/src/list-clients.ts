/**
 * ListClients: Automate clients, then their locations as children. The display name is
 * `Company`, falling back to `Name` when it is blank (ImmyBot hit blank companies, reference
 * §4.1); `Client.ExternalId` — the ConnectWise Manage company id when the Manage plugin links
 * the client — becomes the PSA company hint. Location ids are prefixed `location:` so they
 * never collide with client ids (both are small integers in Automate).
 */
import type { ListClients, RmmClientInput } from '@rmm-hub/core/plugin';

import type { AutomateApi, Row, SkipRecord } from './automate-api.js';
import { field, parseId, text } from './parse-values.js';

/** The RmmClient id of an Automate location. */
export const locationKey = (locationId: string | number): string => `location:${locationId}`;

/** The Automate location id inside a `location:<id>` key, or undefined. */
export function parseLocationKey(id: string): string | undefined {
  const match = /^location:(\d+)$/.exec(id.trim());
  return match ? match[1] : undefined;
}

/** An Automate Client row → RmmClient (undefined when it has no usable id or name). */
export function toRmmClient(row: Row): RmmClientInput | undefined {
  const id = parseId(field(row, 'Id'));
  const name = text(field(row, 'Company')) ?? text(field(row, 'Name'));
  if (!id || !name) return undefined;
  const externalId = text(field(row, 'ExternalId'));
  const automateName = text(field(row, 'Name'));
  return {
    id,
    name,
    kind: 'client',
    hints: {
      // "0" or blank means "not linked to a PSA company".
      ...(externalId && !/^0+$/.test(externalId) ? { psaCompanyId: externalId } : {}),
      externalIds: automateName && automateName !== name ? { automateClientName: automateName } : {},
    },
  };
}

/** An Automate Location row → RmmClient child of its client. */
export function toRmmLocation(row: Row): RmmClientInput | undefined {
  const id = parseId(field(row, 'Id')) ?? parseId(field(row, 'LocationId'));
  const parentId = parseId(field(field(row, 'Client'), 'Id'));
  const name = text(field(row, 'Name'));
  if (!id || !parentId || !name) return undefined;
  return { id: locationKey(id), name, kind: 'location', parentId };
}

export class AutomateClients implements ListClients {
  constructor(
    private readonly api: AutomateApi,
    private readonly pageSize: number,
    private readonly skip: SkipRecord,
  ) {}

  async *listClients(options: { signal?: AbortSignal } = {}): AsyncIterable<RmmClientInput> {
    const order = { orderby: 'Id asc' };
    for await (const page of this.api.pages('/clients', { ...order, includefields: 'Id,Name,Company,ExternalId' }, this.pageSize, options.signal)) {
      for (const row of page) yield* this.keep(toRmmClient(row), row, 'client');
    }
    for await (const page of this.api.pages('/locations', { ...order, includefields: 'Id,LocationId,Name,Client' }, this.pageSize, options.signal)) {
      for (const row of page) yield* this.keep(toRmmLocation(row), row, 'location');
    }
  }

  private *keep(client: RmmClientInput | undefined, row: Row, kind: string): Iterable<RmmClientInput> {
    if (client) yield client;
    else this.skip(`${kind} ${String(field(row, 'Id') ?? '(no id)')} "${String(field(row, 'Name') ?? '')}"`, 'no usable id or name');
  }
}
