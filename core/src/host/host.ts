/**
 * The Host: loads config and plugins, starts one {@link Integration} per enabled config entry,
 * and lets the application call capabilities uniformly — `host.call('nc-prod', 'RunScript', req)`
 * — without knowing the vendor. Host services (store, event bus, logger, redactor) sit on the
 * root container; each integration gets a child container. A refused plugin or integration is
 * reported and skipped; the host keeps running.
 */
import { resolve, sep } from 'node:path';

import { container as globalContainer, type DependencyContainer } from 'tsyringe';

import type { CallOptions, CallOptionsFor, CapabilityCalls } from '../capabilities/capability-calls.js';
import { RmmAgent } from '../capabilities/agent.schema.js';
import { AgentIdentity } from '../capabilities/agent.schema.js';
import { AgentLink } from '../capabilities/agent-url.js';
import { AgentInstaller } from '../capabilities/get-agent-installer.js';
import { HealthReport } from '../capabilities/health-check.js';
import { ActiveIssue } from '../capabilities/list-active-issues.js';
import { RmmClient } from '../capabilities/list-clients.js';
import { CAPABILITIES, type CapabilityName } from '../capabilities/registry.js';
import { ScriptRequest, ScriptResult } from '../capabilities/run-script.js';
import type { HostConfig } from '../config/host-config.schema.js';
import type { ConfigLocator } from '../config/config-issues.js';
import type { ConfigWarning } from '../config/secret-file.js';
import { ConfigError, IntegrationError, InvalidRecordError, PluginBlockedError, PluginLoadCodes, UnsupportedError } from '../errors/catalogue.js';
import { isRmmError } from '../errors/rmm-error.js';
import { thrownMessage } from '../errors/thrown-value.js';
import { createLogger, type LogSink, type Logger } from '../logging/logger.js';
import type { RefusedPlugin } from '../plugin/discovery.js';
import type { LoadedPlugin } from '../plugin/plugin-loader.js';
import { SecretRedactor } from '../secrets/secret-redactor.js';
import { StoreToken, type Store } from '../store/store.js';
import { callInBoundary, streamInBoundary, type BoundaryOptions } from './call-boundary.js';
import { HostEventBus, type HostEventName, type HostEvents } from '../events/events.js';
import { Integration } from './integration.js';
import { framePath, watchEventLoop, type LoopBlock } from './loop-watchdog.js';
import { memoryIntegrationState } from '../plugin/integration-state.js';
import { storedIntegrationState } from './stored-integration-state.js';

export const HostEventBusToken = Symbol.for('rmm.HostEventBus');
export const HostLoggerToken = Symbol.for('rmm.HostLogger');

export interface HostOptions {
  config: HostConfig;
  /** Folder relative paths in the config resolve against. */
  baseDir: string;
  /** Plugins found by discovery (see `discoverPlugins`). */
  plugins: readonly LoadedPlugin[];
  /** Refusals from discovery, carried into `refusedPlugins()`. */
  refused?: readonly RefusedPlugin[];
  store?: Store;
  env?: NodeJS.ProcessEnv;
  logSink?: LogSink;
  /** A bus to publish on, so a caller (a test host) can listen before start-up events fire. */
  events?: HostEventBus;
  /**
   * Turns the event-loop watchdog on (loop-watchdog.ts): when a plugin's code keeps the loop
   * busy for `loopWatchdogSeconds`, this is called with the error naming it, in the paused
   * frame, and should report it and end the process (the CLI does). Off when absent.
   */
  onPluginBlocked?: ((error: PluginBlockedError) => void) | undefined;
  /** Where settings are written in the config file (see LoadedConfig.locate), for messages. */
  locate?: ConfigLocator | undefined;
}

/** One configured integration as the host started it: ready, refused (with why) or disabled, and what it can do. */
export interface IntegrationInfo {
  id: string;
  pluginId: string;
  displayName: string;
  enabled: boolean;
  state: 'ready' | 'refused' | 'disabled';
  capabilities: CapabilityName[];
  syncIntervalSeconds?: number | undefined;
  error?: { code: string; message: string; hint?: string | undefined; path?: string | undefined } | undefined;
  /** Settings that work but deserve attention (a secret file others may read); absent when none. */
  warnings?: ConfigWarning[] | undefined;
}

