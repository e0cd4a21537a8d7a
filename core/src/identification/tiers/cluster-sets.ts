/**
 * Disjoint sets of agents (union–find) that carry, at each root, what the set claims about its
 * machine: one SMBIOS UUID, one serial, one vendor, one board serial, one pin, and which
 * hostname each RMM sees online. Two sets may only be joined when those claims agree; that
 * check is what keeps clones apart and makes "never merge what a stronger key separates"
 * hold whatever order keys are processed in.
 */
import type { PreparedAgent } from '../agent-keys.js';

/** What a set of agents claims about its machine. */
export interface SetClaims {
  uuid: string | undefined;
  serial: string | undefined;
  vendor: string | undefined;
  board: string | undefined;
  pin: string | undefined;
  /** `integrationId\u0000hostname` of each online agent. */
  online: string[];
  /** Normalised hostnames and MACs of its agents: supporting evidence, used only to tell machines apart. */
  hosts: string[];
  macs: string[];
}

/** Why two claims cannot be the same machine, or undefined when they can. */
export type Incompatibility = 'uuid' | 'serial' | 'vendor' | 'board' | 'pin' | 'online-hostnames' | 'hostnames-and-macs';

/** The first reason two sets cannot be one machine. */
export function incompatibility(a: SetClaims, b: SetClaims): Incompatibility | undefined {
  if (a.pin !== undefined && b.pin !== undefined && a.pin !== b.pin) return 'pin';
  if (a.uuid !== undefined && b.uuid !== undefined && a.uuid !== b.uuid) return 'uuid';
  if (a.serial !== undefined && b.serial !== undefined && a.serial !== b.serial) return 'serial';
  if (a.board !== undefined && b.board !== undefined && a.board !== b.board) return 'board';
  if (a.vendor !== undefined && b.vendor !== undefined && a.vendor !== b.vendor) return 'vendor';
  if (a.online.length > 0 && b.online.length > 0) {
    // One RMM cannot see one machine online under two hostnames: that is two machines (a clone).
    // Across RMMs a different name is only a rename one of them has not caught up with.
    for (const x of a.online) {
      const integration = x.slice(0, x.indexOf('\u0000') + 1);
      for (const y of b.online) if (y !== x && y.startsWith(integration)) return 'online-hostnames';
    }
  }
  // No hostname and no MAC in common (both known): two machines sharing a cloned UUID, one of
  // which lacks a serial to tell them apart. A renamed or re-imaged machine keeps its MACs.
  if (a.macs.length > 0 && b.macs.length > 0 && a.hosts.length > 0 && b.hosts.length > 0 && disjoint(a.macs, b.macs) && disjoint(a.hosts, b.hosts)) {
    return 'hostnames-and-macs';
  }
  return undefined;
}

function disjoint(a: readonly string[], b: readonly string[]): boolean {
  for (const x of a) if (b.includes(x)) return false;
  return true;
}

function unite(a: string[], b: string[]): string[] {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out = [...a];
  for (const x of b) if (!out.includes(x)) out.push(x);
  return out;
}

/** The claims of two compatible sets together. */
export function combineClaims(a: SetClaims, b: SetClaims): SetClaims {
  return {
    uuid: a.uuid ?? b.uuid,
    serial: a.serial ?? b.serial,
    vendor: a.vendor ?? b.vendor,
    board: a.board ?? b.board,
    pin: a.pin ?? b.pin,
    online: unite(a.online, b.online),
    hosts: unite(a.hosts, b.hosts),
    macs: unite(a.macs, b.macs),
  };
}

/** Union–find over agent indices with claims at the roots. */
export class ClusterSets {
  private readonly parent: Int32Array;
  /** Built on first use: most agents never meet another and never need them. */
  private readonly claims: (SetClaims | undefined)[];
  private readonly agents: readonly PreparedAgent[];
  private readonly pins: readonly (string | undefined)[];
  /** The smallest agent index in the set: a stable name for the set, whatever the root. */
  private readonly first: Int32Array;

  constructor(agents: readonly PreparedAgent[], pins: readonly (string | undefined)[]) {
    const n = agents.length;
    this.agents = agents;
    this.pins = pins;
    this.parent = new Int32Array(n);
    this.first = new Int32Array(n);
    this.claims = new Array<SetClaims | undefined>(n);
    for (let i = 0; i < n; i++) {
      this.parent[i] = i;
      this.first[i] = i;
    }
  }

  private own(i: number): SetClaims {
    let claims = this.claims[i];
    if (claims === undefined) {
      const agent = this.agents[i] as PreparedAgent;
      claims = {
        uuid: agent.uuid,
        serial: agent.serial,
        vendor: agent.vendor,
        board: agent.board,
        pin: this.pins[i],
        online: agent.source.online ? [`${agent.source.integrationId}\u0000${agent.host}`] : [],
        hosts: agent.host === '' ? [] : [agent.host],
        macs: agent.macs,
      };
      this.claims[i] = claims;
    }
    return claims;
  }

  find(i: number): number {
    let root = i;
    while (this.parent[root] !== root) root = this.parent[root] as number;
    // Path compression keeps later finds O(1) in practice.
    while (this.parent[i] !== root) {
      const next = this.parent[i] as number;
      this.parent[i] = root;
      i = next;
    }
    return root;
  }

  claimsOf(root: number): SetClaims {
    return this.own(root);
  }

  /** The smallest agent index in the set of `root`. */
  firstOf(root: number): number {
    return this.first[root] as number;
  }

  /** Whether the set holds any strong identifier (UUID, serial, board serial). */
  isStrong(root: number): boolean {
    const c = this.own(root);
    return c.uuid !== undefined || c.serial !== undefined || c.board !== undefined;
  }

  /** Joins the sets of two roots; the caller has checked (or deliberately skipped) compatibility. */
  union(a: number, b: number): number {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return ra;
    const [keep, drop] = ra < rb ? [ra, rb] : [rb, ra];
    this.parent[drop] = keep;
    this.claims[keep] = combineClaims(this.own(keep), this.own(drop));
    this.claims[drop] = undefined;
    this.first[keep] = Math.min(this.first[keep] as number, this.first[drop] as number);
    return keep;
  }

  /** Joins when compatible; returns whether it did. */
  tryUnion(a: number, b: number): boolean {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return true;
    if (incompatibility(this.own(ra), this.own(rb)) !== undefined) return false;
    this.union(ra, rb);
    return true;
  }
}
