import type { Command } from 'commander';

import { UsageError } from '@rmm-hub/core';
import { postgresUrlArgument } from '@rmm-hub/hub';

import { demoPasses, renderDemo } from '../demo/demo-report.js';
import { runDemo, type DemoOptions } from '../demo/run-demo.js';
import { positiveInt } from '../flags.js';
import { createOutput, ExitCode } from '../output.js';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('End-to-end demo against the built-in N-central and Automate simulators, scored against their ground truth')
    .option('--devices <n>', 'machines in the generated fleet', '2000')
    .option('--seed <n>', 'fleet seed (same seed, same fleet)', '1')
    .option('--latency <ms>', 'simulated latency per request', '0')
    .option('--keep', 'keep the temporary config, secrets and database')
    .option('--store <kind>', 'where the demo keeps its store: sqlite, or postgres (a private server it starts, unless --pg-url)', 'sqlite')
    .option('--pg-url <url>', 'with --store postgres: a server to use instead (URL, env:NAME or file:PATH); the demo works in a schema of its own, dropped afterwards unless --keep')
    .option('--json', 'print one JSON summary object')
    .action(async (options: { devices: string; seed: string; latency: string; keep?: boolean; json?: boolean; store: string; pgUrl?: string }) => {
      const out = createOutput(Boolean(options.json));
      const store = demoStore(options.store, options.pgUrl);
      const summary = await runDemo({
        devices: positiveInt('--devices', options.devices, 200_000),
        seed: positiveInt('--seed', options.seed, 2 ** 31 - 1),
        latencyMs: Number(options.latency) >= 0 ? Number(options.latency) : 0,
        keep: Boolean(options.keep),
        progress: !options.json,
        note: (text) => out.note(text),
        store,
      });
      out.result(summary, () => renderDemo(summary));
      process.exitCode = demoPasses(summary) ? ExitCode.ok : ExitCode.failed;
    });
}

function demoStore(kind: string, pgUrl: string | undefined): DemoOptions['store'] {
  if (kind !== 'sqlite' && kind !== 'postgres') throw new UsageError(`--store: must be sqlite or postgres, not "${kind}"`, { hint: 'Use --store sqlite (the default) or --store postgres.' });
  if (kind === 'sqlite' && pgUrl !== undefined) throw new UsageError('--pg-url is for --store postgres', { hint: 'Add --store postgres, or leave --pg-url out.' });
  return kind === 'sqlite' ? { kind } : { kind, url: pgUrl === undefined ? undefined : postgresUrlArgument(pgUrl, '--pg-url') };
}
