/**
 * What a plugin author hands the conformance suite: how to start their fake server, a working
 * config for it, ways to break that config, and the page-size knob. Everything is a function of
 * the running server, so the same options work for a tiny fake and for a full simulator.
 */
import type { RmmClient, ScriptLanguage } from '@rmm-hub/core/plugin';

/** A plugin config as it would be written in the host config file, secrets as literal values. */
export type RawConfig = Record<string, unknown>;

/** A config the plugin must refuse with RMM_ERR_CONFIG. */
export interface InvalidConfigCase {
  /** What is wrong with it, for the test name and the failure message. */
  readonly name: string;
  readonly config: RawConfig;
}

/** Starts and stops the plugin's fake server. */
export interface ConformanceServer<TServer> {
  start(): Promise<TServer>;
  stop(server: TServer): Promise<void> | void;
}

/** Options of `describeConformance()` and `runConformance()`. */
export interface ConformanceOptions<TServer> {
  /** The plugin's fake server (or simulator); started once per suite. */
  server: ConformanceServer<TServer>;
  /**
   * A working config for the started server. Secret fields are given as literal values: the kit
   * moves them into environment variables and writes `env:` references, as a real config would,
   * and treats every one of them as a canary.
   */
  config: (server: TServer) => RawConfig;
  /** Configs that must be refused with RMM_ERR_CONFIG (a list, or built from the good config). */
  invalidConfigs: readonly InvalidConfigCase[] | ((good: RawConfig, server: TServer) => readonly InvalidConfigCase[]);
  /** The good config with credentials the server rejects (a wrong password, a revoked key). */
  badCredentials: (good: RawConfig, server: TServer) => RawConfig;
  /** The config with its page-size knob set to `pageSize`. */
  withPageSize: (config: RawConfig, pageSize: number) => RawConfig;
  /**
   * Page sizes the pagination property draws from; `min` also drives the streaming check, so
   * the fake server must serve at least 4 pages of clients and of one client's agents at it.
   * @default { min: 1, max: 50 }
   */
  pageSizes?: { min: number; max: number };
  /** Further canaries: values the server hands out that must stay secret (session tokens). */
  secrets?: (server: TServer) => readonly string[];
  /** What the fake server holds, when it can say: listings must return exactly this many. */
  expected?: (server: TServer) => { clients?: number; computers?: number };
  /** RunScript settings; omit when the plugin does not declare RunScript. */
  runScript?: RunScriptOptions<TServer>;
  /** DeleteAgent/MoveAgent settings; without `enable` only dry runs and unknown agents are checked. */
  agentActions?: AgentActionsOptions<TServer>;
  /** fast-check settings of the pagination property. @default { numRuns: 6 } */
  fastCheck?: { numRuns?: number; seed?: number };
  /**
   * Pages a plugin may read ahead of the one being consumed before the streaming check calls it
   * buffering (half the listing's pages are always allowed). @default 1
   */
  lookaheadPages?: number;
  /**
   * Which listed clients the suite asks ListComputers for. @default every listed client's id
   */
  agentQuery?: (clients: readonly RmmClient[]) => string[];
  /** The plugin package's folder: its package.json `rmmHub` key and exports map are checked too. */
  packageDir?: string;
}

/** How the suite runs a script. */
export interface RunScriptOptions<TServer> {
  /** @default 'powershell' */
  language?: ScriptLanguage;
  /** @default 'Write-Output "rmm-hub conformance"' */
  body?: string;
  /** The request's timeout. @default 20_000 */
  timeoutMs?: number;
  /** Slack allowed on top of the timeout (a poll interval, the host's work). @default 5_000 */
  graceMs?: number;
  /** The agent to run on. @default the first listed agent that can run scripts */
  agentId?: (server: TServer) => string;
  /**
   * Makes the server hold scripts in a non-terminal state; returns an undo. When given, the
   * suite also checks that a script that never finishes comes back as `timeout` within its timeout.
   */
  hangScripts?: (server: TServer) => () => void | Promise<void>;
}

/** How the suite tries DeleteAgent and MoveAgent (they change the server: run them on a throwaway one). */
export interface AgentActionsOptions<TServer> {
  /** The good config with the plugin's destructive actions turned on (e.g. `features`). */
  enable?: (good: RawConfig) => RawConfig;
  /** The agent to delete. @default the last listed agent */
  deleteAgentId?: (server: TServer) => string;
  /** The agent to move and its target client. @default the last-but-one agent, to another listed client */
  move?: (server: TServer) => { agentId: string; clientId: string };
}
