/**
 * RunScript returns a terminal status within the request's timeout: a normal script on an agent
 * that can run one, and — when the fake server can hold scripts — a script that never finishes,
 * which must come back as `timeout` rather than hang the caller or throw.
 */
import type { ScriptRequestInput, ScriptResult } from '@rmm-hub/core';

import { ConformanceFailure } from '../conformance-failure.js';
import type { RunScriptOptions } from '../conformance-options.js';
import { describeError, type ConformanceSession, type SessionHost } from '../conformance-session.js';

const CHECK = 'run-script';
/** Default slack on top of the request's timeout: one poll interval and the host's own work. */
export const SCRIPT_GRACE_MS = 5_000;
/** The timeout of the never-finishing script. */
const HANG_TIMEOUT_MS = 1_000;

/** The agent the suite runs scripts on. */
export async function scriptAgent(session: ConformanceSession<unknown>): Promise<string> {
  const options = (session.options.runScript ?? {}) as RunScriptOptions<unknown>;
  if (options.agentId) return options.agentId(session.server);
  const agent = (await session.baseline()).agents.find((a) => a.canRunScripts);
  if (!agent) throw new ConformanceFailure(CHECK, 'no listed agent can run scripts (canRunScripts: true); give runScript.agentId');
  return agent.id;
}

/** Runs `request` and races it against its timeout plus grace. */
async function runBounded(session: ConformanceSession<unknown>, host: SessionHost, request: ScriptRequestInput & { timeoutMs: number }, label: string): Promise<ScriptResult> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const grace = (session.options.runScript as RunScriptOptions<unknown> | undefined)?.graceMs ?? SCRIPT_GRACE_MS;
  const limit = request.timeoutMs + grace;
  const overdue = new Promise<'overdue'>((resolve) => {
    timer = setTimeout(() => resolve('overdue'), limit);
  });
  try {
    const outcome = await Promise.race([session.call(host, 'RunScript', label, request), overdue]);
    if (outcome === 'overdue') {
      throw new ConformanceFailure(CHECK, `RunScript (${label}) did not return within its timeout of ${request.timeoutMs} ms (+${grace} ms grace): honour request.timeoutMs and return { status: 'timeout' }`);
    }
    if (outcome.error !== undefined) throw new ConformanceFailure(CHECK, `RunScript (${label}) threw: ${describeError(outcome.error)}`);
    const elapsed = Date.now() - started;
    if (elapsed > limit) throw new ConformanceFailure(CHECK, `RunScript (${label}) took ${elapsed} ms, more than its timeout of ${request.timeoutMs} ms`);
    return outcome.value!;
  } finally {
    clearTimeout(timer);
  }
}

/** Fails unless RunScript returns a terminal status within its timeout (run only where RunScript is declared). */
export async function checkRunScript(session: ConformanceSession<unknown>): Promise<void> {
  const options = (session.options.runScript ?? {}) as RunScriptOptions<unknown>;
  const agentId = await scriptAgent(session);
  const request = {
    agentId,
    language: options.language ?? 'powershell',
    body: options.body ?? 'Write-Output "rmm-hub conformance"',
    timeoutMs: options.timeoutMs ?? 20_000,
  } as const;
  await session.withHost(session.goodConfig, 'run-script', async (host) => {
    const result = await runBounded(session, host, request, 'a normal script');
    if (result.status !== 'success' && result.status !== 'failed') {
      throw new ConformanceFailure(CHECK, `a normal script ended "${result.status}" within ${request.timeoutMs} ms; expected success or failed`);
    }
    if (Date.parse(result.finishedAt) < Date.parse(result.startedAt)) throw new ConformanceFailure(CHECK, 'finishedAt is before startedAt');
    if (!options.hangScripts) return;
    const undo = options.hangScripts(session.server);
    try {
      const hung = await runBounded(session, host, { ...request, timeoutMs: HANG_TIMEOUT_MS }, 'a script that never finishes');
      if (hung.status !== 'timeout') throw new ConformanceFailure(CHECK, `a script that never finishes ended "${hung.status}"; expected "timeout"`);
    } finally {
      await undo();
    }
  });
}
