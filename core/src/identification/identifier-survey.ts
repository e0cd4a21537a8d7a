/**
 * The one thing identification must know about every agent before it identifies any tenant:
 * which values are on too many machines to mean anything (quarantined, prior-art §D.3), and
 * which strong values occur in more than one tenant (the candidates for a cross-tenant
 * conflict). Everything else is decided tenant by tenant, since matching never crosses one.
 *
 * A survey is fed agents one at a time and keeps only compact per-value counts (see
 * `ValueSpread`), so the service can stream a whole fleet through it and then hold one tenant
 * in memory at a time.
 */
import type { IdentifierKind } from './known-bad-registry.js';
import type { AgentIdentifiers } from './model/agent-records.js';
import { fingerprint32 } from './string-hash.js';
import { ValueSpread } from './value-spread.js';

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
type SurveyedKind = StrongKind | 'mac';

/** What the survey counts of an agent besides its tenant: its identifiers, vetted (see `surveyedKeys`). */
export type KeyIdentifiers = Pick<AgentIdentifiers, 'host' | 'uuid' | 'serial' | 'board' | 'macs'>;

/** Normalised values quarantined for being seen on too many machines (see `IdentifierSurvey`). */
export interface QuarantinedValues {
  uuid: ReadonlySet<string>;
  serial: ReadonlySet<string>;
  board: ReadonlySet<string>;
  mac: ReadonlySet<string>;
}

/** Streams agents in, gives the run's {@link IdentificationPlan} out. */
export class IdentifierSurvey {
  /** Per kind, let go by {@link finish}. */
  private spreads: Record<SurveyedKind, ValueSpread> | undefined;
  /** Tenants, numbered. */
  private readonly tenants = new Map<string, number>();

  constructor(private readonly quarantineThreshold: number) {
    this.spreads = { uuid: new ValueSpread(), serial: new ValueSpread(), board: new ValueSpread(), mac: new ValueSpread() };
  }

  private get counting(): Record<SurveyedKind, ValueSpread> {
    if (this.spreads === undefined) throw new Error('IdentifierSurvey: the survey is finished');
    return this.spreads;
  }

  /** Counts one agent of `tenantId`, vetted (each agent once: the caller removes repeated agent keys). */
  add(tenantId: string, p: KeyIdentifiers): void {
    const spreads = this.counting;
    // A machine is approximated by its hostname ("seen on N distinct hostnames").
    const host = fingerprint32(p.host);
    let tenant = this.tenants.get(tenantId);
    if (tenant === undefined) this.tenants.set(tenantId, (tenant = this.tenants.size));
    if (p.uuid !== undefined) spreads.uuid.add(p.uuid, host, tenant);
    if (p.serial !== undefined) spreads.serial.add(p.serial, host, tenant);
    if (p.board !== undefined) spreads.board.add(p.board, host, tenant);
    // MACs are never keys on their own, so their tenants do not matter: all count as one.
    for (const mac of p.macs) spreads.mac.add(mac, host, 0);
  }

  /** The plan; the counts are let go here. */
  finish(): IdentificationPlan {
    const spreads = this.counting;
    this.spreads = undefined;
    const quarantinedList: { kind: IdentifierKind; value: string }[] = [];
    const over = (kind: SurveyedKind): Set<string> => {
      const set = new Set(spreads[kind].onMachines(this.quarantineThreshold));
      for (const value of set) quarantinedList.push({ kind, value });
      return set;
    };
    const quarantined = { uuid: over('uuid'), serial: over('serial'), board: over('board'), mac: over('mac') };
    quarantinedList.sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    const crossTenant = { uuid: new Set<string>(), serial: new Set<string>(), board: new Set<string>() };
    for (const kind of STRONG_KINDS) {
      for (const value of spreads[kind].inTenants()) if (!quarantined[kind].has(value)) crossTenant[kind].add(value);
    }
    return { quarantined, quarantinedList, crossTenant };
  }
}
