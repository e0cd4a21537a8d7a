/**
 * The one thing identification must know about every agent before it identifies any tenant:
 * which values are on too many machines to mean anything (quarantined, prior-art §D.3), and
 * which strong values occur in more than one tenant (the candidates for a cross-tenant
 * conflict). Everything else is decided tenant by tenant, since matching never crosses one.
 *
 * A survey is fed agents one at a time and keeps only per-value counts, so the service can
 * stream a whole fleet through it and then hold one tenant in memory at a time.
 */
import { normaliseAgent, type PreparedAgent, type QuarantinedValues } from './agent-keys.js';
import type { IdentificationAgent } from './identification.types.js';
import { Interner } from './interner.js';
import type { IdentifierKind, KnownBadRegistry } from './known-bad-registry.js';

/** What the survey found: applies to every tenant of the run. */
export interface IdentificationPlan {
  quarantined: QuarantinedValues;
  /** The quarantined values, sorted by kind then value (the run's report). */
  quarantinedList: { kind: IdentifierKind; value: string }[];
  /** UUIDs, serials and board serials seen (not quarantined) in more than one tenant. */
  crossTenant: { uuid: ReadonlySet<string>; serial: ReadonlySet<string>; board: ReadonlySet<string> };
}

const STRONG_KINDS = ['uuid', 'serial', 'board'] as const;
type StrongKind = (typeof STRONG_KINDS)[number];
/** The kinds of value the survey counts. */
export type SurveyedKind = StrongKind | 'mac';

/**
 * Distinct machines per value, a machine being approximated by its hostname ("seen on more
 * than N distinct hostnames"). Allocation-free for the common case of a value on one machine.
 */
class DistinctPerValue {
  private readonly first: string[] = [];
  private readonly more = new Map<number, Set<string>>();

  add(valueId: number, item: string): void {
    const first = this.first[valueId];
    if (first === undefined) this.first[valueId] = item;
    else if (first !== item) {
      const set = this.more.get(valueId);
      if (set === undefined) this.more.set(valueId, new Set([first, item]));
      else set.add(item);
    }
  }

  /** Value ids with at least `threshold` distinct items. */
  atLeast(threshold: number): number[] {
    const out: number[] = [];
    for (const [valueId, set] of this.more) if (set.size >= threshold) out.push(valueId);
    return out;
  }
}

interface KindCounts {
  values: Interner;
  machines: DistinctPerValue;
  tenants: DistinctPerValue;
}

/** Streams agents in, gives the run's {@link IdentificationPlan} out. */
export class IdentifierSurvey {
  /** The counting tables: let go by {@link finish}, which leaves only the values. */
  private kinds: Record<SurveyedKind, KindCounts> | undefined;
  /** Every value by id, per kind: all that {@link valueOf} needs after {@link finish}. */
  private readonly values: Record<SurveyedKind, readonly string[]>;
  private readonly vendors = new Map<string, string | undefined>();

  /** `expectedAgents` only sizes the tables. */
  constructor(
    private readonly registry: KnownBadRegistry,
    private readonly quarantineThreshold: number,
    expectedAgents = 1024,
  ) {
    const counts = (expected: number): KindCounts => ({ values: new Interner(expected), machines: new DistinctPerValue(), tenants: new DistinctPerValue() });
    const kinds = { uuid: counts(expectedAgents), serial: counts(expectedAgents), board: counts(expectedAgents), mac: counts(expectedAgents * 2) };
    this.kinds = kinds;
    this.values = { uuid: kinds.uuid.values.values, serial: kinds.serial.values.values, board: kinds.board.values.values, mac: kinds.mac.values.values };
  }

  private get counting(): Record<SurveyedKind, KindCounts> {
    if (this.kinds === undefined) throw new Error('IdentifierSurvey: the survey is finished');
    return this.kinds;
  }

  /**
   * Counts one agent (each agent once: the caller removes repeated agent keys) and returns it
   * normalised, for a caller that keeps agents in memory to hand to the tenant's run.
   */
  add(agent: IdentificationAgent, key: string): PreparedAgent {
    // The same normalising and vetting every tenant's run uses, so both agree on values.
    const p = normaliseAgent(0, key, agent, this.registry, this.vendors);
    if (p.uuid !== undefined) this.count('uuid', p.uuid, p.host, p.tenantId);
    if (p.serial !== undefined) this.count('serial', p.serial, p.host, p.tenantId);
    if (p.board !== undefined) this.count('board', p.board, p.host, p.tenantId);
    const mac = this.counting.mac;
    for (const value of p.macs) mac.machines.add(mac.values.id(value), p.host);
    return p;
  }

  /**
   * The survey's id of a value it counted: a caller that keeps agents until their tenant's
   * turn can keep these numbers instead of the strings (see `PackedTenantAgents`).
   */
  idOf(kind: SurveyedKind, value: string): number {
    return this.counting[kind].values.id(value);
  }

  /** The value behind {@link idOf}. */
  valueOf(kind: SurveyedKind, id: number): string {
    return this.values[kind][id] as string;
  }

  private count(kind: StrongKind, value: string, host: string, tenantId: string): void {
    const counts = this.counting[kind];
    const id = counts.values.id(value);
    counts.machines.add(id, host);
    counts.tenants.add(id, tenantId);
  }

  /**
   * The plan. The counting tables are let go here (a run holds the survey until its last
   * tenant, for {@link valueOf}, and at 146,000 agents they are ~15 MiB); only the values stay.
   */
  finish(): IdentificationPlan {
    const kinds = this.counting;
    this.kinds = undefined;
    const quarantinedList: { kind: IdentifierKind; value: string }[] = [];
    const over = (kind: SurveyedKind): Set<string> => {
      const { values, machines } = kinds[kind];
      const set = new Set(machines.atLeast(this.quarantineThreshold).map((id) => values.values[id] as string));
      for (const value of set) quarantinedList.push({ kind, value });
      return set;
    };
    const quarantined = { uuid: over('uuid'), serial: over('serial'), board: over('board'), mac: over('mac') };
    quarantinedList.sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    const crossTenant = { uuid: new Set<string>(), serial: new Set<string>(), board: new Set<string>() };
    for (const kind of STRONG_KINDS) {
      const { values, tenants } = kinds[kind];
      for (const id of tenants.atLeast(2)) {
        const value = values.values[id] as string;
        if (!quarantined[kind].has(value)) crossTenant[kind].add(value);
      }
    }
    return { quarantined, quarantinedList, crossTenant };
  }
}
