/**
 * RmmHub: the one front door for a host application. `RmmHub.open` does the whole set-up —
 * load and check the config, discover the plugins (the application's dependencies and the
 * config's `plugins:`), open the store, start the host, wire the engines — and the hub then
 * offers sync, links, computers, scripts, capability calls, agent actions and typed events,
 * until `close()` releases all of it.
 */
import {
  Host,
  SyncScheduler,
  storeConfigTenants,
  wireEngines,
  type CapabilityName,
  type Engines,
  type HostConfig,
  type IdentificationRunSummary,
  type IntegrationInfo,
  type LoadedPlugin,
  type RefusedPlugin,
  type ScriptRunOutcome,
  type ScriptSpec,
  type SecretRedactor,
  type Store,
  type StoredAgent,
  type StoredClient,
  type SyncReport,
  type SyncSchedulerOptions,
} from '@rmm-hub/core';

import { HubAgents } from './agents.js';
import { HubComputers } from './computers.js';
import { subscribe, type HubEventName, type HubListener } from './hub-events.js';
import { HubLinks } from './links.js';
import { loadSource, type RmmHubOptions } from './open-options.js';
import { openStore } from './open-store.js';
import { findPlugins } from './plugin-sources.js';

/** What {@link RmmHub.sync} takes. */
export interface HubSyncOptions {
  /** Only these integrations. @default every ready integration */
  integrationIds?: readonly string[] | undefined;
  /**
   * False: list only, without identification; the report's `tenantIds` are the tenants to
   * identify ({@link RmmHub.identifyTenants}), as the job queue's workers do. @default true
   */
  identify?: boolean | undefined;
  /** Cancels the sync; what it committed stays. */
  signal?: AbortSignal | undefined;
  /** Called with each `progress` event while this sync runs; no longer once it has ended. */
  onProgress?: HubListener<'progress'> | undefined;
}

/** What {@link RmmHub.runScript} takes besides the script. */
export interface HubScriptOptions {
  /** Who runs it, for the audit log. */
  actor: string;
  /** Only through this integration. @default whichever RMM reaches the computer */
  integrationId?: string;
  /** Cancels the script run. */
  signal?: AbortSignal;
  /** Put the agent in its RMM's maintenance mode for the run, and take it out after, whatever the outcome. */
  maintenance?: boolean;
}

/** A started hub: see the module comment and {@link RmmHub.open}. */
export class RmmHub {
  /**
   * Calls one capability of one integration, typed by the capability: `hub.call('nc-prod',
   * 'ListClients')` streams RmmClient records, `hub.call('nc-prod', 'HealthCheck')` resolves to
   * a HealthReport. Fails with RMM_ERR_UNSUPPORTED when the integration lacks it.
   */
  readonly call: Host['call'];
  readonly #config: HostConfig;
  readonly #ownsStore: boolean;
  readonly #schedulers = new Set<SyncScheduler>();
  #engines: Engines | undefined;
  #tenantsStored: Promise<void> | undefined;
  #facets: { links: HubLinks; computers: HubComputers; agents: HubAgents } | undefined;
  #closing: Promise<void> | undefined;

  private constructor(
    /** The started host (lower level: integrations, capability calls, the event bus). */
    readonly host: Host,
    /** The store the hub reads and writes. */
    readonly store: Store,
    ownsStore: boolean,
    config: HostConfig,
  ) {
    this.#ownsStore = ownsStore;
    this.#config = config;
    this.call = host.call.bind(host);
  }

