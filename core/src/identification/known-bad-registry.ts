/**
 * The registry of known-bad identifiers: placeholder UUIDs and serials, dummy and virtual MACs,
 * placeholder models and manufacturers. The base list ships as a versioned data file
 * (`known-bad-identifiers.json`, from the catalogue in prior-art §D.4); a deployment adds or
 * removes values with an override file. On top of that, values seen on too many distinct
 * machines in one run are quarantined (the term-frequency idea: a serial on 40 hostnames is
 * not a serial).
 */
import { readFileSync } from 'node:fs';

import { z } from 'zod';

import { ConfigError } from '../errors/index.js';
import catalogueData from './known-bad-identifiers.json' with { type: 'json' };
import {
  isLocallyAdministeredMac,
  normaliseMac,
  normaliseManufacturer,
  normaliseSerial,
  normaliseText,
  normaliseUuid,
} from './identifier-normaliser.js';

/** The kinds of identifier the registry vets. */
export type IdentifierKind = 'uuid' | 'serial' | 'board' | 'mac' | 'model' | 'manufacturer';

/** Why a value was not used: listed in the catalogue or override, or seen on too many machines. */
export type RegistryVerdict = 'known-bad' | 'quarantined';

/** A value the registry rejected, recorded in a link's evidence. */
export interface RegistryHit {
  kind: IdentifierKind;
  value: string;
  verdict: RegistryVerdict;
}

const ValueLists = z.object({
  uuids: z.array(z.string()).default([]),
  serials: z.array(z.string()).default([]),
  /** Regular expressions, tested against the normalised (upper-case) serial. */
  serialPatterns: z.array(z.string()).default([]),
  macs: z.array(z.string()).default([]),
  /** Prefixes in any MAC notation, e.g. `00:50:56:C0` for VMware host adapters. */
  macPrefixes: z.array(z.string()).default([]),
  models: z.array(z.string()).default([]),
  manufacturers: z.array(z.string()).default([]),
});

/** The shipped data file's shape. */
export const KnownBadCatalogue = ValueLists.extend({ version: z.string().min(1) });
export type KnownBadCatalogue = z.infer<typeof KnownBadCatalogue>;

/** A deployment's override file: values to add and to remove (e.g. a serial wrongly listed). */
export const KnownBadOverride = z.object({
  version: z.string().min(1).optional(),
  add: ValueLists.prefault({}),
  remove: ValueLists.prefault({}),
});
export type KnownBadOverride = z.infer<typeof KnownBadOverride>;
export type KnownBadOverrideInput = z.input<typeof KnownBadOverride>;

/** The catalogue shipped with this version of rmm-hub. */
export const SHIPPED_CATALOGUE: KnownBadCatalogue = KnownBadCatalogue.parse(catalogueData);

/** Vets identifiers against the catalogue plus a deployment's override. Immutable. */
export class KnownBadRegistry {
  /** `<catalogue version>` or `<catalogue version>+<override version>`: recorded with every run. */
  readonly version: string;
  private readonly uuids: ReadonlySet<string>;
  private readonly serials: ReadonlySet<string>;
  private readonly serialPatterns: readonly RegExp[];
  private readonly macs: ReadonlySet<string>;
  private readonly macPrefixes: readonly string[];
  private readonly models: ReadonlySet<string>;
  private readonly manufacturers: ReadonlySet<string>;

  private constructor(catalogue: KnownBadCatalogue, override: KnownBadOverride | undefined) {
    this.version = override?.version ? `${catalogue.version}+${override.version}` : catalogue.version;
    const merge = (base: string[], add: string[] = [], remove: string[] = [], norm: (v: string) => string | undefined): Set<string> => {
      const removed = new Set(remove.map(norm));
      return new Set([...base, ...add].map(norm).filter((v): v is string => v !== undefined && !removed.has(v)));
    };
    this.uuids = merge(catalogue.uuids, override?.add.uuids, override?.remove.uuids, normaliseUuid);
    this.serials = merge(catalogue.serials, override?.add.serials, override?.remove.serials, normaliseSerial);
    const removedPatterns = new Set(override?.remove.serialPatterns ?? []);
    this.serialPatterns = [...catalogue.serialPatterns, ...(override?.add.serialPatterns ?? [])]
      .filter((p) => !removedPatterns.has(p))
      .map((pattern) => compilePattern(pattern));
    this.macs = merge(catalogue.macs, override?.add.macs, override?.remove.macs, normaliseMac);
    const hexOnly = (v: string): string | undefined => v.replace(/[^0-9A-Za-z]/g, '').toUpperCase() || undefined;
    this.macPrefixes = [...merge(catalogue.macPrefixes, override?.add.macPrefixes, override?.remove.macPrefixes, hexOnly)];
    this.models = merge(catalogue.models, override?.add.models, override?.remove.models, normaliseText);
    this.manufacturers = merge(catalogue.manufacturers, override?.add.manufacturers, override?.remove.manufacturers, normaliseText);
  }

