import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

import type { Command } from 'commander';

import { ConfigError } from '@rmm-hub/core';

import { discover, loadConfig } from '../context.js';
import { createOutput } from '../output.js';
import { configSkeleton } from '../config-skeleton.js';

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('Write a commented config skeleton (rmm-hub.yaml)')
    .option('-o, --output <file>', 'where to write it', 'rmm-hub.yaml')
    .option('--force', 'overwrite an existing file')
    .action(async (options: { output: string; force?: boolean }) => {
      const target = resolve(options.output);
      if (existsSync(target) && !options.force) {
        throw new ConfigError('', `${target} already exists`, { hint: 'Pass --force to overwrite it, or -o to write elsewhere.' });
      }
      const { loaded } = loadConfig(undefined, { optional: true });
      const { plugins } = await discover(loaded);
      const lines = [
        '# rmm-hub configuration. Validate it with `rmm-hub check`; editors can use `rmm-hub config schema`.',
        '# Secrets are never written here: give them as env:VARIABLE or file:/path/to/file.',
        '# Replace every <placeholder>, set enabled: true, then run `rmm-hub check`.',
        '',
        'store:',
        '  path: ./rmm-hub.db        # SQLite database, relative to this file',
        '',
        '# The platform tenants, when your application does not supply them. Link the MSP itself first.',
        'tenants:',
        '  - id: msp',
        '    name: Your MSP Name',
        '    isMsp: true',
        '  # - id: acme',
        '  #   name: Acme Plumbing & Heating',
        '  #   psaCompanyId: "1234"      # ConnectWise Manage company id, if any',
        '  #   domains: [acmeplumbing.com]',
        '',
        'integrations:',
      ];
      for (const plugin of plugins) {
        lines.push(`  # ${plugin.definition.displayName}`, `  - id: ${plugin.definition.id}-main`, `    plugin: ${plugin.definition.id}`, '    enabled: false          # true once the <placeholders> below are replaced', '    config:');
        lines.push(...configSkeleton(plugin.definition, '      '));
      }
      if (plugins.length === 0) lines.push('  []  # no plugins found; install one, see `rmm-hub plugins`');
      writeFileSync(target, `${lines.join('\n')}\n`, { flag: options.force ? 'w' : 'wx' });
      createOutput(false).result({ path: target }, () => `wrote ${target}`);
    });
}
