/**
 * The identification engine's input and output. The engine is pure: these plain records in,
 * these plain records out; the service persists them.
 */
import type { AgentRef } from './model/agent-records.js';
import type { IdentifierKind, RegistryHit } from './known-bad-registry.js';

/** What the engine remembers from earlier runs, so ids stay stable and decisions stick. */
export interface PriorState {
  /** Agent key (see {@link agentKey}) → the computer it was linked to. */
  links: ReadonlyMap<string, string>;
  /** What was last recorded of each computer, to see a wipe between two runs. */
  computers: ReadonlyMap<string, PriorComputer>;
  /** Agent key → computer id a person (or an undo) pinned it to: always honoured within a tenant. */
  pins: ReadonlyMap<string, string>;
}

/** A computer as the previous run left it. */
export interface PriorComputer {
  tenantId: string;
  hostname?: string | undefined;
  osInstallDate?: string | undefined;
}

/**
 * Tier of the strongest key an agent shares with another agent of its computer:
 * 0 none (alone, or held together by a decision), 1 SMBIOS UUID, 2 manufacturer + serial,
 * 3 board serial, 4 MAC + hostname (supporting evidence only, never a key alone).
 */
export type MatchTier = 0 | 1 | 2 | 3 | 4;

/** Why an agent is linked to its computer. */
export interface LinkEvidence {
  tier: MatchTier;
  /** 0…1: how sure the link is (1 for a shared SMBIOS UUID, 0 for an agent alone). */
  score: number;
  /** The identifiers shared with other agents of the computer, as `kind=value`. */
  keys: string[];
  /** Supporting evidence that agreed (`mac=…`, `hostname=…`). */
  support: string[];
  /** The agent's own values the registry rejected. */
  registryHits: RegistryHit[];
  /** True when a pin (a person's decision or an undo) holds the agent in this computer. */
  pinned: boolean;
}

/** One agent → computer link. */
export interface AgentLinkResult extends AgentRef {
  key: string;
  tenantId: string;
  computerId: string;
  evidence: LinkEvidence;
  /** An older agent of the same machine in the same RMM (superseded by a reinstall). */
  stale: boolean;
  /** No usable strong identifier (or an ambiguous one): ask the machine itself. */
  needsIdentity: boolean;
  canRunScripts: boolean;
}

export interface ComputerResult {
  id: string;
  tenantId: string;
  /** The hostname of the most recently seen agent. */
  name: string;
  /** The newest OS install date any of its agents reports. */
  osInstallDate?: string | undefined;
  /** Agent keys, sorted. */
  agentKeys: string[];
}

export type ConflictKind =
  /** The same machine (by a strong key) under clients of different tenants: a mis-link or a moved machine. */
  | 'cross-tenant'
  /** The same SMBIOS UUID on machines that are told apart by serial or by two hostnames online at once. */
  | 'clone'
  /** The same serial or board serial on machines a stronger key tells apart (e.g. a board swap). */
  | 'identifier-collision';

export interface ConflictResult {
  /** Stable across runs: derived from the kind, tenant(s) and the shared identifier. */
  id: string;
  kind: ConflictKind;
  tenantIds: string[];
  /** The identifier they share, as `kind=value`. */
  key: string;
  computerIds: string[];
  /** Agents that could belong to more than one of the computers and were left alone. */
  ambiguousAgents: AgentRef[];
  detail: string;
}

/** Several agents of one machine in one RMM: keep the newest, retire the others. */
export interface DuplicateAgents {
  computerId: string;
  integrationId: string;
  keep: AgentRef;
  retire: AgentRef[];
}

export interface LifecycleEvent {
  computerId: string;
  event: 'wiped';
  osInstallDate: string;
  hostname: string;
  previousOsInstallDate?: string | undefined;
  previousHostname?: string | undefined;
}

export interface IdentificationResult {
  registryVersion: string;
  /** Tenant by tenant (tenants in id order), each tenant's by id. */
  computers: ComputerResult[];
  /** One per input agent (duplicates in the input collapsed); tenant by tenant, each tenant's in agent-key order. */
  links: AgentLinkResult[];
  conflicts: ConflictResult[];
  duplicates: DuplicateAgents[];
  lifecycle: LifecycleEvent[];
  /** Values quarantined this run for being seen on too many machines. */
  quarantined: { kind: IdentifierKind; value: string }[];
}

/** `integrationId/agentId`: the agent's identity across the engine, the store and the CLI. */
export function agentKey(ref: AgentRef): string {
  return `${ref.integrationId}/${ref.agentId}`;
}

/** The inverse of {@link agentKey}: integration ids never contain `/`. */
export function parseAgentKey(key: string): AgentRef {
  const at = key.indexOf('/');
  return { integrationId: key.slice(0, at), agentId: key.slice(at + 1) };
}
