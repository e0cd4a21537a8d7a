/**
 * The state one conformance run shares between its checks: the running fake server, the good
 * config, the canaries, and a ledger of everything that came out of the plugin and the host
 * (errors, results, events, log lines) for the canary and catalogue checks to inspect.
 *
 * Every host is a real one (`startTestHost`): config parsing, `env:` secret references, the call
 * boundary, validation and redaction all run as in production.
 */
import {
  describeThrown,
  ErrorCodes,
  IntegrationError,
  isRmmError,
  secretPaths,
  type CapabilityCalls,
  type CapabilityName,
  type PluginDefinition,
  type RmmAgent,
  type RmmClient,
} from '@rmm-hub/core';

import type { Canary } from '../canary.js';
import { startTestHost, type TestHost } from '../test-host.js';
import { ConformanceFailure } from './conformance-failure.js';
import type { ConformanceOptions, RawConfig } from './conformance-options.js';

/** The integration id every conformance host uses. */
export const CONFORMANCE_INTEGRATION_ID = 'conformance-test';

/** Something the plugin or host let out, kept for the leak and catalogue checks. */
export interface Artefact {
  /** Where it came from, e.g. `error: ListClients with bad credentials`. */
  readonly source: string;
  readonly value: unknown;
  readonly kind: 'error' | 'result' | 'event' | 'log';
}

/** A host the session started, with its label. */
export interface SessionHost extends TestHost {
  readonly label: string;
  readonly integrationId: string;
}

/** What one listing produced: the records, and the error that ended it early, if any. */
export interface Listing<T> {
  readonly records: T[];
  readonly error?: unknown;
}

/** The listing with the good config as given, the reference the other checks compare against. */
export interface Baseline {
  readonly clients: RmmClient[];
  readonly agents: RmmAgent[];
  /** Messages of the records the host skipped as invalid (RMM_ERR_INVALID_RECORD), in order. */
  readonly invalid: string[];
}

export class ConformanceSession<TServer> {
  readonly plugin: PluginDefinition<unknown>;
  readonly options: ConformanceOptions<TServer>;
  #server: TServer | undefined;
  #good: RawConfig | undefined;
  readonly #canaries = new Map<string, Canary>();
  readonly #artefacts: Artefact[] = [];
  readonly #hosts: SessionHost[] = [];
  #baseline: Promise<Baseline> | undefined;
  #envCounter = 0;

  constructor(plugin: PluginDefinition<unknown>, options: ConformanceOptions<TServer>) {
    this.plugin = plugin;
    this.options = options;
  }

