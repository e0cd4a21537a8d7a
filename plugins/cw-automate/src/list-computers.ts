/**
 * ListComputers: the computers of the requested clients (or `location:<id>` children), selected
 * with `condition` filters in batches, streamed page by page until an empty page. The Computer
 * object carries no SMBIOS UUID, manufacturer or model (reference §5.2), so each page is enriched
 * from `computers/Chassis`, looked up by the page's ids in chunks that keep URLs short (IIS
 * refuses query strings over 2 KB by default). Only one page is held in memory at a time.
 */
import { mergeStreams, type ListComputers, type ListComputersQuery, type RmmAgentInput } from '@rmm-hub/core/plugin';

import type { AutomateApi, Row, SkipRecord } from './automate-api.js';
import { anyOf, idValue } from './condition-builder.js';
import { locationKey, parseLocationKey } from './list-clients.js';
import { field, isDateSet, parseDate, parseId, text } from './parse-values.js';

/** Client ids per `condition` (keeps the URL well under 2 KB). */
const CLIENT_BATCH = 100;
/** Computer ids per Chassis lookup. */
const CHASSIS_CHUNK = 150;
const COMPUTER_FIELDS = 'Id,ComputerName,Client,Location,Status,OperatingSystemName,RemoteAgentLastContact,SerialNumber,MACAddress';

/** A record that cannot be read; the listing skips it and goes on. */
export class UnreadableRecord extends Error {}

/**
 * A Computer row plus its Chassis row (if any) → RmmAgent.
 * @throws UnreadableRecord when the row lacks an id, client or name, or holds a time that is not one.
 */
export function toRmmAgent(row: Row, chassis: Row | undefined, timeZone = 'UTC'): RmmAgentInput {
  const id = parseId(field(row, 'Id'));
  const clientId = parseId(field(field(row, 'Client'), 'Id'));
  const hostname = text(field(row, 'ComputerName'));
  if (!id || !clientId || !hostname) throw new UnreadableRecord('no usable id, client or name');
  const locationId = parseId(field(field(row, 'Location'), 'Id'));
  const os = text(field(row, 'OperatingSystemName'));
  const contact = field(row, 'RemoteAgentLastContact');
  const lastSeen = parseDate(contact, timeZone);
  if (lastSeen === undefined && isDateSet(contact)) throw new UnreadableRecord(`RemoteAgentLastContact ${JSON.stringify(contact)} is not a readable time`);
  const mac = text(field(row, 'MACAddress'));
  const fromChassis = (name: string): string | undefined => text(field(chassis, name));
  return {
    id,
    clientId,
    ...(locationId ? { siteId: locationKey(locationId) } : {}),
    hostname,
    ...(os ? { os } : {}),
    online: String(field(row, 'Status') ?? '').toLowerCase() === 'online',
    ...(lastSeen ? { lastSeen } : {}),
    identity: {
      smbiosUuid: fromChassis('UUID'),
      serialNumber: fromChassis('SerialNumber') ?? text(field(row, 'SerialNumber')),
      boardSerial: fromChassis('MainBoardSerialNumber'),
      // Only the Chassis row knows the system's maker. The Computer row's BiosManufacturer is the
      // firmware's vendor (American Megatrends, Phoenix, Insyde on white boxes and VMs): taking
      // it for the maker would set two agents of one machine apart.
      manufacturer: fromChassis('Manufacturer'),
      model: fromChassis('ProductName'),
      macAddresses: mac ? [mac] : [],
    },
    // CommandExecute runs cmd/PowerShell: Windows agents only.
    canRunScripts: os === undefined || /windows/i.test(os),
  };
}

export class AutomateComputers implements ListComputers {
  constructor(
    private readonly api: AutomateApi,
    private readonly pageSize: number,
    private readonly skip: SkipRecord,
    /** Filter batches listed at once; the integration's request concurrency. */
    private readonly concurrency = 1,
    /** The zone of zone-less times (the integration's `serverTimeZone`). */
    private readonly timeZone = 'UTC',
  ) {}

  async *listComputers(query: ListComputersQuery, options: { signal?: AbortSignal } = {}): AsyncIterable<RmmAgentInput> {
    const clients: (string | number)[] = [];
    const locations: (string | number)[] = [];
    for (const id of new Set(query.clientIds)) {
      const location = parseLocationKey(id);
      if (location) locations.push(idValue(location));
      // A non-numeric id cannot be an Automate client; it is still quoted, never spliced in.
      else clients.push(idValue(id));
    }
    const filters = [
      ...batches(clients, CLIENT_BATCH).map((batch) => ({ condition: anyOf('Client.Id', batch), byLocation: false })),
      ...batches(locations, CLIENT_BATCH).map((batch) => ({ condition: anyOf('Location.Id', batch), byLocation: true })),
    ];
    // A location asked for together with its client is already covered by the client's pass:
    // its computers must not be listed twice.
    const wholeClients = new Set(clients.map(String));
    // Filter batches are listed concurrently, up to the integration's concurrency: one after
    // another would leave all but one allowed request unused. Each batch keeps at most one
    // page in progress, so memory stays bounded by concurrency × page size.
    const batchPages = filters.map(({ condition, byLocation }) => () => this.pagesOf(condition, byLocation, wholeClients, options.signal));
    for await (const page of mergeStreams(batchPages, this.concurrency)) yield* page;
  }

  /** The computers matching one condition, a page at a time, enriched from their Chassis rows. */
  private async *pagesOf(condition: string, byLocation: boolean, wholeClients: ReadonlySet<string>, signal: AbortSignal | undefined): AsyncGenerator<RmmAgentInput[]> {
    const pages = this.api.pages('/computers', { condition, orderby: 'Id asc', includefields: COMPUTER_FIELDS }, this.pageSize, signal);
    for await (const page of pages) {
      const chassis = await this.chassisOf(page, signal);
      const agents: RmmAgentInput[] = [];
      for (const row of page) {
        let agent: RmmAgentInput;
        try {
          agent = toRmmAgent(row, chassis.get(parseId(field(row, 'Id')) ?? ''), this.timeZone);
        } catch (error) {
          // One record the plugin cannot read must not cost the whole listing.
          this.skip(`computer ${String(field(row, 'Id') ?? '(no id)')} "${String(field(row, 'ComputerName') ?? '')}"`, error instanceof Error ? error.message : String(error), parseId(field(row, 'Id')));
          continue;
        }
        if (byLocation && wholeClients.has(String(agent.clientId))) continue;
        agents.push(agent);
      }
      yield agents;
    }
  }

  /** The Chassis rows of a page's computers, by ComputerId. */
  private async chassisOf(page: Row[], signal: AbortSignal | undefined): Promise<Map<string, Row>> {
    const ids = page.map((row) => parseId(field(row, 'Id'))).filter((id): id is string => id !== undefined);
    const out = new Map<string, Row>();
    await Promise.all(
      batches(ids, CHASSIS_CHUNK).map(async (chunk) => {
        const condition = anyOf('ComputerId', chunk.map(idValue));
        const pageSize = Math.max(chunk.length, 10);
        for await (const rows of this.api.pages('/computers/Chassis', { condition }, pageSize, signal)) {
          for (const row of rows) {
            const id = parseId(field(row, 'ComputerId'));
            if (id) out.set(id, row);
          }
          // The chunk fits in one page: a short page is the whole answer, no need to ask for an empty one.
          if (rows.length < pageSize) break;
        }
      }),
    );
    return out;
  }
}

function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
