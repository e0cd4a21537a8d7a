/**
 * The options every command shares (`--config`, `-v`, `--log-format`, `--debug`), read from the
 * root program, and what commands build from them: the config and the host's start options.
 */
import type { Command } from 'commander';

import { loadConfig, type ConfigChoice, type HostStartOptions } from './context.js';
import type { LogFormat } from './logs.js';

export interface GlobalOptions {
  config?: string;
  verbose?: boolean;
  logFormat: LogFormat;
  debug?: boolean;
}

export function globalOptions(program: Command): GlobalOptions {
  return program.opts<GlobalOptions>();
}

/** The config for this run; `optional` for commands that can work from defaults (see loadConfig). */
export function openConfig(program: Command, options: { optional?: boolean } = {}): ConfigChoice {
  return loadConfig(globalOptions(program).config, options);
}

export function hostOptions(program: Command, access: NonNullable<HostStartOptions['access']>): HostStartOptions {
  const { verbose, logFormat } = globalOptions(program);
  return { access, verbose: Boolean(verbose), logFormat };
}
