/**
 * Test harness: the plugin registered with a real PluginContext-shaped object against a
 * simulated N-central on loopback. Retry delays and poll intervals are shrunk so fault tests
 * run in milliseconds; everything else is the production wiring.
 */
import { createLogger, memorySink, SecretRedactor, type LogRecord } from '@rmm-hub/core';
import { memoryIntegrationState, type CapabilityToken, type PluginContext } from '@rmm-hub/core/plugin';
import { sampleNcentralFleet, startNcentralSim, type Fleet, type NcentralSim, type NcentralSimOptions } from '@rmm-hub/simulators';
import { container } from 'tsyringe';

import { NcentralConfig, type NcentralConfigInput } from './config.schema.js';
import { ncentralPlugin } from './ncentral.plugin.js';

/** A running simulator with the plugin wired to it. */
export interface Harness {
  sim: NcentralSim;
  config: NcentralConfig;
  logs: LogRecord[];
  /** Records the plugin skipped as unreadable. */
  skipped: { capability: string; record: string; reason: string }[];
  redactor: SecretRedactor;
  /** The implementation the plugin provided for a capability. */
  get<T>(token: CapabilityToken<T>): T;
  close(): Promise<void>;
}

/** Options of {@link startHarness}. */
export interface HarnessOptions {
  fleet?: Fleet;
  sim?: Partial<Omit<NcentralSimOptions, 'fleet'>>;
  config?: Partial<NcentralConfigInput>;
}

/** Starts a simulator and registers the plugin against it. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const sim = await startNcentralSim({ fleet: options.fleet ?? sampleNcentralFleet(), ...options.sim });
  const redactor = new SecretRedactor();
  const sink = memorySink();
  const config = NcentralConfig.parse({
    serverUrl: sim.url,
    jwt: sim.jwt,
    runScriptRepositoryId: sim.repositoryId,
    retryDelaysMs: [5, 10, 20, 40],
    ...options.config,
    runScript: { pollIntervalMs: 5, ...options.config?.runScript },
  });
  redactor.add(config.jwt);
  const provided = new Map<symbol, unknown>();
  const disposers: (() => void | Promise<void>)[] = [];
  const controller = new AbortController();
  const skipped: Harness['skipped'] = [];
  const ctx: PluginContext<NcentralConfig> = {
    integrationId: 'nc-test',
    pluginId: 'ncentral',
    config,
    logger: createLogger({ sink, redactor, level: 'debug' }),
    redactor,
    signal: controller.signal,
    state: memoryIntegrationState(),
    provide(token, provider) {
      if (!('useValue' in provider)) throw new Error('the harness only supports useValue providers');
      provided.set(token, provider.useValue);
    },
    onDispose(cleanup) {
      disposers.push(cleanup);
    },
    skipRecord(capability, record, reason) {
      skipped.push({ capability, record, reason });
    },
  };
  await ncentralPlugin.register(container.createChildContainer(), ctx);
  return {
    sim,
    config,
    logs: sink.records,
    skipped,
    redactor,
    get<T>(token: CapabilityToken<T>): T {
      const impl = provided.get(token);
      if (impl === undefined) throw new Error(`capability ${String(token.description)} was not provided`);
      return impl as T;
    },
    async close() {
      controller.abort();
      for (const d of disposers.reverse()) await d();
      await sim.close();
    },
  };
}

/** Drains an async iterable. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
