/**
 * What most commands need: the config (from --config, ./rmm-hub.yaml, or defaults when there
 * is none), the discovered plugins, and — on demand — the store and a started host.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  ConfigError,
  discoverPlugins,
  Host,
  HostConfig,
  loadConfigFile,
  processIsGone,
  stderrSink,
  type DiscoveryResult,
  type LoadedConfig,
} from '@rmm-hub/core';
import { SqliteStore } from '@rmm-hub/store-sqlite';

/** The config file looked for when --config is not given. */
export const DEFAULT_CONFIG_FILES = ['rmm-hub.yaml', 'rmm-hub.yml', 'rmm-hub.json'];

/** This package's package.json: its dependencies are where built-in plugins are discovered. */
export const CLI_PACKAGE_JSON = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'package.json');

export interface ConfigChoice {
  loaded: LoadedConfig;
  /** False when no file exists and defaults are used. */
  fromFile: boolean;
}

export function loadConfig(path: string | undefined): ConfigChoice {
  if (path) return { loaded: loadConfigFile(path), fromFile: true };
  const found = DEFAULT_CONFIG_FILES.map((f) => resolve(f)).find((f) => existsSync(f));
  if (found) return { loaded: loadConfigFile(found), fromFile: true };
  return { loaded: { config: HostConfig.parse({}), path: '', baseDir: process.cwd() }, fromFile: false };
}

export async function discover(loaded: LoadedConfig): Promise<DiscoveryResult> {
  const { config, baseDir } = loaded;
  return discoverPlugins({
    explicit: config.plugins,
    baseDir,
    hostPackageJson: config.discovery.fromDependencies ? CLI_PACKAGE_JSON : undefined,
    exclude: config.discovery.exclude,
  });
}

export interface HostSession {
  host: Host;
  store: SqliteStore;
  close(): Promise<void>;
}

export interface StartOptions {
  verbose?: boolean;
  /**
   * The command only reads: an existing database is opened read-only, so it works on a
   * read-only file or folder (and never takes the write lock a sync needs).
   */
  readOnly?: boolean;
}

/** Opens the store and starts the host; `close()` disposes both. */
export async function startHost(loaded: LoadedConfig, options: StartOptions = {}): Promise<HostSession> {
  const discovery = await discover(loaded);
  const storePath = resolve(loaded.baseDir, loaded.config.store.path);
  if (!existsSync(dirname(storePath))) {
    throw new ConfigError('store.path', `the folder ${dirname(storePath)} does not exist`, { hint: 'Create it, or point store.path elsewhere.' });
  }
  const store = SqliteStore.open({ path: storePath, readonly: Boolean(options.readOnly) && existsSync(storePath) });
  if (!store.readOnly) {
    const now = new Date();
    store.syncRuns.markInterrupted(now.toISOString(), (owner) => processIsGone(owner, now));
  }
  const host = await Host.start({
    config: loaded.config,
    baseDir: loaded.baseDir,
    plugins: discovery.plugins,
    refused: discovery.refused,
    store,
    ...(options.verbose ? { logSink: stderrSink } : {}),
  });
  return {
    host,
    store,
    async close() {
      await host.dispose();
      store.close();
    },
  };
}
