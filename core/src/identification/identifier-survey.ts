/**
 * The run's plan from the store's survey of the fleet (see `SpreadValue`): the values to
 * quarantine for being on too many machines, and the strong values in more than one tenant.
 * Known-bad values are left out of both: vetting a value drops it from every agent alike, so
 * it never changes how widely another value is spread.
 */
import type { IdentifierKind, KnownBadRegistry } from './known-bad-registry.js';
import type { SpreadValue } from './model/identifier-spread.js';

/** What the survey found: applies to every tenant of the run. */
export interface IdentificationPlan {
  quarantined: QuarantinedValues;
  /** The quarantined values, sorted by kind then value (the run's report). */
  quarantinedList: { kind: IdentifierKind; value: string }[];
  /** UUIDs, serials and board serials seen (not quarantined) in more than one tenant, each with those tenants. */
  crossTenant: { uuid: ReadonlyMap<string, readonly string[]>; serial: ReadonlyMap<string, readonly string[]>; board: ReadonlyMap<string, readonly string[]> };
}

/** Normalised values quarantined for being seen on too many machines. */
export interface QuarantinedValues {
  uuid: ReadonlySet<string>;
  serial: ReadonlySet<string>;
  board: ReadonlySet<string>;
  mac: ReadonlySet<string>;
}

/** The plan of a run whose quarantine threshold is `threshold` machines. */
export function identificationPlan(spread: readonly SpreadValue[], registry: KnownBadRegistry, threshold: number): IdentificationPlan {
  const quarantined = { uuid: new Set<string>(), serial: new Set<string>(), board: new Set<string>(), mac: new Set<string>() };
  const crossTenant = { uuid: new Map<string, string[]>(), serial: new Map<string, string[]>(), board: new Map<string, string[]>() };
  const quarantinedList: { kind: IdentifierKind; value: string }[] = [];
  for (const { kind, value, machines, tenantIds } of spread) {
    if (registry.isKnownBad(kind, value)) continue;
    if (machines >= threshold) {
      quarantined[kind].add(value);
      quarantinedList.push({ kind, value });
    } else if (kind !== 'mac' && tenantIds.length > 1) {
      crossTenant[kind].set(value, tenantIds);
    }
  }
  quarantinedList.sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  return { quarantined, quarantinedList, crossTenant };
}