  /**
   * The engines, wired on first use: a hub that only checks health or calls capabilities
   * never writes the config's tenants into the store. The tenants' unit of work starts here,
   * so it takes its turn on the store before anything the engines read or write after it.
   */
  get #wired(): Engines {
    this.#tenantsStored ??= storeConfigTenants(this.store, this.#config.tenants);
    this.#engines ??= wireEngines(this.host, this.store, this.#config);
    return this.#engines;
  }

  get #parts(): { links: HubLinks; computers: HubComputers; agents: HubAgents } {
    const engines = this.#wired;
    this.#facets ??= { links: new HubLinks(engines.linking), computers: new HubComputers(engines.computers, engines.identification), agents: new HubAgents(engines) };
    return this.#facets;
  }

  /** Client-to-tenant links, suggestions and the decisions on them. */
  get links(): HubLinks {
    return this.#parts.links;
  }

  /** Computers identified across RMMs, their evidence and conflicts. */
  get computers(): HubComputers {
    return this.#parts.computers;
  }

  /** Agent actions in the RMMs: retire, move, installers. */
  get agents(): HubAgents {
    return this.#parts.agents;
  }

  /**
   * Opens a hub: `{ configFile }`, `{ config, baseDir? }` or `{ loadedConfig }`, plus how it
   * runs (`store`, `access`, `appRoot`, logs). Integrations whose plugin is missing or refuses
   * its settings are reported by {@link RmmHub.integrations} and skipped; a config that is
   * wrong throws a coded ConfigError naming the setting.
   */
  static async open(options: RmmHubOptions): Promise<RmmHub> {
    const loaded = loadSource(options);
    const discovery = await findPlugins(loaded, options);
    const store = options.store ?? await openStore(loaded, options.access ?? 'write');
    try {
      const host = await Host.start({
        config: options.logLevel ? { ...loaded.config, log: { ...loaded.config.log, level: options.logLevel } } : loaded.config,
        baseDir: loaded.baseDir,
        locate: loaded.locate,
        plugins: discovery.plugins,
        refused: discovery.refused,
        store,
        ...(options.logSink ? { logSink: options.logSink } : {}),
        ...(options.onPluginBlocked ? { onPluginBlocked: options.onPluginBlocked } : {}),
      });
      return new RmmHub(host, store, !options.store, loaded.config);
    } catch (error) {
      if (!options.store) await store.close();
      throw error;
    }
  }

  /** Masks the secrets of the config in text, for anything the application prints or logs. */
  get redactor(): SecretRedactor {
    return this.host.redactor;
  }

  /** Every configured integration: ready, refused (with why) or disabled, and what it can do. */
  integrations(): readonly IntegrationInfo[] {
    return this.host.integrations();
  }

  /** The plugins found, and those refused with why. */
  plugins(): { loaded: readonly LoadedPlugin[]; refused: readonly RefusedPlugin[] } {
    return { loaded: this.host.plugins(), refused: this.host.refusedPlugins() };
  }

  /**
   * Syncs clients, links, agents and computers from every ready integration (or those named).
   * A sync of an integration already under way, here or in another process, is joined or
   * waited for rather than run twice.
   */
  async sync(options: HubSyncOptions = {}): Promise<SyncReport> {
    const { onProgress, ...request } = options;
    const unsubscribe = onProgress ? this.on('progress', onProgress) : () => undefined;
    try {
      const { sync } = this.#wired;
      await this.#tenantsStored;
      return await sync.sync(request);
    } finally {
      unsubscribe();
    }
  }

  /**
   * Identifies one tenant's stored agents into computers (its links, conflicts and the
   * cross-tenant conflicts it is part of), under the store's identification lock, as a sync's
   * identification does: a second process identifying waits for the first.
   */
  identifyTenant(tenantId: string, options: { signal?: AbortSignal | undefined } = {}): Promise<IdentificationRunSummary> {
    return this.identifyTenants([tenantId], options);
  }

  /**
   * {@link identifyTenant} for several tenants in one run (one survey of the fleet, one unit of
   * work), as a worker identifies the tenants whose jobs it took together.
   */
  async identifyTenants(tenantIds: readonly string[], options: { signal?: AbortSignal | undefined } = {}): Promise<IdentificationRunSummary> {
    const { sync, identification } = this.#wired;
    await this.#tenantsStored;
    return await sync.underIdentificationLock(() => identification.identifyTenants(tenantIds), options.signal);
  }

  /** The integrations with a client linked to the tenant: those whose listings feed its agents. */
  async integrationsFeeding(tenantId: string): Promise<string[]> {
    return [...new Set((await this.store.links.listLinks({ tenantId })).map((link) => link.integrationId))].sort();
  }

  /**
   * Syncs each ready integration on its interval (the config's `syncIntervalSeconds`, else the
   * plugin's recommendation) until stopped or the hub is closed. Call `trigger()` on the
   * result for a sync now, `start()` to begin the intervals, `stop()` to end them.
   */
  schedule(options: SyncSchedulerOptions = {}): SyncScheduler {
    const scheduler = new SyncScheduler(this.host, this.#wired.sync, options);
    this.#schedulers.add(scheduler);
    return scheduler;
  }

  /** The RMM clients as last synced, of every integration or of one; those gone from their RMM only with `includeGone`. */
  async clients(filter: { integrationId?: string; includeGone?: boolean } = {}): Promise<StoredClient[]> {
    return await this.store.clients.list(filter);
  }

  /**
   * Runs a script on a computer through whichever of its RMMs can reach it (online agents
   * first; another RMM is tried when one cannot). Recorded in the audit log.
   */
  runScript(computerId: string, script: ScriptSpec, options: HubScriptOptions): Promise<ScriptRunOutcome> {
    return this.#wired.scripts.runScript(computerId, script, options);
  }

  /** Whether an integration is ready and offers the capability. */
  supports(integrationId: string, capability: CapabilityName): boolean {
    return this.host.supports(integrationId, capability);
  }

  /** The agents a script for this computer could go to, best first: live, linked, able to run scripts. */
  async scriptTargets(computerId: string): Promise<StoredAgent[]> {
    return await this.#wired.scripts.candidates(computerId);
  }

  /** Listens to an event (see HubEvents); returns the function that stops listening. */
  on<K extends HubEventName>(name: K, listener: HubListener<K>): () => void {
    return subscribe(this.host.events, name, listener);
  }

  /**
   * Stops scheduled syncs, disposes the host (its integrations and the event-loop watchdog) and
   * closes the store the hub opened. Safe to call more than once.
   */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    await Promise.all([...this.#schedulers].map((s) => s.stop()));
    await this.host.dispose();
    await this.#tenantsStored;
    if (this.#ownsStore) await this.store.close();
  }
}
