/**
 * `startTestHost()` boots the real host wiring — config parsing, secret references, one child
 * container per integration, the call boundary, the event bus, the logger — around an in-memory
 * SQLite store, and records every event and log line so a test can assert on them. It is the
 * testkit's `startTestBackend`: plugins are tested through exactly the path production uses,
 * never by calling their classes directly.
 */
import {
  checkDefinition,
  HostConfig,
  Host,
  HostEventBus,
  memorySink,
  type HostConfigInput,
  type HostEventName,
  type LoadedPlugin,
  type LogRecord,
  type PluginDefinition,
} from '@rmm-hub/core';
import { SqliteStore } from '@rmm-hub/store-sqlite';

/** One event the host published, in order, already scrubbed by the host's redactor. */
export interface RecordedEvent {
  readonly name: HostEventName;
  readonly payload: unknown;
}

/** A plugin as tests hold it: the `definePlugin()` result, or a discovered package. */
// Every PluginDefinition<TConfig> is assignable: the config type only flows back into the plugin's own register().
export type TestPlugin = PluginDefinition<unknown> | LoadedPlugin;

/** Options of {@link startTestHost}. */
export interface TestHostOptions {
  /** The plugins the host may use, as `definePlugin()` results or loaded packages. */
  plugins: readonly TestPlugin[];
  /** The host config (as it would be written in YAML). Log level defaults to `debug`, so tests see every line. */
  config: HostConfigInput;
  /** The environment `env:` secret references resolve against. @default {} (never the real environment) */
  env?: NodeJS.ProcessEnv;
  /** Folder `file:` references resolve against. @default process.cwd() */
  baseDir?: string;
}

/** A running test host and what it recorded. */
export interface TestHost {
  readonly host: Host;
  readonly store: SqliteStore;
  /** Every event published since start-up, start-up included. */
  readonly events: RecordedEvent[];
  /** Every log line (already redacted), debug level included. */
  readonly logs: LogRecord[];
  /** Disposes the host (and its integrations) and closes the store. Safe to call twice. */
  dispose(): Promise<void>;
}

/** A bus that remembers what it carried; the host publishes through it from the first event on. */
class RecordingEventBus extends HostEventBus {
  readonly recorded: RecordedEvent[] = [];

  override emit(name: HostEventName, ...args: unknown[]): boolean {
    this.recorded.push({ name, payload: args[0] });
    return (super.emit as (n: HostEventName, ...a: unknown[]) => boolean)(name, ...args);
  }
}

/**
 * Boots a host with an in-memory store, a memory log sink and a recording event bus.
 * @example
 * const t = await startTestHost({
 *   plugins: [examplePlugin],
 *   config: { integrations: [{ id: 'example-test', plugin: 'example', config: { serverUrl, apiKey: 'env:EXAMPLE_KEY' } }] },
 *   env: { EXAMPLE_KEY: 'k-123456789' },
 * });
 * try {
 *   const report = await t.host.call('example-test', 'HealthCheck');
 * } finally {
 *   await t.dispose();
 * }
 */
export async function startTestHost(options: TestHostOptions): Promise<TestHost> {
  const config = HostConfig.parse({ ...options.config, log: { level: 'debug', ...options.config.log } });
  const plugins = options.plugins.map(asLoaded);
  const store = SqliteStore.open({ path: ':memory:' });
  const sink = memorySink();
  const events = new RecordingEventBus();
  let host: Host;
  try {
    host = await Host.start({
      config,
      baseDir: options.baseDir ?? process.cwd(),
      plugins,
      store,
      env: options.env ?? {},
      logSink: sink,
      events,
    });
  } catch (error) {
    await store.close();
    throw error;
  }
  let disposed = false;
  return {
    host,
    store,
    events: events.recorded,
    logs: sink.records,
    async dispose() {
      if (disposed) return;
      disposed = true;
      try {
        await host.dispose();
      } finally {
        await store.close();
      }
    },
  };
}

function asLoaded(plugin: TestPlugin): LoadedPlugin {
  if ('definition' in plugin && 'packageName' in plugin) return plugin;
  // Refuse exactly what discovery would refuse, so a test cannot pass with a plugin the CLI rejects.
  const definition = checkDefinition(plugin, (plugin as { id?: unknown }).id === undefined ? '<test plugin>' : String((plugin as { id?: unknown }).id));
  return { definition, packageName: `${definition.id} (test)`, packageVersion: definition.version, origin: 'config', packageDir: process.cwd() };
}
