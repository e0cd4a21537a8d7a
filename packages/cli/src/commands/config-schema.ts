import type { Command } from 'commander';

import { configJsonSchema } from '@rmm-hub/core';

import { renderConfigReference } from '../config-reference.js';
import { discover } from '../context.js';
import { openConfig } from '../global-options.js';

export function registerConfigSchema(program: Command): void {
  const config = program.command('config').description('Config file helpers');
  config
    .command('schema')
    .description("Print the config file's JSON Schema (with every plugin's config), for editors")
    .action(async () => {
      const { loaded } = openConfig(program, { optional: true });
      const { plugins } = await discover(loaded);
      process.stdout.write(`${JSON.stringify(configJsonSchema(plugins.map((p) => p.definition)), null, 2)}\n`);
    });
  config
    .command('reference')
    .description('Print the configuration reference (Markdown), generated from the host and plugin schemas')
    .action(async () => {
      const { loaded } = openConfig(program, { optional: true });
      const { plugins } = await discover(loaded);
      process.stdout.write(`${renderConfigReference(plugins.map((p) => p.definition))}\n`);
    });
}
