import type { Command } from 'commander';

import { UsageError } from '@rmm-hub/core';
import { postgresUrlArgument } from '@rmm-hub/hub';

import { demoPasses, renderDemo } from '../demo/demo-report.js';
import { serveAfterDemo } from '../demo/demo-serve.js';
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
    .option('--serve', "then serve the web console on the demo's data until Ctrl-C, printing its URL and a one-time admin token")
    .action(async (options: { devices: string; seed: string; latency: string; keep?: boolean; json?: boolean; serve?: boolean; store: string; pgUrl?: string }) => {
      if (options.serve && options.json) throw new UsageError('--serve prints a URL and a token for a person to sign in with; it does not combine with --json.', { hint: 'Leave out --json, or run `rmm-hub demo --json` and `rmm-hub serve` separately.' });
      const out = createOutput(Boolean(options.json));
      const store = demoStore(options.store, options.pgUrl);
      const summary = await runDemo({
        devices: positiveInt('--devices', options.devices, 200_000),
        seed: positiveInt('--seed', options.seed, 2 ** 31 - 1),
        latencyMs: Number(options.latency) >= 0 ? Number(options.latency) : 0,
        keep: Boolean(options.keep),
        progress: !options.json,
        note: (text) => out.note(text),
        ...(options.serve ? { beforeClosing: serveAfterDemo(out, Boolean(program.opts<{ verbose?: boolean }>().verbose)) } : {}),
        store,
      });
      if (!options.serve) out.result(summary, () => renderDemo(summary));
      process.exitCode = demoPasses(summary) ? ExitCode.ok : ExitCode.failed;
    });
}

function demoStore(kind: string, pgUrl: string | undefined): DemoOptions['store'] {
  if (kind !== 'sqlite' && kind !== 'postgres') throw new UsageError(`--store: must be sqlite or postgres, not "${kind}"`, { hint: 'Use --store sqlite (the default) or --store postgres.' });
  if (kind === 'sqlite' && pgUrl !== undefined) throw new UsageError('--pg-url is for --store postgres', { hint: 'Add --store postgres, or leave --pg-url out.' });
  return kind === 'sqlite' ? { kind } : { kind, url: pgUrl === undefined ? undefined : postgresUrlArgument(pgUrl, '--pg-url') };
}
