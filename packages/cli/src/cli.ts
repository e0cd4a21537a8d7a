/**
 * The `rmm-hub` command. Each command lives in its own file under commands/; this file only
 * assembles them and turns failures into readable messages and exit codes.
 */
import { readFileSync } from 'node:fs';

import { Command, CommanderError, Option } from 'commander';

import { UsageError } from '@rmm-hub/core';
import { storeErrorFromSqlite } from '@rmm-hub/store-sqlite';

import { registerAgents } from './commands/agents.js';
import { registerCheck } from './commands/check.js';
import { registerCompletion } from './commands/completion.js';
import { registerComputers } from './commands/computers.js';
import { registerConfigSchema } from './commands/config-schema.js';
import { registerDb } from './commands/db.js';
import { registerDemo } from './commands/demo.js';
import { registerInit } from './commands/init.js';
import { registerJobs } from './commands/jobs.js';
import { registerLinks } from './commands/links.js';
import { registerPlugins } from './commands/plugins.js';
import { registerRunScript } from './commands/run-script.js';
import { registerSchema } from './commands/schema.js';
import { registerSim } from './commands/sim.js';
import { registerStatus } from './commands/status.js';
import { registerSync } from './commands/sync.js';
import { registerWorker } from './commands/worker.js';
import { CLI_PACKAGE_JSON } from './context.js';
import { HELP_EXAMPLES } from './help-examples.js';
import { LOG_FORMATS } from './logs.js';
import { ExitCode, reportError } from './output.js';

const VERSION = (JSON.parse(readFileSync(CLI_PACKAGE_JSON, 'utf8')) as { version: string }).version;

export function buildProgram(): Command {
  const program = new Command('rmm-hub')
    .description('The integration layer between an MSP platform and its RMM products')
    .version(VERSION, '-V, --version', 'print the version')
    .option('-c, --config <file>', 'config file (default: $RMM_HUB_CONFIG, else ./rmm-hub.yaml)')
    .option('-v, --verbose', 'debug logs on stderr, whatever log.level says')
    .addOption(new Option('--log-format <format>', 'log lines on stderr as text or JSON').choices(LOG_FORMATS).default('text'))
    .option('--debug', 'show stack traces of internal errors')
    // Commander's own message is replaced by a coded RMM_ERR_USAGE error (see runCli).
    .configureOutput({ outputError: () => undefined })
    .exitOverride();
  registerDemo(program);
  registerInit(program);
  registerSim(program);
  registerPlugins(program);
  registerCheck(program);
  registerConfigSchema(program);
  registerDb(program);
  registerSync(program);
  registerWorker(program);
  registerJobs(program);
  registerStatus(program);
  registerRunScript(program);
  registerLinks(program);
  registerComputers(program);
  registerAgents(program);
  registerSchema(program);
  registerCompletion(program);
  addExamples(program, '');
  return program;
}

function addExamples(command: Command, path: string): void {
  const examples = HELP_EXAMPLES[path];
  if (examples) command.addHelpText('after', `\nExamples:\n${examples.map((e) => `  $ ${e}`).join('\n')}`);
  for (const sub of command.commands) addExamples(sub, path ? `${path} ${sub.name()}` : sub.name());
  // Usage mistakes in subcommands end the same way as in the program.
  command.exitOverride();
  command.configureOutput({ outputError: () => undefined });
}

/** The command path a usage error happened in, for its `--help` hint. */
function commandPath(argv: readonly string[], program: Command): string {
  const path: string[] = [];
  let command = program;
  for (const word of argv) {
    const sub = command.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (!sub) continue;
    path.push(sub.name());
    command = sub;
  }
  return ['rmm-hub', ...path].join(' ');
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
      if (error.exitCode === 0) return ExitCode.ok;
      const where = commandPath(argv, program);
      const usage = new UsageError(error.message.replace(/^error: /, ''), { hint: `See \`${where} --help\`.`, context: { commander: error.code } });
      return reportError(usage, { json, debug: false });
    }
    // A locked, read-only or full database is the administrator's to fix, not a bug.
    return reportError(storeErrorFromSqlite(error) ?? error, { json, debug: argv.includes('--debug') });
  }
}
