import { resolve } from 'node:path';

import type { Command } from 'commander';

import { startDemoEnvironment } from '../demo/demo-environment.js';
import { positiveInt } from '../flags.js';
import { createOutput } from '../output.js';

/** Resolves on the first SIGINT or SIGTERM. */
function untilStopped(): Promise<NodeJS.Signals> {
  return new Promise((done) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export function registerSim(program: Command): void {
  program
    .command('sim')
    .description('Start the N-central and Automate simulators and write a ready config (with secret files) to try every command against them; runs until Ctrl-C')
    .option('--dir <folder>', 'where to write rmm-hub.yaml, the secret files and the database', 'rmm-hub-sim')
    .option('--devices <n>', 'machines in the simulated fleet', '200')
    .option('--seed <n>', 'fleet seed (same seed, same fleet)', '1')
    .option('--json', 'print the URLs and paths as JSON')
    .action(async (options: { dir: string; devices: string; seed: string; json?: boolean }) => {
      const devices = positiveInt('--devices', options.devices, 200_000);
      const seed = positiveInt('--seed', options.seed, 2 ** 31 - 1);
      const env = await startDemoEnvironment({ devices, seed, latencyMs: 0, dir: resolve(options.dir), automateMfa: 'integrator' });
      const out = createOutput(Boolean(options.json));
      const config = env.configPath;
      try {
        out.result({ ncentral: { url: env.ncentral.url }, automate: { url: env.automate.url }, config, dir: env.dir }, () =>
          [
            `N-central simulator: ${env.ncentral.url}`,
            `Automate simulator:  ${env.automate.url}`,
            `config:              ${config} (secrets in the files next to it)`,
            '',
            'In another terminal, try:',
            `  export RMM_HUB_CONFIG=${config}`,
            '  rmm-hub check',
            '  rmm-hub sync',
            '  rmm-hub links                                  # suggestions to review',
            '  rmm-hub links accept ncentral <client> <tenant>',
            '  rmm-hub sync && rmm-hub computers && rmm-hub agents',
            '',
            'The simulators stop with Ctrl-C; the folder stays.',
          ].join('\n'),
        );
        await untilStopped();
      } finally {
        await env.close({ keep: true });
      }
    });
}
