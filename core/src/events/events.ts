/**
 * The host's typed event bus. Everything that happens — an integration loaded or refused, a
 * sync's progress, a link or computer change, a script run — is an event, so the CLI's
 * progress bars, the audit trail and a host application's UI all listen to one source.
 * Payloads pass through the host's redactor before listeners see them.
 */
import { EventEmitter } from 'eventemitter3';

import type { HealthReport } from '../capabilities/health-check.js';
import type { ScriptStatus } from '../capabilities/run-script.js';

export interface ErrorSummary {
  code: string;
  message: string;
  hint?: string | undefined;
}

export interface HostEvents {
  'integration:loaded': { integrationId: string; pluginId: string; capabilities: string[] };
  'integration:refused': { integrationId?: string | undefined; source: string; code: string; reason: string };
  'integration:health': { integrationId: string; report: HealthReport };
  /** A record skipped (unreadable or failing the contract); `recordId` when the plugin knew it. */
  'integration:error': { integrationId: string; capability: string; error: ErrorSummary; recordId?: string | undefined };
  'sync:started': { integrationId: string; runId: string };
  /** Progress within a phase; `total` is known for some phases only. */
  'sync:progress': { integrationId: string; phase: SyncPhase; done: number; total?: number | undefined; detail?: string | undefined };
  /**
   * The sync waits for another process doing the same work: syncing this integration, or
   * (`integrationId` undefined) identifying. Emitted once per wait, naming the holder.
   */
  'sync:waiting': { integrationId?: string | undefined; work: string; holder: { pid: number; host: string; since: string } };
  'sync:finished': { integrationId: string; runId: string; status: string; counts: Record<string, number>; durationMs: number };
  'sync:failed': { integrationId: string; runId: string; error: ErrorSummary };
  'link:created': { integrationId: string; clientId: string; tenantId: string; source: 'auto' | 'manual' };
  'link:removed': { integrationId: string; clientId: string; tenantId: string };
  'link:suggested': { integrationId: string; clientId: string; tenantId: string; score: number };
  'link:decision': { integrationId: string; clientId: string; kind: string; actor: string };
  'link:warning': { message: string; hint?: string | undefined };
  'computer:created': { computerId: string; tenantId: string };
  'computer:merged': { computerId: string; agents: { integrationId: string; agentId: string }[] };
  'computer:split': { computerId: string; newComputerId: string };
  'computer:conflict': { conflictId: string; kind: string };
  'computer:lifecycle': { computerId: string; event: string };
  'script:started': { runId: string; integrationId: string; agentId: string; computerId?: string | undefined };
  'script:finished': { runId: string; integrationId: string; agentId: string; status: ScriptStatus | 'error' };
}

export type SyncPhase = 'health' | 'clients' | 'linking' | 'agents' | 'identification' | 'events';

export type HostEventName = keyof HostEvents;

/** A typed eventemitter3 bus. */
export class HostEventBus extends EventEmitter<{ [K in HostEventName]: (payload: HostEvents[K]) => void }> {}

/** What engines and services take when they only need to publish: keeps them free of the bus. */
export type EmitEvent = <K extends HostEventName>(name: K, payload: HostEvents[K]) => void;
