/**
 * What most commands need: the config (from --config, RMM_HUB_CONFIG or ./rmm-hub.yaml), the
 * discovered plugins, and — on demand — a hub (the facade every host application uses) opened
 * for reading or writing.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { ConfigError, HostConfig, loadConfigFile, type DiscoveryResult, type LoadedConfig } from '@rmm-hub/core';
import { findPlugins, RmmHub, type HubAccess } from '@rmm-hub/hub';

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

/** The plugins the CLI would start: those its own package depends on, those of the application in the working folder, and the config's `plugins:`. */
export async function discover(loaded: LoadedConfig): Promise<DiscoveryResult> {
  return findPlugins(loaded, { alsoDiscoverFrom: [CLI_PACKAGE_JSON] });
}

/** How a command opens its hub. */
export interface HostStartOptions {
  /** `read` never creates or writes the database (see HubRunOptions.access); `write` is the default. */
  access?: HubAccess;
  /** Debug-level logs, whatever `log.level` says. */
  verbose?: boolean;
  logFormat?: LogFormat;
}

/** Opens the hub every command that works on integrations or data uses; `close()` releases it. */
export async function openHub(loaded: LoadedConfig, options: HostStartOptions = {}): Promise<RmmHub> {
  const hub: RmmHub = await RmmHub.open({
    loadedConfig: loaded,
    alsoDiscoverFrom: [CLI_PACKAGE_JSON],
    access: options.access ?? 'write',
    logLevel: logLevel(loaded.config.log.level, Boolean(options.verbose)),
    logSink: createLogSink(options.logFormat ?? 'text'),
    // Called with the loop stopped: report synchronously and end; committed work is kept.
    onPluginBlocked: (error) => process.exit(reportError(error, { json: false, debug: false, redactor: hub.redactor })),
  });
  return hub;
}
