/**
 * RunScript — run a script on one agent and wait for its result. Routed to exactly one
 * integration (the host picks an online agent of the computer). Interactive: it gets priority
 * over background sync traffic in the HTTP toolkit.
 */
import { z } from 'zod';

import { IsoInstant, RmmId } from './common.schema.js';
import { capabilityToken } from './token.js';

export const ScriptLanguage = z.enum(['powershell', 'cmd', 'bash']);
export type ScriptLanguage = z.infer<typeof ScriptLanguage>;

export const ScriptRequest = z.object({
  agentId: RmmId,
  language: ScriptLanguage,
  body: z.string().min(1, 'the script is empty').max(1_000_000),
  parameters: z.record(z.string(), z.string()).default({}),
  /** How long to wait for a terminal state before giving up. */
  timeoutMs: z.number().int().positive().max(24 * 3600_000).default(300_000),
});
export type ScriptRequest = z.infer<typeof ScriptRequest>;
export type ScriptRequestInput = z.input<typeof ScriptRequest>;

export const ScriptStatus = z.enum(['success', 'failed', 'timeout', 'cancelled']);
export type ScriptStatus = z.infer<typeof ScriptStatus>;

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
export type ScriptResult = z.infer<typeof ScriptResult>;
export type ScriptResultInput = z.input<typeof ScriptResult>;

export interface RunScript {
  runScript(request: ScriptRequest, options?: { signal?: AbortSignal }): Promise<ScriptResultInput>;
}
export const RunScript = capabilityToken<RunScript>('RunScript');
