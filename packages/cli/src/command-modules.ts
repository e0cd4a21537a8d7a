/**
 * Where each top-level command is defined, loaded only when it is needed. A command's module
 * pulls in what its action uses (the hub, the store, the simulators, zod schemas), so a run
 * that names one command loads that module alone; help, completion and anything else that
 * lists the commands load them all. The order is the order `--help` lists them in.
 */
import type { Command } from 'commander';

export interface CommandModule {
  /** The top-level commands the module registers (command-modules.test.ts keeps this true). */
  names: readonly string[];
  /** The command describes the whole program (completion scripts), so every module loads with it. */
  describesAll?: boolean;
  load(): Promise<(program: Command) => void>;
}

export const COMMAND_MODULES: readonly CommandModule[] = [
  { names: ['demo'], load: async () => (await import('./commands/demo.js')).registerDemo },
  { names: ['init'], load: async () => (await import('./commands/init.js')).registerInit },
  { names: ['sim'], load: async () => (await import('./commands/sim.js')).registerSim },
  { names: ['plugins'], load: async () => (await import('./commands/plugins.js')).registerPlugins },
  { names: ['check'], load: async () => (await import('./commands/check.js')).registerCheck },
  { names: ['config'], load: async () => (await import('./commands/config-schema.js')).registerConfigSchema },
  { names: ['db'], load: async () => (await import('./commands/db.js')).registerDb },
  { names: ['sync'], load: async () => (await import('./commands/sync.js')).registerSync },
  { names: ['worker'], load: async () => (await import('./commands/worker.js')).registerWorker },
  { names: ['jobs'], load: async () => (await import('./commands/jobs.js')).registerJobs },
  { names: ['status'], load: async () => (await import('./commands/status.js')).registerStatus },
  { names: ['run-script'], load: async () => (await import('./commands/run-script.js')).registerRunScript },
  { names: ['links', 'tenants'], load: async () => (await import('./commands/links.js')).registerLinks },
  { names: ['computers', 'computer', 'conflicts'], load: async () => (await import('./commands/computers.js')).registerComputers },
  { names: ['agents'], load: async () => (await import('./commands/agents.js')).registerAgents },
  { names: ['serve'], load: async () => (await import('./commands/serve.js')).registerServe },
  { names: ['tokens'], load: async () => (await import('./commands/tokens.js')).registerTokens },
  { names: ['schema'], load: async () => (await import('./commands/schema.js')).registerSchema },
  { names: ['completion'], describesAll: true, load: async () => (await import('./commands/completion.js')).registerCompletion },
];

/**
 * The modules a run needs: the one that defines `word`, the first word of the command line
 * that is neither an option nor an option's value; all of them when `word` names none (no
 * command, `help`, a mistyped name whose error suggests the right one) or names completion.
 */
export function modulesFor(word: string | undefined): readonly CommandModule[] {
  const one = word === undefined ? undefined : COMMAND_MODULES.find((m) => m.names.includes(word));
  return one && !one.describesAll ? [one] : COMMAND_MODULES;
}