  /** The shipped catalogue, optionally with a deployment override applied. */
  static create(override?: KnownBadOverrideInput, catalogue: KnownBadCatalogue = SHIPPED_CATALOGUE): KnownBadRegistry {
    return new KnownBadRegistry(catalogue, override === undefined ? undefined : KnownBadOverride.parse(override));
  }

  /**
   * Loads the shipped catalogue plus the override file at `overrideFile` (JSON), when given.
   * @throws ConfigError when the file cannot be read or does not match {@link KnownBadOverride}.
   */
  static load(options: { overrideFile?: string | undefined } = {}): KnownBadRegistry {
    if (options.overrideFile === undefined) return KnownBadRegistry.create();
    const path = 'identification.knownBadOverrideFile';
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(options.overrideFile, 'utf8'));
    } catch (cause) {
      throw new ConfigError(path, `cannot read the known-bad override file ${options.overrideFile}: ${(cause as Error).message}`, {
        cause,
        hint: 'Point identification.knownBadOverrideFile at a readable JSON file, or remove the setting.',
      });
    }
    const parsed = KnownBadOverride.safeParse(raw);
    if (!parsed.success) {
      throw new ConfigError(path, `the known-bad override file is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, {
        hint: 'The file holds { "version", "add": { "uuids": [], "serials": [], "macs": [], … }, "remove": { … } }.',
      });
    }
    return new KnownBadRegistry(SHIPPED_CATALOGUE, parsed.data);
  }

  /** Whether an already-normalised value is known-bad. */
  isKnownBad(kind: IdentifierKind, value: string): boolean {
    switch (kind) {
      case 'uuid':
        return this.uuids.has(value);
      case 'serial':
      case 'board':
        return this.serials.has(value) || this.serialPatterns.some((re) => re.test(value));
      case 'mac':
        return this.macs.has(value) || isLocallyAdministeredMac(value) || this.macPrefixes.some((p) => value.startsWith(p));
      case 'model':
        return this.models.has(value);
      case 'manufacturer':
        return this.manufacturers.has(value) || normaliseManufacturer(value) === undefined;
    }
  }
}

function compilePattern(pattern: string): RegExp {
  try {
    return new RegExp(pattern, 'u');
  } catch (cause) {
    throw new ConfigError('identification.knownBadOverrideFile', `invalid serial pattern ${JSON.stringify(pattern)}`, { cause, hint: 'Use a JavaScript regular expression.' });
  }
}

/**
 * Counts, per identifier value, the distinct machines it was seen on (a machine is approximated
 * by its tenant + hostname, since the identifier itself is what is in doubt), and returns the
 * values seen on at least `threshold` of them. Built for hot loops: most values are seen once,
 * so the first hostname is kept as a string and a Set is only made on the second.
 */
export class OveruseCounter {
  private readonly seen = new Map<string, string | Set<string>>();

  constructor(private readonly threshold: number) {}

  /** Records that `value` (already namespaced by kind, e.g. `u:<uuid>`) was reported by `machine`. */
  add(value: string, machine: string): void {
    const entry = this.seen.get(value);
    if (entry === undefined) this.seen.set(value, machine);
    else if (typeof entry === 'string') {
      if (entry !== machine) this.seen.set(value, new Set([entry, machine]));
    } else entry.add(machine);
  }

  /** The values seen on at least `threshold` distinct machines. */
  quarantined(): Set<string> {
    const out = new Set<string>();
    for (const [value, entry] of this.seen) {
      if (typeof entry !== 'string' && entry.size >= this.threshold) out.add(value);
    }
    return out;
  }
}
