import { readFileSync } from 'node:fs';
import { extname } from 'node:path';

import type { Command } from 'commander';

import { ScriptLanguage, UsageError } from '@rmm-hub/core';

import { openHub } from '../context.js';
import { hostOptions, openConfig } from '../global-options.js';
import { createOutput, ExitCode } from '../output.js';

const BY_EXTENSION: Record<string, ScriptLanguage> = { '.ps1': 'powershell', '.cmd': 'cmd', '.bat': 'cmd', '.sh': 'bash' };

export function registerRunScript(program: Command): void {
  program
    .command('run-script')
    .description('Run a script on a computer through whichever RMM can reach it')
    .requiredOption('--computer <id>', 'the computer id (see `rmm-hub computers`)')
    .requiredOption('--file <path>', 'the script file')
    .option('--language <language>', 'powershell, cmd or bash (default: from the file extension)')
    .option('--timeout <seconds>', 'give up after this long', '300')
    .option('--as <actor>', 'who is running it, for the audit log', process.env['USER'] ?? 'cli')
    .option('--json', 'print JSON')
    .action(async (options: { computer: string; file: string; language?: string; timeout: string; as: string; json?: boolean }) => {
      let body: string;
      try {
        body = readFileSync(options.file, 'utf8');
      } catch (cause) {
        throw new UsageError(`--file: cannot read ${options.file}`, { cause, hint: 'Check the path.' });
      }
      const language = ScriptLanguage.safeParse(options.language ?? BY_EXTENSION[extname(options.file).toLowerCase()]);
      if (!language.success) throw new UsageError('--language: is missing or unknown', { hint: 'Pass --language powershell, cmd or bash.' });
      const timeoutMs = Number(options.timeout) * 1000;
      if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new UsageError('--timeout: must be a positive number of seconds', { hint: 'e.g. --timeout 120' });

      const { loaded } = openConfig(program);
      const hub = await openHub(loaded, hostOptions(program, 'write'));
      const out = createOutput(Boolean(options.json), hub.redactor);
      try {
        out.note(`running ${options.file} on ${options.computer}…`);
        const outcome = await hub.runScript(options.computer, { language: language.data, body, timeoutMs }, { actor: options.as });
        out.result(outcome, () =>
          [
            `${outcome.result.status} via ${outcome.integrationId} (agent ${outcome.agentId}) in ${(outcome.result.durationMs / 1000).toFixed(1)} s, exit code ${outcome.result.exitCode ?? '-'}`,
            ...outcome.attempts.filter((a) => a.status === 'error').map((a) => `  earlier attempt via ${a.integrationId}: [${a.errorCode}] ${a.message}`),
            '--- output ---',
            outcome.result.output,
          ].join('\n'),
        );
        process.exitCode = outcome.result.status === 'success' ? ExitCode.ok : ExitCode.failed;
      } finally {
        await hub.close();
      }
    });
}
