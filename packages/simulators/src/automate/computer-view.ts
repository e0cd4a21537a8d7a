/**
 * The simulated Automate's computers: the fleet's agents (derived on demand, never all in
 * memory) plus what happened to them through the API — moved to another location (PATCH) or
 * retired (DELETE). Listing walks only candidate rows (a client's contiguous range when the
 * condition pins `Client.Id`) and remembers where each page ended, so paging a 100,000-agent
 * fleet page after page costs O(page) per request and memory stays flat. The cursor memo is
 * dropped whenever data changes, so paging keeps true offset semantics (a row deleted between
 * two page requests shifts later rows, as on a SQL-backed server).
 */
import type { CwClient, CwLocation, Fleet, FleetAgent } from '../fleet/fleet.types.js';
import { chassisRecord, computerRecord, formatDate, type Placement, type RecordFormat } from './automate-records.js';
import { project, type ListOptions } from './list-options.js';
import { compareByField, matches, narrowValues, pageSlice } from './list-query.js';

type Row = Record<string, unknown>;
/** The two computer-keyed collections. */
export type ComputerResource = 'computers' | 'chassis';

const MAX_CURSORS = 64;

export class ComputerView {
  readonly clients = new Map<number, CwClient>();
  readonly locations = new Map<number, CwLocation>();
  private readonly firstLocation = new Map<number, CwLocation>();
  private readonly moved = new Map<number, { clientId: number; locationId: number }>();
  private readonly retired = new Map<number, Row>();
  private readonly cursors = new Map<string, Map<number, number>>();
  private version = 0;
  private retiredSeq = 1;

  constructor(
    private readonly fleet: Fleet,
    private readonly format: RecordFormat,
    private readonly now: () => number,
    /** `hard-delete`: a deleted computer leaves no Retired Assets row. */
    private readonly deleteMode: 'retire' | 'hard-delete' = 'retire',
  ) {
    for (const client of fleet.automate.clients) this.clients.set(client.id, client);
    for (const location of fleet.automate.locations) {
      this.locations.set(location.id, location);
      if (!this.firstLocation.has(location.clientId)) this.firstLocation.set(location.clientId, location);
    }
  }

  /** The index of a live (not retired) computer, or undefined. */
  indexOf(computerId: number): number | undefined {
    if (!Number.isSafeInteger(computerId) || this.retired.has(computerId)) return undefined;
    return this.fleet.automate.indexOfAgent(computerId);
  }

  agent(index: number): FleetAgent {
    return this.fleet.automate.agent(index);
  }

  /** The client and location a computer is in now. */
  placement(agent: FleetAgent): Placement {
    const move = this.moved.get(agent.agentId);
    const clientId = move?.clientId ?? agent.clientId;
    const client = this.clients.get(clientId) ?? { id: clientId, name: `Client ${clientId}`, company: '' };
    const locationId = move?.locationId ?? agent.siteId;
    const location = (locationId === undefined ? undefined : this.locations.get(locationId)) ?? this.firstLocation.get(clientId);
    return { client, location };
  }

  /** The Computer row at an index (undefined once retired). */
  computer(index: number): Row | undefined {
    const agent = this.agent(index);
    if (this.retired.has(agent.agentId)) return undefined;
    const machine = this.fleet.truth.machine(agent.machineId);
    return computerRecord(agent, this.placement(agent), this.format, machine?.isVirtual ?? false);
  }

  /** The ComputerChassis row at an index (undefined once retired or without inventory). */
  chassis(index: number): Row | undefined {
    const agent = this.agent(index);
    return this.retired.has(agent.agentId) ? undefined : chassisRecord(agent, this.format);
  }

  /** Moves a computer to a location; the client follows the location. */
  move(computerId: number, location: CwLocation): void {
    this.moved.set(computerId, { clientId: location.clientId, locationId: location.id });
    this.changed();
  }

  /** Retires a computer: it leaves the lists and appears under RetiredAssets (unless hard-deleted). */
  retire(computerId: number, comment = ''): boolean {
    const index = this.indexOf(computerId);
    if (index === undefined) return false;
    const agent = this.agent(index);
    const { client, location } = this.placement(agent);
    this.retired.set(computerId, {
      Id: this.retiredSeq++,
      ComputerId: computerId,
      ComputerName: agent.hostname,
      Client: { Id: client.id, Name: client.name },
      Location: location ? { Id: location.id, Name: location.name } : null,
      OperatingSystemName: agent.os,
      OperatingSystemVersion: '',
      LocalIPAddress: '',
      GatewayIPAddress: '',
      AssetTag: '',
      AssetDate: null,
      RetiredDate: formatDate(this.now(), this.format),
      RetireComment: comment,
      Comment: '',
    });
    this.changed();
    return true;
  }

