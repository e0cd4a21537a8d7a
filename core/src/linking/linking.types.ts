/**
 * The linking engine's input and output. The engine is a pure function of these: no store,
 * no clock, no randomness, and the same result whatever order the arrays come in.
 */
import type { ClientHints, ClientKind } from '../capabilities/list-clients.js';
import type { LinkDecisionRecord, LinkReason } from './model/link-records.js';
import type { LinkingConfigInput } from './linking.config.js';

/** An RMM client as the engine needs it (a {@link StoredClient} fits). */
export interface LinkingClient {
  integrationId: string;
  id: string;
  name: string;
  kind: ClientKind;
  parentId?: string | undefined;
  hints?: Partial<ClientHints> | undefined;
  /** Clients no longer listed by their RMM are neither linked nor suggested (their links stay). */
  goneAt?: string | undefined;
}

/** A platform tenant as the engine needs it (a {@link TenantRecord} fits). */
export interface LinkingTenant {
  id: string;
  name: string;
  psaCompanyId?: string | undefined;
  domains?: readonly string[] | undefined;
  isMsp: boolean;
}

/** A link as stored before this run. */
export interface ExistingLink {
  integrationId: string;
  clientId: string;
  tenantId: string;
  source: 'auto' | 'manual';
  score?: number | undefined;
  reasons?: readonly LinkReason[] | undefined;
}

/** An active (not revoked) decision; revoked ones are simply not passed in. */
export type ActiveDecision = Pick<LinkDecisionRecord, 'id' | 'integrationId' | 'clientId' | 'kind' | 'tenantId' | 'actor' | 'decidedAt'>;

/**
 * Agents of one client already identified as computers of `tenantId` through another
 * integration: the CIPP-style vote of the devices.
 */
export interface DeviceOverlap {
  integrationId: string;
  clientId: string;
  tenantId: string;
  agents: number;
}

export interface LinkingInput {
  clients: readonly LinkingClient[];
  tenants: readonly LinkingTenant[];
  links?: readonly ExistingLink[] | undefined;
  decisions?: readonly ActiveDecision[] | undefined;
  deviceOverlap?: readonly DeviceOverlap[] | undefined;
  config?: LinkingConfigInput | undefined;
}

/** Identifies one RMM client. */
export interface ClientRef {
  integrationId: string;
  clientId: string;
}

/** One scored pair, with why. */
export interface ScoredPair extends ClientRef {
  tenantId: string;
  /** In [0, 1], rounded to 4 decimals so runs compare equal. */
  score: number;
  reasons: LinkReason[];
}

/** A link the engine wants to exist after this run. */
export interface LinkOutcome extends ClientRef {
  tenantId: string;
  source: 'auto' | 'manual';
  score?: number | undefined;
  reasons: LinkReason[];
  /** `decision`: from a person's link decision; `kept`: stored before and still valid; `engine`: new auto-link. */
  origin: 'decision' | 'kept' | 'engine';
}

/** A stored link this run removes, and why. */
export interface RemovedLink extends ClientRef {
  tenantId: string;
  cause: 'decision' | 'tenant-missing' | 'manual-without-decision';
  detail: string;
}

export interface LinkSuggestion extends ScoredPair {
  /** 0 = the best suggestion for the client. */
  rank: number;
  /** Set when the pair cleared the auto-link bar but was held back (MSP tenant not linked yet, unlink decision, …). */
  heldBack?: string | undefined;
}

export interface UnlinkedClient extends ClientRef {
  name: string;
  kind: ClientKind;
  /** How many suggestions it has (0: nothing looked close enough). */
  suggestions: number;
}

export type LinkWarningCode = 'msp-tenant-missing' | 'msp-tenant-unlinked' | 'decision-unknown-tenant';

export interface LinkWarning {
  code: LinkWarningCode;
  message: string;
  hint?: string | undefined;
}

export interface LinkingResult {
  /** Every link that should exist after the run, ordered by integration and client. */
  links: LinkOutcome[];
  /** The subset of `links` that is new or changed compared with the input links. */
  changed: LinkOutcome[];
  removed: RemovedLink[];
  suggestions: LinkSuggestion[];
  /** Linkable clients with no link and no keep-separate decision. */
  unlinked: UnlinkedClient[];
  keptSeparate: ClientRef[];
  warnings: LinkWarning[];
  /** Whether auto-linking ran (false while the MSP tenant is not linked by hand). */
  autoLinking: boolean;
  stats: { clients: number; tenants: number; candidatePairs: number; autoLinked: number; suggested: number; unlinked: number };
}