const RESULT_SCHEMAS = {
  HealthCheck: HealthReport,
  RunScript: ScriptResult,
  GetAgentInstaller: AgentInstaller,
  AgentUrl: AgentLink,
  GetComputerIdentity: AgentIdentity,
} as const;
const STREAM_SCHEMAS = { ListClients: RmmClient, ListComputers: RmmAgent, ListActiveIssues: ActiveIssue } as const;

export class Host {
  readonly events: HostEventBus;
  readonly redactor = new SecretRedactor();
  readonly logger: Logger;
  readonly root: DependencyContainer;
  readonly #integrations = new Map<string, Integration>();
  readonly #infos: IntegrationInfo[] = [];
  readonly #refused: RefusedPlugin[];
  #disposed = false;
  #stopWatch: (() => void) | undefined;

  private constructor(
    readonly options: HostOptions,
  ) {
    this.events = options.events ?? new HostEventBus();
    this.logger = createLogger({ sink: options.logSink ?? (() => undefined), redactor: this.redactor, level: options.config.log.level });
    this.#refused = [...(options.refused ?? [])];
    this.root = globalContainer.createChildContainer();
    this.root.register(HostEventBusToken, { useValue: this.events });
    this.root.register(HostLoggerToken, { useValue: this.logger });
    if (options.store) this.root.register(StoreToken, { useValue: options.store });
  }

  get config(): HostConfig {
    return this.options.config;
  }

  get store(): Store {
    if (!this.options.store) throw new ConfigError('store', 'this host was started without a store');
    return this.options.store;
  }

