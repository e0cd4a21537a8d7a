import type { Command } from 'commander';

import { UsageError } from '@rmm-hub/core';

import { OUTPUT_SCHEMAS, outputJsonSchema, type OutputCommand } from '../output-schemas.js';

export function registerSchema(program: Command): void {
  const schema = program.command('schema').description('JSON Schemas of what rmm-hub reads and prints');
  schema
    .command('output <command>')
    .description(`Print the JSON Schema of a command's --json output (${Object.keys(OUTPUT_SCHEMAS).join(', ')})`)
    .action((command: string) => {
      if (!Object.hasOwn(OUTPUT_SCHEMAS, command)) {
        throw new UsageError(`no output schema for "${command}"`, { hint: `Use one of: ${Object.keys(OUTPUT_SCHEMAS).join(', ')}.` });
      }
      process.stdout.write(`${JSON.stringify(outputJsonSchema(command as OutputCommand), null, 2)}\n`);
    });
}
