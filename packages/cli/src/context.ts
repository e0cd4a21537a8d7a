/**
 * What most commands need: the config (from --config, RMM_HUB_CONFIG or ./rmm-hub.yaml), the
 * discovered plugins, and — on demand — the store and a started host.
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
  type DiscoveryResult,
  type LoadedConfig,
} from '@rmm-hub/core';
import { SqliteStore } from '@rmm-hub/store-sqlite';

import { createLogSink, logLevel, type LogFormat } from './logs.js';
import { reportError } from './output.js';

/** The config file looked for when neither --config nor RMM_HUB_CONFIG names one. */
export const DEFAULT_CONFIG_FILES = ['rmm-hub.yaml', 'rmm-hub.yml', 'rmm-hub.json'];

/** This package's package.json: its dependencies are where built-in plugins are discovered. */
export const CLI_PACKAGE_JSON = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'package.json');

export interface ConfigChoice {
  loaded: LoadedConfig;
  /** False when no file exists and defaults are used. */
  fromFile: boolean;
}

/**
 * The config named by --config, else by RMM_HUB_CONFIG, else ./rmm-hub.yaml (or .yml, .json).
 * Without one, commands that work on integrations fail (exit 2) rather than report an empty
 * world as success; `optional` is for those that only need plugin discovery (init, plugins,
 * config schema), which fall back to the defaults.
 */
export function loadConfig(path: string | undefined, options: { optional?: boolean } = {}): ConfigChoice {
  const named = path ?? (process.env['RMM_HUB_CONFIG'] || undefined);
  if (named) return { loaded: loadConfigFile(named), fromFile: true };
  const found = DEFAULT_CONFIG_FILES.map((f) => resolve(f)).find((f) => existsSync(f));
  if (found) return { loaded: loadConfigFile(found), fromFile: true };
  if (!options.optional) {
    throw new ConfigError('', `no config file: none of ${DEFAULT_CONFIG_FILES.join(', ')} in ${process.cwd()}, and neither --config nor RMM_HUB_CONFIG names one`, {
      hint: 'Create one with `rmm-hub init` (or try the simulators with `rmm-hub sim`), or pass --config PATH.',
    });
  }
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

/**
 * Opens the store and starts the host; `close()` disposes both. A command that only reads
 * (`access: 'read'`) never creates the database: before the first sync it sees an empty one.
 */
export interface HostStartOptions {
  /**
   * `read`: opens an existing database read-only (it works on a file it cannot write, and never
   * takes a sync's write lock); before the first sync it sees an empty store in memory and
   * creates nothing. `write` (the default): creates the database when needed.
   */
  access?: 'read' | 'write';
  /** Debug-level logs, whatever `log.level` says. */
  verbose?: boolean;
  logFormat?: LogFormat;
}

export async function startHost(loaded: LoadedConfig, options: HostStartOptions = {}): Promise<HostSession> {
  const discovery = await discover(loaded);
  const storePath = resolve(loaded.baseDir, loaded.config.store.path);
  if (!existsSync(dirname(storePath))) {
    throw new ConfigError('store.path', `the folder ${dirname(storePath)} does not exist`, { hint: 'Create it, or point store.path elsewhere.' });
  }
  const access = options.access ?? 'write';
  const store =
    access === 'read' && !existsSync(storePath) ? SqliteStore.open({ path: ':memory:' }) : SqliteStore.open({ path: storePath, readonly: access === 'read' });
  if (!store.readOnly) {
    const now = new Date();
    store.syncRuns.markInterrupted(now.toISOString(), (owner) => processIsGone(owner, now));
  }
  const host = await Host.start({
    config: { ...loaded.config, log: { level: logLevel(loaded.config.log.level, Boolean(options.verbose)) } },
    baseDir: loaded.baseDir,
    locate: loaded.locate,
    plugins: discovery.plugins,
    refused: discovery.refused,
    store,
    logSink: createLogSink(options.logFormat ?? 'text'),
    // Called with the loop stopped: report synchronously and end; committed work is kept.
    onPluginBlocked: (error) => process.exit(reportError(error, { json: false, debug: false, redactor: host.redactor })),
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
