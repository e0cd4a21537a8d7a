/**
 * The `rmm-hub` command. Each command lives in its own file under commands/; this file only
 * assembles them and turns failures into readable messages and exit codes.
 */
import { Command, CommanderError } from 'commander';

import { storeErrorFromSqlite } from '@rmm-hub/store-sqlite';

import { registerCheck } from './commands/check.js';
import { registerComputers } from './commands/computers.js';
import { registerConfigSchema } from './commands/config-schema.js';
import { registerDemo } from './commands/demo.js';
import { registerInit } from './commands/init.js';
import { registerLinks } from './commands/links.js';
import { registerPlugins } from './commands/plugins.js';
import { registerRunScript } from './commands/run-script.js';
import { registerStatus } from './commands/status.js';
import { registerSync } from './commands/sync.js';
import { ExitCode, reportError } from './output.js';

export function buildProgram(): Command {
  const program = new Command('rmm-hub')
    .description('The integration layer between an MSP platform and its RMM products')
    .option('-c, --config <file>', 'config file (default: ./rmm-hub.yaml if present)')
    .option('--debug', 'show stack traces of internal errors')
    .showHelpAfterError()
    .exitOverride();
  registerDemo(program);
  registerInit(program);
  registerPlugins(program);
  registerCheck(program);
  registerConfigSchema(program);
  registerSync(program);
  registerStatus(program);
  registerRunScript(program);
  registerLinks(program);
  registerComputers(program);
  return program;
}

/** Runs the CLI; resolves to the exit code instead of exiting, so tests can call it. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  const json = argv.includes('--json');
  try {
    process.exitCode = undefined;
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    // A locked, read-only or full database is the administrator's to fix, not a bug.
    return reportError(storeErrorFromSqlite(error) ?? error, { json, debug: argv.includes('--debug') });
  }
}
