import type { Command } from 'commander';

import { demoPasses, renderDemo } from '../demo/demo-report.js';
import { runDemo } from '../demo/run-demo.js';
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
    .option('--json', 'print one JSON summary object')
    .action(async (options: { devices: string; seed: string; latency: string; keep?: boolean; json?: boolean }) => {
      const out = createOutput(Boolean(options.json));
      const summary = await runDemo({
        devices: positiveInt('--devices', options.devices, 200_000),
        seed: positiveInt('--seed', options.seed, 2 ** 31 - 1),
        latencyMs: Number(options.latency) >= 0 ? Number(options.latency) : 0,
        keep: Boolean(options.keep),
        progress: !options.json,
        note: (text) => out.note(text),
      });
      out.result(summary, () => renderDemo(summary));
      process.exitCode = demoPasses(summary) ? ExitCode.ok : ExitCode.failed;
    });
}