  retiredAssets(): Row[] {
    return this.deleteMode === 'retire' ? [...this.retired.values()] : [];
  }

  private changed(): void {
    this.version++;
    this.cursors.clear();
  }

  /** One page of a computer-keyed collection. */
  list(resource: ComputerResource, options: ListOptions): Row[] {
    const idField = resource === 'computers' ? 'Id' : 'ComputerId';
    const rowAt = (i: number): Row | undefined => (resource === 'computers' ? this.computer(i) : this.chassis(i));
    const segments = this.candidates(resource, options, idField);
    const byId = !options.orderBy || options.orderBy.field.toLowerCase() === idField.toLowerCase();
    if (!byId) {
      // Ordering by another field needs every match in hand; only explicit requests pay that.
      const all: Row[] = [];
      for (const i of walk(segments, false)) {
        const row = rowAt(i);
        if (row && matches(row, options, idField)) all.push(row);
      }
      all.sort(compareByField(options.orderBy?.field ?? idField, options.orderBy?.descending ?? false));
      return pageSlice(all, options).map((row) => project(row, options, [idField]));
    }
    const descending = options.orderBy?.descending ?? false;
    const key = [resource, this.version, options.conditionText, options.ids?.join(',') ?? '', descending, options.pageSize].join('|');
    const memo = this.cursors.get(key) ?? new Map<number, number>();
    let startPage = 1;
    let resume: number | undefined;
    for (const [page, position] of memo) {
      if (page <= options.page && page > startPage) {
        startPage = page;
        resume = position;
      }
    }
    let skip = Number.isFinite(options.pageSize) ? (options.page - startPage) * options.pageSize : options.page > 1 ? Infinity : 0;
    const out: Row[] = [];
    let last: number | undefined;
    for (const i of walk(segments, descending, resume)) {
      const row = rowAt(i);
      if (!row || !matches(row, options, idField)) continue;
      last = i;
      if (skip > 0) {
        skip--;
        continue;
      }
      out.push(project(row, options, [idField]));
      if (out.length >= options.pageSize) break;
    }
    if (last !== undefined && out.length > 0 && Number.isFinite(options.pageSize)) {
      memo.set(options.page + 1, last);
      this.cursors.delete(key);
      this.cursors.set(key, memo);
      if (this.cursors.size > MAX_CURSORS) this.cursors.delete(this.cursors.keys().next().value as string);
    }
    return out;
  }

  /** Index ranges [start, end) that can hold matching rows. */
  private candidates(resource: ComputerResource, options: ListOptions, idField: string): Array<[number, number]> {
    const total = this.fleet.automate.agentCount;
    let ids = narrowValues(options.condition, idField);
    if (options.ids) ids = ids ? new Set(options.ids.filter((v) => ids?.has(v))) : new Set(options.ids);
    if (ids) {
      return [...ids].flatMap((id) => {
        const index = this.fleet.automate.indexOfAgent(id);
        return index === undefined ? [] : [[index, index + 1] as [number, number]];
      });
    }
    if (resource === 'chassis') return [[0, total]];
    let clientIds = narrowValues(options.condition, 'Client.Id');
    const locationIds = narrowValues(options.condition, 'Location.Id');
    if (locationIds) {
      const owners = new Set([...locationIds].map((l) => this.locations.get(l)?.clientId).filter((c): c is number => c !== undefined));
      clientIds = clientIds ? new Set([...clientIds].filter((c) => owners.has(c))) : owners;
    }
    if (!clientIds) return [[0, total]];
    const segments: Array<[number, number]> = [];
    for (const clientId of clientIds) {
      if (this.clients.has(clientId)) segments.push([...this.fleet.automate.agentRange(clientId)] as [number, number]);
    }
    for (const [agentId, move] of this.moved) {
      const index = this.fleet.automate.indexOfAgent(agentId);
      if (index !== undefined && clientIds.has(move.clientId)) segments.push([index, index + 1]);
    }
    return segments;
  }
}

/** Visits the indices of possibly overlapping ranges once each, in order, after `resume`. */
function* walk(segments: Array<[number, number]>, descending: boolean, resume?: number): Generator<number> {
  if (!descending) {
    const sorted = [...segments].sort((a, b) => a[0] - b[0]);
    let next = resume === undefined ? 0 : resume + 1;
    for (const [start, end] of sorted) {
      for (let i = Math.max(start, next); i < end; i++) yield i;
      next = Math.max(next, end);
    }
    return;
  }
  const sorted = [...segments].sort((a, b) => b[1] - a[1]);
  let next = resume === undefined ? Number.POSITIVE_INFINITY : resume - 1;
  for (const [start, end] of sorted) {
    for (let i = Math.min(end - 1, next); i >= start; i--) yield i;
    next = Math.min(next, start - 1);
  }
}
