/**
 * Runs the identity script on agents that lack strong identifiers, through a callback the host
 * provides (it routes RunScript to the agent's integration, and records each run in
 * script_runs), with retries and exponential backoff. Each agent's answer is stored as soon as
 * it arrives — a crash mid-way re-runs only the agents not answered yet — and fed into later
 * runs; failures are recorded with a time before which the agent is not tried again.
 */
import type { ScriptRequestInput, ScriptResultInput } from '../capabilities/run-script.js';
import type { AgentRef } from './model/agent-records.js';
import type { IdentityReportRecord } from './model/computer-records.js';
import type { Store } from '../store/store.js';
import { identityScriptRequest, parseIdentityOutput, type ScriptIdentity } from './identity-script.js';

/** The host's way to run a script on one agent (RunScript of the agent's integration); it records the run. */
export type RunIdentityScript = (agent: AgentRef, request: ScriptRequestInput) => Promise<ScriptResultInput>;

export interface GatherSettings {
  maxAttempts: number;
  baseDelayMs: number;
  timeoutMs: number;
  concurrency: number;
}

/** The outcome for one agent. */
export interface GatherOutcome extends AgentRef {
  status: 'ok' | 'failed';
  attempts: number;
  identity?: ScriptIdentity | undefined;
  error?: string | undefined;
}

/** Runs the script on each agent (at most `concurrency` at once), storing each outcome as it arrives. */
export async function gatherIdentities(
  store: Store,
  agents: readonly AgentRef[],
  run: RunIdentityScript,
  settings: GatherSettings,
  clock: { now: () => Date; sleep: (ms: number) => Promise<void> },
): Promise<GatherOutcome[]> {
  const previous = new Map((await store.computers.listIdentityReports()).map((r) => [`${r.integrationId}/${r.agentId}`, r]));
  const outcomes: GatherOutcome[] = new Array(agents.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < agents.length) {
      const index = next++;
      const outcome = await gatherOne(agents[index] as AgentRef, run, settings, clock);
      outcomes[index] = outcome;
      const row = reportOf(outcome, previous.get(`${outcome.integrationId}/${outcome.agentId}`), clock.now(), settings);
      await store.transaction(async () => await store.computers.upsertIdentityReports([row]));
    }
  };
  await Promise.all(Array.from({ length: Math.min(settings.concurrency, agents.length) }, worker));
  return outcomes;
}

function reportOf(o: GatherOutcome, before: IdentityReportRecord | undefined, now: Date, settings: GatherSettings): IdentityReportRecord {
  const at = now.toISOString();
  const attempts = (before?.status === 'failed' ? before.attempts : 0) + o.attempts;
  return o.status === 'ok'
    ? { integrationId: o.integrationId, agentId: o.agentId, status: 'ok', identity: JSON.stringify(o.identity), attempts, at }
    : {
        integrationId: o.integrationId, agentId: o.agentId, status: 'failed', attempts, lastError: o.error, at,
        // Backoff across runs too: an agent that keeps failing is asked less and less often (capped at a day).
        nextAttemptAt: new Date(now.getTime() + Math.min(86_400_000, settings.baseDelayMs * 2 ** Math.min(attempts, 20))).toISOString(),
      };
}

/** The agents due for a script: no answer yet, and no failed attempt asking to wait longer. */
export async function dueForScript(store: Store, candidates: readonly AgentRef[], now: Date): Promise<AgentRef[]> {
  const reports = new Map((await store.computers.listIdentityReports()).map((r) => [`${r.integrationId}/${r.agentId}`, r]));
  return candidates.filter((agent) => {
    const report = reports.get(`${agent.integrationId}/${agent.agentId}`);
    if (report === undefined) return true;
    if (report.status === 'ok') return false;
    return report.nextAttemptAt === undefined || report.nextAttemptAt <= now.toISOString();
  });
}

/** The identities scripts reported, by agent key, for feeding into a run. */
export async function scriptIdentities(store: Store): Promise<Map<string, ScriptIdentity>> {
  const out = new Map<string, ScriptIdentity>();
  for (const report of await store.computers.listIdentityReports()) {
    if (report.status === 'ok' && report.identity !== undefined) out.set(`${report.integrationId}/${report.agentId}`, JSON.parse(report.identity) as ScriptIdentity);
  }
  return out;
}

async function gatherOne(
  agent: AgentRef,
  run: RunIdentityScript,
  settings: GatherSettings,
  clock: { sleep: (ms: number) => Promise<void> },
): Promise<GatherOutcome> {
  let error = 'not attempted';
  for (let attempt = 1; attempt <= settings.maxAttempts; attempt++) {
    if (attempt > 1) await clock.sleep(settings.baseDelayMs * 2 ** (attempt - 2));
    try {
      const result = await run(agent, identityScriptRequest(agent.agentId, settings.timeoutMs));
      const identity = result.status === 'success' ? parseIdentityOutput(result.output ?? '') : undefined;
      if (identity !== undefined) return { ...agent, status: 'ok', attempts: attempt, identity };
      error = result.status === 'success' ? 'the script ran but printed no UUID or serial' : `the script ended ${result.status} (exit ${result.exitCode ?? '?'})`;
    } catch (cause) {
      const code = (cause as { code?: unknown }).code;
      error = `${typeof code === 'string' ? `${code}: ` : ''}${(cause as Error).message}`;
    }
  }
  return { ...agent, status: 'failed', attempts: settings.maxAttempts, error };
}
