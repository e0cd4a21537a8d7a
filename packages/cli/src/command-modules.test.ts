import { Command } from 'commander';
import { describe, expect, it, vi } from 'vitest';

import { buildProgram, runCli } from './cli.js';
import { COMMAND_MODULES, modulesFor } from './command-modules.js';

const topLevel = (program: Command): string[] => program.commands.map((c) => c.name());

describe('command modules', () => {
  it('each module registers exactly the commands it is listed with', async () => {
    for (const module of COMMAND_MODULES) {
      const program = new Command('rmm-hub');
      (await module.load())(program);
      expect(topLevel(program)).toEqual(module.names);
    }
  });

  it('a command line loads the module of its command, and every module otherwise', async () => {
    expect(topLevel(await buildProgram(['status', '--json']))).toEqual(['status']);
    expect(topLevel(await buildProgram(['computer', 'c-1', '--timeline']))).toEqual(['computers', 'computer', 'conflicts']);
    // Global options and their values come before the command's name.
    expect(topLevel(await buildProgram(['--config', 'status', '-v', '--log-format', 'json', 'sync']))).toEqual(['sync']);
    expect(topLevel(await buildProgram(['--config=sync.yaml', 'links', 'accept']))).toEqual(['links', 'tenants']);
    const all = COMMAND_MODULES.flatMap((m) => m.names);
    for (const argv of [[], ['--help'], ['-V'], ['help', 'sync'], ['completion', 'bash'], ['stauts'], ['--log-format', 'xml', 'sync'], ['--frobnicate', 'sync']]) {
      expect(topLevel(await buildProgram(argv)), argv.join(' ')).toEqual(all);
    }
    expect(modulesFor(undefined)).toBe(COMMAND_MODULES);
  });

  it('a command loaded alone has the help it has in the whole program', async () => {
    const whole = await buildProgram();
    const helpOf = (program: Command, path: readonly string[]): string => {
      let command = program;
      for (const name of path) command = command.commands.find((c) => c.name() === name) ?? command;
      return command.helpInformation();
    };
    for (const name of COMMAND_MODULES.flatMap((m) => m.names)) {
      const alone = await buildProgram([name]);
      const paths = [[name], ...(alone.commands.find((c) => c.name() === name)?.commands ?? []).map((sub) => [name, sub.name()])];
      for (const path of paths) expect(helpOf(alone, path), path.join(' ')).toBe(helpOf(whole, path));
    }
  });

  it('finding the command prints nothing of its own: a bad global option is reported once, coded', async () => {
    let stderr = '';
    const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr += String(chunk);
      return true;
    });
    try {
      expect(await runCli(['--log-format', 'xml', 'sync'])).toBe(2);
    } finally {
      err.mockRestore();
      process.exitCode = undefined;
    }
    expect(stderr).toMatch(/^error \[RMM_ERR_USAGE\]: option '--log-format <format>' argument 'xml' is invalid\. Allowed choices are text, json\.\nhint: See `rmm-hub sync --help`\.\n$/);
  });
});
