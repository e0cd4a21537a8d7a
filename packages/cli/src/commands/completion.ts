import type { Command } from 'commander';

import { UsageError } from '@rmm-hub/core';

import { completionScript, SHELLS, type Shell } from '../completion.js';

export function registerCompletion(program: Command): void {
  program
    .command('completion <shell>')
    .description(`Print a shell completion script (${SHELLS.join(', ')})`)
    .action((shell: string) => {
      if (!SHELLS.includes(shell as Shell)) throw new UsageError(`no completion for "${shell}"`, { hint: `Use one of: ${SHELLS.join(', ')}.` });
      process.stdout.write(completionScript(shell as Shell, program));
    });
}
