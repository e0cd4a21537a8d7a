#!/usr/bin/env node
/**
 * `rmm-hub-sim`: starts both simulated RMMs on loopback and keeps them up until Ctrl-C.
 * Exit codes: 0 after a clean stop, 2 on a usage error, 1 on any other failure.
 */
import { describeSims, parseSimArgs, SIM_USAGE, SimUsageError, startSims } from './cli.js';

async function main(): Promise<number> {
  const options = parseSimArgs(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(`${SIM_USAGE}\n`);
    return 0;
  }
  const sims = await startSims(options);
  process.stdout.write(`${describeSims(sims, options)}\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await sims.close();
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof SimUsageError) {
      process.stderr.write(`rmm-hub-sim: ${err.message}\n\n${SIM_USAGE}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`rmm-hub-sim: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    }
  },
);