  static async start(options: HostOptions): Promise<Host> {
    const host = new Host(options);
    for (const refusal of host.#refused) host.emit('integration:refused', { source: refusal.source, code: refusal.code, reason: refusal.reason });
    for (const [index, config] of options.config.integrations.entries()) {
      const plugin = options.plugins.find((p) => p.definition.id === config.plugin);
      const base = { id: config.id, pluginId: config.plugin, enabled: config.enabled, displayName: config.displayName ?? config.id };
      if (!config.enabled) {
        host.#infos.push({ ...base, state: 'disabled', capabilities: [...(plugin?.definition.capabilities ?? [])] });
        continue;
      }
      if (!plugin) {
        const available = options.plugins.map((p) => p.definition.id).join(', ') || 'none';
        host.#refuse(base, {
          code: PluginLoadCodes.notFound,
          message: `integrations[${index}].plugin: no plugin with id "${config.plugin}" is installed (available: ${available})`,
          hint: 'Install the plugin package, list it under `plugins:`, or fix the id; `rmm-hub plugins` lists what was found.',
          path: `integrations[${index}].plugin`,
        });
        continue;
      }
      try {
        const integration = await Integration.start({
          config,
          index,
          plugin,
          root: host.root,
          redactor: host.redactor.child(),
          logger: host.logger,
          env: options.env ?? process.env,
          baseDir: options.baseDir,
          locate: options.locate,
          state: options.store && !options.store.readOnly ? storedIntegrationState(options.store, config.id) : memoryIntegrationState(),
          onSkippedRecord: (capability, error) => host.#reportInvalid(config.id, capability, error),
        });
        host.#integrations.set(config.id, integration);
        host.#infos.push({
          ...base,
          displayName: integration.displayName,
          state: 'ready',
          capabilities: [...integration.capabilities],
          syncIntervalSeconds: integration.syncIntervalSeconds,
          ...(integration.warnings.length > 0 ? { warnings: integration.warnings } : {}),
        });
        for (const warning of integration.warnings) host.logger.warn(warning.message, { integrationId: config.id, path: warning.path, hint: warning.hint });
        if (!options.store?.readOnly) await options.store?.integrations.upsert({ id: config.id, pluginId: plugin.definition.id, displayName: integration.displayName, enabled: true });
        host.emit('integration:loaded', { integrationId: config.id, pluginId: plugin.definition.id, capabilities: [...integration.capabilities] });
        host.logger.debug('integration started', { integrationId: config.id, plugin: plugin.definition.id, capabilities: [...integration.capabilities] });
      } catch (error) {
        const summary = isRmmError(error)
          ? { code: error.code, message: error.message, hint: error.hint, path: error instanceof ConfigError ? error.path : undefined }
          : { code: PluginLoadCodes.registerFailed, message: thrownMessage(error) };
        host.#refuse({ ...base, capabilities: [...plugin.definition.capabilities] }, summary);
      }
    }
    const onPluginBlocked = options.onPluginBlocked;
    if (onPluginBlocked) {
      host.#stopWatch = watchEventLoop({
        blockedMs: options.config.loopWatchdogSeconds * 1000,
        onBlocked: (block) => {
          const error = host.#blockedPlugin(block);
          if (error) onPluginBlocked(error);
        },
      });
    }
    return host;
  }

  /** The error naming the plugin whose package holds the topmost frame of a blocked stack; undefined when the host's own code is running. */
  #blockedPlugin(block: LoopBlock): PluginBlockedError | undefined {
    const dirs = [...this.#integrations.values()].map((i) => ({ pluginId: i.plugin.definition.id, dir: resolve(i.plugin.packageDir) + sep }));
    for (const frame of block.frames) {
      const path = framePath(frame);
      if (path === undefined) continue;
      const owner = dirs.filter((d) => path.startsWith(d.dir)).sort((a, b) => b.dir.length - a.dir.length)[0];
      if (owner) return new PluginBlockedError(owner.pluginId, { blockedMs: block.blockedMs, where: `${frame.functionName || '<anonymous>'} at ${path}:${frame.line}` });
    }
    return undefined;
  }

  #refuse(base: Omit<IntegrationInfo, 'state' | 'capabilities'> & { capabilities?: CapabilityName[] }, error: NonNullable<IntegrationInfo['error']>): void {
    const safe = { ...error, message: this.redactor.redact(error.message) };
    this.#infos.push({ capabilities: [], ...base, state: 'refused', error: safe });
    this.emit('integration:refused', { integrationId: base.id, source: base.pluginId, code: safe.code, reason: safe.message });
    this.logger.warn('integration refused', { integrationId: base.id, code: safe.code, reason: safe.message });
  }

  /** Publishes an event, with secrets scrubbed from the payload. */
  emit<K extends HostEventName>(name: K, payload: HostEvents[K]): void {
    (this.events.emit as (n: string, p: unknown) => boolean)(name, this.redactor.redactDeep(payload));
  }

  plugins(): readonly LoadedPlugin[] {
    return this.options.plugins;
  }

  refusedPlugins(): readonly RefusedPlugin[] {
    return this.#refused;
  }

  /** Every configured integration, including refused and disabled ones. */
  integrations(): readonly IntegrationInfo[] {
    return this.#infos;
  }

  /** The running integration with this id, or undefined. */
  integration(id: string): Integration | undefined {
    return this.#integrations.get(id);
  }

  supports(integrationId: string, capability: CapabilityName): boolean {
    return this.#integrations.get(integrationId)?.supports(capability) ?? false;
  }

  /**
   * Calls a capability of one integration inside its error boundary: bounded by its timeout,
   * errors wrapped with the integration, plugin and capability, results validated.
   * @example const report = await host.call('nc-prod', 'HealthCheck');
   */
  call<K extends CapabilityName>(integrationId: string, capability: K, ...args: [...CapabilityCalls[K]['args'], CallOptionsFor<K>?]): CapabilityCalls[K]['result'] {
    const integration = this.#integrations.get(integrationId);
    const info = CAPABILITIES[capability];
    const site = { integrationId, pluginId: integration?.plugin.definition.id ?? 'unknown', capability };
    const callArgs = args.slice(0, info.arity);
    // The trailing object carries host options (timeoutMs) and method options (DeleteAgent's dryRun) alike.
    const options = (args[info.arity] ?? {}) as CallOptions & Record<string, unknown>;
    const { timeoutMs: _timeoutMs, signal: _signal, ...methodOptions } = options;
    const unsupported = (): IntegrationError =>
      IntegrationError.wrap(
        site,
        new UnsupportedError(integration ? `${integrationId} does not offer ${capability}` : `no running integration "${integrationId}"`, {
          hint: integration ? 'Check `rmm-hub plugins` for what the plugin offers.' : 'Check the id with `rmm-hub status`; a refused integration is listed with its reason.',
        }),
      );
    const boundary: BoundaryOptions = {
      site,
      timeoutMs: options.timeoutMs ?? integration?.callTimeoutMs ?? 60_000,
      interactive: info.interactive,
      redactor: integration?.redactor ?? this.redactor,
      signal: options.signal,
    };
    if (capability === 'RunScript' && callArgs[0] !== undefined) {
      const request = ScriptRequest.safeParse(callArgs[0]);
      if (!request.success) {
        const failure = Promise.reject(IntegrationError.wrap(site, new InvalidRecordError(`invalid script request: ${request.error.issues[0]?.message ?? ''}`, { hint: 'Check the script request fields.' })));
        return failure as CapabilityCalls[K]['result'];
      }
      callArgs[0] = request.data;
      boundary.timeoutMs = Math.max(boundary.timeoutMs, request.data.timeoutMs + 30_000);
    }

    if (info.streams) {
      const schema = STREAM_SCHEMAS[capability as keyof typeof STREAM_SCHEMAS];
      if (!integration?.supports(capability)) {
        const error = unsupported();
        return { [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(error) }) } as CapabilityCalls[K]['result'];
      }
      const impl = integration.resolve(info.token) as Record<string, (...a: unknown[]) => AsyncIterable<unknown>>;
      return streamInBoundary(boundary, schema, (signal) => impl[info.method]!(...callArgs, { ...methodOptions, signal }), (error) => this.#reportInvalid(integrationId, capability, error)) as CapabilityCalls[K]['result'];
    }

    if (!integration?.supports(capability)) return Promise.reject(unsupported()) as CapabilityCalls[K]['result'];
    const impl = integration.resolve(info.token) as Record<string, (...a: unknown[]) => Promise<unknown>>;
    const schema = RESULT_SCHEMAS[capability as keyof typeof RESULT_SCHEMAS] as (typeof RESULT_SCHEMAS)[keyof typeof RESULT_SCHEMAS] | undefined;
    const result = callInBoundary(boundary, async (signal) => {
      const value = await impl[info.method]!(...callArgs, { ...methodOptions, signal });
      if (!schema) return value;
      const parsed = schema.safeParse(value);
      if (parsed.success) return parsed.data;
      const issue = parsed.error.issues[0];
      throw new InvalidRecordError(`${capability} returned an invalid result at "${issue?.path.map(String).join('.') ?? ''}": ${issue?.message ?? ''}`, {
        hint: 'The plugin returned data that does not match the contract; report it to its author.',
      });
    });
    if (capability === 'HealthCheck') {
      const record = async (report: HealthReport): Promise<void> => {
        if (!this.options.store?.readOnly) await this.options.store?.integrations.recordHealth(integrationId, report);
        this.emit('integration:health', { integrationId, report });
      };
      return result.then(
        async (report) => {
          await record(report as HealthReport);
          return report;
        },
        async (error: unknown) => {
          // A check that could not even run (server down, credentials refused) is the
          // integration's health too: without this, the last good report would stand.
          const failure = isRmmError(error) ? error : undefined;
          await record({
            status: 'unhealthy',
            checks: [{ name: 'health-check', status: 'fail', message: failure?.message ?? thrownMessage(error), ...(failure?.hint ? { hint: failure.hint } : {}) }],
            checkedAt: new Date().toISOString(),
          });
          throw error;
        },
      ) as CapabilityCalls[K]['result'];
    }
    return result as CapabilityCalls[K]['result'];
  }

  #reportInvalid(integrationId: string, capability: string, error: InvalidRecordError): void {
    this.logger.warn('skipped an invalid record', { integrationId, code: error.code, message: error.message });
    const recordId = error.context['recordId'];
    this.emit('integration:error', { integrationId, capability, error: { code: error.code, message: error.message, hint: error.hint }, ...(typeof recordId === 'string' ? { recordId } : {}) });
  }

  /** Disposes every integration (reverse start order), then the root container. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#stopWatch?.();
    for (const integration of [...this.#integrations.values()].reverse()) await integration.dispose();
    await this.root.dispose();
  }
}
