/**
 * The product's runtime: the store and host as packages/cli/src/context.ts starts them, and the
 * engines through core's wireEngines (exactly what the CLI uses), with two test
 * differences: the plugins are the workspace sources (the CLI discovers their built `dist/`,
 * which a test must not depend on), and a memory log sink plus an event recorder capture
 * everything the host says, for the leak and isolation checks.
 */
import { resolve } from 'node:path';

import {
  checkDefinition,
  Host,
  HostEventBus,
  memorySink,
  processIsGone,
  storeConfigTenants,
  wireEngines,
  type ComputerQueries,
  type IdentificationService,
  type LinkingService,
  type ScriptRouter,
  type SyncOrchestrator,
  type HostEventName,
  type LoadedConfig,
  type LoadedPlugin,
  type LogRecord,
  type PluginDefinition,
  type SqliteStoreConfig,
} from '@rmm-hub/core';
import { defineAutomatePlugin } from '@rmm-hub/plugin-cw-automate';
import ncentralPlugin from '@rmm-hub/plugin-ncentral';
import type { VirtualClock } from '@rmm-hub/plugin-testkit';
import { SqliteStore } from '@rmm-hub/store-sqlite';

/** Every host event name, so a recorder can listen to all of them. */
export const HOST_EVENT_NAMES: readonly HostEventName[] = [
  'integration:loaded',
  'integration:refused',
  'integration:health',
  'integration:error',
  'sync:started',
  'sync:progress',
  'sync:waiting',
  'sync:finished',
  'sync:failed',
  'link:created',
  'link:removed',
  'link:suggested',
  'link:decision',
  'link:warning',
  'computer:created',
  'computer:merged',
  'computer:split',
  'computer:conflict',
  'computer:lifecycle',
  'script:started',
  'script:finished',
];

/**
 * The two built-in plugins, loaded from source and checked as the loader checks a package.
 * With `clock`, Automate's waits (TOTP steps, back-off) advance that clock instead of real time.
 */
export function builtInPlugins(clock?: VirtualClock): LoadedPlugin[] {
  const automate = defineAutomatePlugin(clock ? { now: clock.now, sleep: clock.sleep } : {});
  return [
    asLoaded(ncentralPlugin as PluginDefinition, '@rmm-hub/plugin-ncentral', 'plugins/ncentral'),
    asLoaded(automate as PluginDefinition, '@rmm-hub/plugin-cw-automate', 'plugins/cw-automate'),
  ];
}

/** A plugin definition as the loader would hand it over (after `checkDefinition`). */
export function asLoaded(definition: PluginDefinition, packageName: string, dir = '.'): LoadedPlugin {
  return { definition: checkDefinition(definition, packageName), packageName, packageVersion: definition.version, origin: 'dependency', packageDir: resolve(dir) };
}

/** A started runtime plus what it logged and emitted. */
export interface TestRuntime {
  host: Host;
  store: SqliteStore;
  linking: LinkingService;
  identification: IdentificationService;
  computers: ComputerQueries;
  scripts: ScriptRouter;
  sync: SyncOrchestrator;
  logs: LogRecord[];
  events: { name: HostEventName; payload: unknown }[];
  close(): Promise<void>;
}

/** Options of {@link startTestRuntime}. */
export interface TestRuntimeOptions {
  plugins?: readonly LoadedPlugin[];
  /** Open this store instead of the config's `store.path` (e.g. `:memory:`). */
  storePath?: string;
  env?: NodeJS.ProcessEnv;
  /** Keep events of these names only (default: all but the chatty sync:progress). */
  record?: (name: HostEventName) => boolean;
}

/** Opens the store and starts the host and engines on a loaded config, as `rmm-hub sync` does. */
export async function startTestRuntime(loaded: LoadedConfig, options: TestRuntimeOptions = {}): Promise<TestRuntime> {
  const store = SqliteStore.open({ path: options.storePath ?? resolve(loaded.baseDir, (loaded.config.store as SqliteStoreConfig).path) });
  const now = new Date();
  await store.syncRuns.markInterrupted(now.toISOString(), (owner) => processIsGone(owner, now));
  const sink = memorySink();
  const bus = new HostEventBus();
  const events: TestRuntime['events'] = [];
  const keep = options.record ?? ((name: HostEventName) => name !== 'sync:progress');
  for (const name of HOST_EVENT_NAMES) {
    if (keep(name)) bus.on(name, (payload: unknown) => events.push({ name, payload }));
  }
  const host = await Host.start({
    config: loaded.config,
    baseDir: loaded.baseDir,
    plugins: options.plugins ?? builtInPlugins(),
    store,
    logSink: sink,
    events: bus,
    ...(options.env ? { env: options.env } : {}),
  });
  await storeConfigTenants(store, loaded.config.tenants);
  const { linking, identification, computers, scripts, sync } = wireEngines(host, store, loaded.config);
  return {
    host,
    store,
    linking,
    identification,
    computers,
    scripts,
    sync,
    logs: sink.records,
    events,
    async close() {
      await host.dispose();
      await store.close();
    },
  };
}
