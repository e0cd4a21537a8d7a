/**
 * RunScript — run a script on one agent and wait for its result. Routed to exactly one
 * integration (the host picks an online agent of the computer). Interactive: it gets priority
 * over background sync traffic in the HTTP toolkit.
 */
import { z } from 'zod';

import { IsoInstant, RmmId } from './common.schema.js';
import { capabilityToken } from './token.js';

/** Schema of the script languages a RunScript request may carry. */
export const ScriptLanguage = z.enum(['powershell', 'cmd', 'bash']);
/** A script language: `powershell`, `cmd` or `bash`. */
export type ScriptLanguage = z.infer<typeof ScriptLanguage>;

/** Schema of a script to run on one agent: language, body, parameters and time limit. */
export const ScriptRequest = z.object({
  agentId: RmmId,
  language: ScriptLanguage,
  body: z.string().min(1, 'the script is empty').max(1_000_000),
  parameters: z.record(z.string(), z.string()).default({}),
  /** How long to wait for a terminal state before giving up. */
  timeoutMs: z.number().int().positive().max(24 * 3600_000).default(300_000),
});
/** A script to run on one agent, as the host hands it to the plugin (defaults filled). */
export type ScriptRequest = z.infer<typeof ScriptRequest>;
/** A script request as a caller writes it, before the schema fills defaults. */
export type ScriptRequestInput = z.input<typeof ScriptRequest>;

/** Schema of how a script run ended. */
export const ScriptStatus = z.enum(['success', 'failed', 'timeout', 'cancelled']);
/** How a script run ended: `success`, `failed`, `timeout` or `cancelled`. */
export type ScriptStatus = z.infer<typeof ScriptStatus>;

/** Schema of a finished script run: status, exit code, output and timings. */
export const ScriptResult = z.object({
  status: ScriptStatus,
  exitCode: z.number().int().nullable().default(null),
  output: z.string().default(''),
  /** The RMM's own id for the run (task id, command id), for cross-reference. */
  remoteId: z.string().optional(),
  startedAt: IsoInstant,
  finishedAt: IsoInstant,
  durationMs: z.number().nonnegative(),
});
/** A finished script run, as validated by the host. */
export type ScriptResult = z.infer<typeof ScriptResult>;
/** What a plugin may return as a script result, before the schema fills defaults. */
export type ScriptResultInput = z.input<typeof ScriptResult>;

/** Runs a script on one agent and waits for its result. Routed to the one integration that holds the agent; interactive (served before sync traffic). */
export interface RunScript {
  /** Runs `request` on its agent and resolves with the result once the run has ended. */
  runScript(request: ScriptRequest, options?: { signal?: AbortSignal }): Promise<ScriptResultInput>;
}
/** Injection token of the {@link RunScript} capability. */
export const RunScript = capabilityToken<RunScript>('RunScript');