  get server(): TServer {
    if (this.#server === undefined) throw new Error('the conformance session is not open: call open() first');
    return this.#server;
  }

  /** The working config, secrets as literal values. */
  get goodConfig(): RawConfig {
    if (this.#good === undefined) throw new Error('the conformance session is not open: call open() first');
    return this.#good;
  }

  get pageSizes(): { min: number; max: number } {
    return this.options.pageSizes ?? { min: 1, max: 50 };
  }

  /** Every canary registered so far: config secrets seen by any host, plus `options.secrets`. */
  canaries(): Canary[] {
    for (const value of this.options.secrets?.(this.server) ?? []) this.#addCanary('a secret the server issued', value);
    return [...this.#canaries.values()];
  }

  /** Everything recorded so far, host events and log lines included. */
  artefacts(): Artefact[] {
    const out = [...this.#artefacts];
    for (const host of this.#hosts) {
      host.events.forEach((event) => out.push({ source: `event ${event.name} (${host.label})`, value: event.payload, kind: 'event' }));
      host.logs.forEach((record) => out.push({ source: `log line "${record.msg}" (${host.label})`, value: record, kind: 'log' }));
    }
    return out;
  }

  async open(): Promise<void> {
    if (this.#server !== undefined) return;
    this.#server = await this.options.server.start();
    this.#good = this.options.config(this.#server);
  }

  async close(): Promise<void> {
    for (const host of this.#hosts.splice(0)) await host.dispose().catch(() => undefined);
    if (this.#server !== undefined) {
      const server = this.#server;
      this.#server = undefined;
      await this.options.server.stop(server);
    }
  }

  /** Records an artefact for the leak and catalogue checks. */
  record(artefact: Artefact): void {
    this.#artefacts.push(artefact);
  }

  /**
   * Starts a real host with one integration of the plugin under test, configured with `raw`.
   * Literal secrets become `env:` references (and canaries). The host stays open until
   * {@link dispose} or {@link close}; its events and logs join the ledger.
   */
  async startHost(raw: RawConfig, label: string): Promise<SessionHost> {
    const env: NodeJS.ProcessEnv = {};
    const config = this.#referenceSecrets(raw, env);
    const started = await startTestHost({
      plugins: [this.plugin],
      config: { integrations: [{ id: CONFORMANCE_INTEGRATION_ID, plugin: this.plugin.id, config }] },
      env,
    });
    const host: SessionHost = { ...started, label, integrationId: CONFORMANCE_INTEGRATION_ID };
    this.#hosts.push(host);
    const info = started.host.integrations()[0];
    if (info?.error) this.record({ source: `refusal of the integration (${label})`, value: info.error, kind: 'error' });
    return host;
  }

  async dispose(host: SessionHost): Promise<void> {
    await host.dispose();
  }

  /** Starts a host, runs `work`, disposes the host whatever happens. */
  async withHost<T>(raw: RawConfig, label: string, work: (host: SessionHost) => Promise<T>): Promise<T> {
    const host = await this.startHost(raw, label);
    try {
      return await work(host);
    } finally {
      await host.dispose();
    }
  }

  /** `host.call` bound to its host, loosely typed for the kit's generic callers. */
  static caller(host: SessionHost): (capability: string, ...args: unknown[]) => unknown {
    return (capability, ...args) => (host.host.call as (id: string, c: string, ...a: unknown[]) => unknown).call(host.host, host.integrationId, capability, ...args);
  }

  /** Calls a promise capability through the host; records the result or the error. */
  async call<K extends 'HealthCheck' | 'RunScript'>(host: SessionHost, capability: K, label: string, ...args: CapabilityCalls[K]['args']): Promise<{ value?: Awaited<CapabilityCalls[K]['result']>; error?: unknown }> {
    try {
      const value = (await ConformanceSession.caller(host)(capability, ...args)) as Awaited<CapabilityCalls[K]['result']>;
      this.record({ source: `result of ${capability}: ${label}`, value, kind: 'result' });
      return { value };
    } catch (error) {
      this.record({ source: `error from ${capability}: ${label}`, value: error, kind: 'error' });
      return { error };
    }
  }

  /** Drains a streaming capability through the host; records the error that ended it, if any. */
  async list<K extends 'ListClients' | 'ListComputers'>(host: SessionHost, capability: K, label: string, ...args: CapabilityCalls[K]['args']): Promise<Listing<K extends 'ListClients' ? RmmClient : RmmAgent>> {
    type Item = K extends 'ListClients' ? RmmClient : RmmAgent;
    const records: Item[] = [];
    try {
      const stream = ConformanceSession.caller(host)(capability, ...args) as AsyncIterable<Item>;
      for await (const record of stream) records.push(record);
      return { records };
    } catch (error) {
      this.record({ source: `error from ${capability}: ${label}`, value: error, kind: 'error' });
      return { records, error };
    }
  }

  /** The reference listing (the good config as given), computed once per session. */
  baseline(): Promise<Baseline> {
    this.#baseline ??= this.withHost(this.goodConfig, 'reference listing', async (host) => {
      const clients = await this.list(host, 'ListClients', 'baseline');
      if (clients.error !== undefined) throw baselineFailure('ListClients', clients.error);
      const agents = await this.list(host, 'ListComputers', 'baseline', { clientIds: this.agentQuery(clients.records) });
      if (agents.error !== undefined) throw baselineFailure('ListComputers', agents.error);
      return { clients: clients.records, agents: agents.records, invalid: invalidRecords(host) };
    });
    return this.#baseline;
  }

  /** The client ids the suite lists agents for (`options.agentQuery`, or every listed client). */
  agentQuery(clients: readonly RmmClient[]): string[] {
    return this.options.agentQuery ? this.options.agentQuery(clients) : clients.map((c) => c.id);
  }

  /** True when the plugin declares `capability` (false for a manifest without a capability list). */
  declares(capability: CapabilityName): boolean {
    const declared: unknown = (this.plugin as { capabilities?: unknown }).capabilities;
    return Array.isArray(declared) && declared.includes(capability);
  }

  #addCanary(label: string, value: unknown): void {
    if (typeof value !== 'string' || value.length < 4 || this.#canaries.has(value)) return;
    this.#canaries.set(value, { label, value });
  }

  /** A copy of `raw` whose literal secrets are `env:` references into `env`. */
  #referenceSecrets(raw: RawConfig, env: NodeJS.ProcessEnv): RawConfig {
    const copy = structuredClone(raw);
    for (const dotted of secretPaths(this.plugin.configSchema)) {
      visit(copy, dotted.split('.'), 'config', (value, path) => {
        if (typeof value !== 'string' || /^(env|file):/.test(value.trim())) return value;
        this.#addCanary(path, value);
        const name = `RMM_TESTKIT_SECRET_${++this.#envCounter}`;
        env[name] = value;
        return `env:${name}`;
      });
    }
    return copy;
  }
}

function visit(node: unknown, keys: string[], path: string, replace: (value: unknown, path: string) => unknown): void {
  if (typeof node !== 'object' || node === null) return;
  const [key, ...rest] = keys;
  if (key === undefined) return;
  const container = node as Record<string, unknown>;
  for (const target of key === '*' ? Object.keys(container) : key in container ? [key] : []) {
    const at = `${path}.${target}`;
    if (rest.length === 0) container[target] = replace(container[target], at);
    else visit(container[target], rest, at, replace);
  }
}

/** Messages of the `integration:error` events the host raised for skipped invalid records. */
export function invalidRecords(host: TestHost): string[] {
  return host.events
    .filter((event) => event.name === 'integration:error')
    .map((event) => (event.payload as { error: { code: string; message: string } }).error)
    .filter((error) => error.code === ErrorCodes.invalidRecord)
    .map((error) => error.message);
}

function baselineFailure(capability: string, error: unknown): ConformanceFailure {
  return new ConformanceFailure('listing', `${capability} with the good config failed: ${describeError(error)}`, { cause: error });
}

/** `CODE: message (hint)` for a failure message; uncatalogued throws are called out. */
export function describeError(error: unknown): string {
  if (!isRmmError(error)) return describeThrown(error);
  const crash = error instanceof IntegrationError && error.pluginCode === undefined ? ' — the plugin threw something outside the error catalogue' : '';
  return `${error.code}: ${error.message}${crash}`;
}
