import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import type { Command } from 'commander';

import { ErrorCodes, RmmError, ScriptLanguage, UsageError, type LoadedConfig, type ScriptRunOutcome, type ScriptSpec } from '@rmm-hub/core';

import { openHub } from '../context.js';
import { hostOptions, openConfig } from '../global-options.js';
import { createOutput, ExitCode } from '../output.js';
import { configuredQueue } from '../queue.js';

const BY_EXTENSION: Record<string, ScriptLanguage> = { '.ps1': 'powershell', '.cmd': 'cmd', '.bat': 'cmd', '.sh': 'bash' };

export function registerRunScript(program: Command): void {
  program
    .command('run-script')
    .description('Run a script on a computer through whichever RMM can reach it')
    .requiredOption('--computer <id>', 'the computer id (see `rmm-hub computers`)')
    .requiredOption('--file <path>', 'the script file')
    .option('--language <language>', 'powershell, cmd or bash (default: from the file extension)')
    .option('--timeout <seconds>', 'give up after this long', '300')
    .option('--maintenance', "put the agent in its RMM's maintenance mode for the run (always switched off after)")
    .option('--as <actor>', 'who is running it, for the audit log', process.env['USER'] ?? 'cli')
    .option('--enqueue', 'run it on a `rmm-hub worker` through the job queue (config `queue:`), ahead of waiting syncs, and wait for its outcome')
    .option('--json', 'print JSON')
    .action(async (options: { computer: string; file: string; language?: string; timeout: string; maintenance?: boolean; as: string; json?: boolean; enqueue?: boolean }) => {
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
      const script: ScriptSpec = { language: language.data, body, timeoutMs };
      if (options.enqueue) {
        await runQueued(loaded, options.computer, script, options);
        return;
      }
      const hub = await openHub(loaded, hostOptions(program, 'write'));
      const out = createOutput(Boolean(options.json), hub.redactor);
      try {
        out.note(`running ${options.file} on ${options.computer}…`);
        const outcome = await hub.runScript(options.computer, script, { actor: options.as, ...(options.maintenance ? { maintenance: true } : {}) });
        out.result(outcome, () => renderOutcome(outcome));
        process.exitCode = outcome.result.status === 'success' ? ExitCode.ok : ExitCode.failed;
      } finally {
        await hub.close();
      }
    });
}

/** Puts the script on the queue, where workers take scripts before any sync, and waits for a worker's outcome. */
async function runQueued(loaded: LoadedConfig, computerId: string, script: ScriptSpec, options: { maintenance?: boolean; as: string; json?: boolean }): Promise<void> {
  const configured = configuredQueue(loaded);
  const out = createOutput(Boolean(options.json), configured.redactor);
  const queue = await configured.open(out.note);
  try {
    const id = await queue.enqueueScript({ computerId, script, actor: options.as, maintenance: Boolean(options.maintenance) });
    out.note(`queued as job ${id}; waiting for a worker (\`rmm-hub jobs\` shows it)…`);
    let ended = await queue.outcome(id);
    while (!ended) {
      await sleep(configured.pollIntervalSeconds * 1000);
      ended = await queue.outcome(id);
    }
    const output = ended.output;
    if (output && 'error' in output) throw new RmmError(output.error.code, output.error.message, { hint: output.error.hint });
    if (!output?.script) {
      // Failed or cancelled by the queue itself: its worker died and the lease ran out, or someone cancelled it.
      throw new RmmError(ErrorCodes.cancelled, `script job ${id} ended ${ended.state} before its worker reported an outcome`, {
        hint: `The script may have run in part: look at the computer (\`rmm-hub computer ${computerId} --timeline\`) before running it again.`,
      });
    }
    const outcome = output.script;
    out.result(outcome, () => renderOutcome(outcome));
    process.exitCode = outcome.result.status === 'success' ? ExitCode.ok : ExitCode.failed;
  } finally {
    await queue.close();
  }
}

function renderOutcome(outcome: ScriptRunOutcome): string {
  const maintenance = outcome.attempts.at(-1)?.maintenance;
  return [
    `${outcome.result.status} via ${outcome.integrationId} (agent ${outcome.agentId}) in ${(outcome.result.durationMs / 1000).toFixed(1)} s, exit code ${outcome.result.exitCode ?? '-'}`,
    ...outcome.attempts.filter((a) => a.status === 'error').map((a) => `  earlier attempt via ${a.integrationId}: [${a.errorCode}] ${a.message}`),
    ...(maintenance === 'unsupported' ? [`  ${outcome.integrationId} has no maintenance mode: the script ran without it`] : []),
    ...(maintenance === 'left-on' ? [`  maintenance mode could not be switched off: switch it off in ${outcome.integrationId}`] : []),
    '--- output ---',
    outcome.result.output,
  ].join('\n');
}
