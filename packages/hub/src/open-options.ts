/**
 * What {@link RmmHub.open} takes: where the config comes from, and how the hub runs (store,
 * access, logs, plugin discovery). Resolving the config source into one loaded config lives
 * here too, so every way in is validated the same way as a config file.
 */
import { loadConfigFile, validateConfig, type HostConfigInput, type LoadedConfig, type LogLevel, type LogSink, type HostOptions, type Store } from '@rmm-hub/core';

/** Open on a config file (YAML or JSON); relative paths in it resolve against its folder. */
export interface ConfigFileSource {
  /** Path of the config file, as `rmm-hub init` writes it. */
  configFile: string;
}

/** Open on settings the host application holds itself; checked exactly like a config file. */
export interface ConfigObjectSource {
  /** The settings, in the config file's shape (see the configuration reference in the README). */
  config: HostConfigInput;
  /** Folder relative paths in the settings resolve against. @default process.cwd() */
  baseDir?: string | undefined;
}

/** Open on a config already loaded with `loadConfigFile` (keeps its file positions for messages). */
export interface LoadedConfigSource {
  /** The result of `loadConfigFile`. */
  loadedConfig: LoadedConfig;
}

/** Where a hub's settings come from: exactly one of a file, an object, or an already loaded file. */
export type HubConfigSource = ConfigFileSource | ConfigObjectSource | LoadedConfigSource;

/** How a hub uses its store. */
export type HubAccess = 'read' | 'write';

/** How the hub runs, whatever the config source. */
export interface HubRunOptions {
  /**
   * A store to use instead of the SQLite database at the config's `store.path`. The hub does
   * not close a store it was given: its owner does.
   */
  store?: Store | undefined;
  /**
   * `write` (the default) creates the database when needed. `read` opens an existing database
   * read-only (it works on a file it cannot write and never waits for a sync's write lock);
   * before the first sync it sees an empty store in memory and creates nothing.
   */
  access?: HubAccess | undefined;
  /**
   * Folder of the host application: plugins are discovered in the dependencies of the
   * nearest package.json at or above it. @default process.cwd()
   */
  appRoot?: string | undefined;
  /** Further package.json files whose dependencies hold plugins (the CLI adds its own). */
  alsoDiscoverFrom?: readonly string[] | undefined;
  /** Where log records go. @default nowhere */
  logSink?: LogSink | undefined;
  /** Overrides the config's `log.level`. */
  logLevel?: LogLevel | undefined;
  /**
   * Turns the event-loop watchdog on: called when a plugin keeps the event loop busy longer
   * than `loopWatchdogSeconds`, with the error naming it. Off when absent.
   */
  onPluginBlocked?: HostOptions['onPluginBlocked'];
}

/** Everything {@link RmmHub.open} accepts. */
export type RmmHubOptions = HubConfigSource & HubRunOptions;

/** The loaded, validated config a source names. */
export function loadSource(source: HubConfigSource): LoadedConfig {
  if ('loadedConfig' in source) return source.loadedConfig;
  if ('configFile' in source) return loadConfigFile(source.configFile);
  return { config: validateConfig(source.config), path: '', baseDir: source.baseDir ?? process.cwd() };
}
