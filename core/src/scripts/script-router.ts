/**
 * `runScript(computerId, script)`: runs a script on a computer through whichever RMM can reach
 * it. Candidates are the computer's agents that are not gone, whose client is linked to a
 * tenant (scripts never reach unlinked clients), whose integration offers RunScript and which
 * can run scripts — online ones first, most recently seen first. When an attempt fails for a
 * reason another RMM might not share (unreachable, throttled, unsupported), the next agent is
 * tried; when the script itself ran and failed, that is the answer. Every attempt is recorded
 * in script_runs and the audit log: who, the script's SHA-256, where, and the result.
 *
 * Asked to (`maintenance: true`), the router puts the agent in its RMM's maintenance mode for
 * the attempt and always takes it out again afterwards — after a failed or timed-out run too.
 * An RMM without MaintenanceMode runs the script anyway, and the attempt says so.
 */
import { createHash, randomUUID } from 'node:crypto';

import { MaintenanceRequest } from '../capabilities/maintenance-mode.js';
import type { ScriptLanguage, ScriptResult } from '../capabilities/run-script.js';
import { ErrorCodes, NotFoundError, UnsupportedError } from '../errors/catalogue.js';
import { isRmmError } from '../errors/rmm-error.js';
import type { Host } from '../host/host.js';
import type { AgentRef } from '../identification/model/agent-records.js';
import { tenantOfAgent, tenantsByClient } from '../linking/model/agent-tenant.js';
import type { StoredAgent } from '../store/records.js';
import type { Store } from '../store/store.js';

/** A script to run: its language, body, optional parameters and time limit. */
export interface ScriptSpec {
  language: ScriptLanguage;
  body: string;
  parameters?: Record<string, string>;
  timeoutMs?: number;
}

export interface ScriptAttempt {
  runId: string;
  integrationId: string;
  agentId: string;
  status: ScriptResult['status'] | 'error';
  errorCode?: string | undefined;
  message?: string | undefined;
  /**
   * With `maintenance: true`: `on-off` switched on before the run and off after it;
   * `unsupported` the RMM has no maintenance mode (the script ran without); `left-on` switching
   * it off failed (audited as `maintenance:off-failed`: switch it off in the RMM).
   */
  maintenance?: 'on-off' | 'unsupported' | 'left-on' | undefined;
}

/** How a script run ended: the result, the agent (and RMM) that ran it, and every attempt made. */
export interface ScriptRunOutcome {
  computerId: string;
  result: ScriptResult;
  integrationId: string;
  agentId: string;
  attempts: ScriptAttempt[];
}

/** Error codes after which another agent (another RMM) is worth trying. */
const TRY_NEXT = new Set<string>([ErrorCodes.transient, ErrorCodes.timeout, ErrorCodes.rateLimited, ErrorCodes.unsupported, ErrorCodes.notFound, ErrorCodes.pluginCrash, ErrorCodes.protocol]);
const OUTPUT_KEPT = 4096;

export class ScriptRouter {
  constructor(
    private readonly host: Host,
    private readonly store: Store,
  ) {}

  /** The agents a script for this computer could go to, best first. */
  async candidates(computerId: string): Promise<StoredAgent[]> {
    const tenantOfClient = tenantsByClient(await this.store.links.listLinks());
    const agents: StoredAgent[] = [];
    for (const ref of await this.store.computers.agentsOf(computerId)) {
      const agent = await this.store.agents.get(ref.integrationId, ref.agentId);
      if (agent !== undefined && agent.goneAt === undefined && agent.canRunScripts) agents.push(agent);
    }
    return agents
      .filter((a) => tenantOfAgent(a, tenantOfClient) !== undefined && this.host.supports(a.integrationId, 'RunScript'))
      .sort((a, b) => Number(b.online) - Number(a.online) || (b.lastSeen ?? '').localeCompare(a.lastSeen ?? '') || a.integrationId.localeCompare(b.integrationId));
  }

  async runScript(computerId: string, script: ScriptSpec, options: { actor: string; signal?: AbortSignal; integrationId?: string; maintenance?: boolean }): Promise<ScriptRunOutcome> {
    if (!await this.store.computers.get(computerId)) {
      throw new NotFoundError(`no computer "${computerId}"`, { hint: 'List computers with `rmm-hub computers`.' });
    }
    const candidates = (await this.candidates(computerId)).filter((a) => options.integrationId === undefined || a.integrationId === options.integrationId);
    if (candidates.length === 0) {
      throw new UnsupportedError(`computer ${computerId} has no agent that can run scripts${options.integrationId ? ` through ${options.integrationId}` : ''}`, {
        hint: 'Scripts need an agent that is not retired, whose client is linked to a tenant, in an RMM that offers RunScript.',
      });
    }
    const attempts: ScriptAttempt[] = [];
    let lastError: unknown;
    for (const agent of candidates) {
      let maintenance: ScriptAttempt['maintenance'];
      const note = (state: ScriptAttempt['maintenance']): void => {
        maintenance = state;
      };
      try {
        const run = (): Promise<{ result: ScriptResult; attempt: ScriptAttempt }> => this.#attempt(agent, script, { ...options, computerId });
        const { result, attempt } = options.maintenance ? await this.#inMaintenance(agent, script, { ...options, computerId }, run, note) : await run();
        attempts.push({ ...attempt, ...(maintenance ? { maintenance } : {}) });
        return { computerId, result, integrationId: agent.integrationId, agentId: agent.id, attempts };
      } catch (error) {
        lastError = error;
        const code = isRmmError(error) ? error.code : ErrorCodes.pluginCrash;
        attempts.push({
          runId: '',
          integrationId: agent.integrationId,
          agentId: agent.id,
          status: 'error',
          errorCode: code,
          message: this.host.redactor.redact(error instanceof Error ? error.message : String(error)),
          ...(maintenance ? { maintenance } : {}),
        });
        if (!TRY_NEXT.has(code)) throw error;
      }
    }
    throw lastError;
  }

  /**
   * Runs a script on one given agent (the identity script, for instance), with the same rules:
   * the agent's client must be linked, and the run is recorded and audited.
   */
  async runOnAgent(ref: AgentRef, script: ScriptSpec, options: { actor: string; signal?: AbortSignal }): Promise<ScriptResult> {
    const agent = await this.store.agents.get(ref.integrationId, ref.agentId);
    const linked = agent && tenantOfAgent(agent, tenantsByClient(await this.store.links.listLinks({ integrationId: ref.integrationId }))) !== undefined;
    if (!agent || agent.goneAt !== undefined || !linked) {
      throw new UnsupportedError(`agent ${ref.integrationId}/${ref.agentId} is unknown, gone, or not in a client, site or location linked to a tenant`, {
        hint: 'Scripts only reach agents of clients (or sites, locations) linked to a tenant; link the client first.',
      });
    }
    return (await this.#attempt(agent, script, { ...options, computerId: await this.store.computers.computerOf(ref) })).result;
  }

  /** Runs `run` with the agent in maintenance mode, switching it off again whatever happens. */
  async #inMaintenance<T>(
    agent: StoredAgent,
    script: ScriptSpec,
    options: { actor: string; signal?: AbortSignal; computerId: string },
    run: () => Promise<T>,
    note: (state: ScriptAttempt['maintenance']) => void,
  ): Promise<T> {
    if (!this.host.supports(agent.integrationId, 'MaintenanceMode')) {
      note('unsupported');
      return run();
    }
    const subject = `agent:${agent.integrationId}/${agent.id}`;
    const details = { computerId: options.computerId };
    // Long enough for the run; the RMM ends it by itself should the host never switch it off.
    const minutes = Math.min(24 * 60, Math.ceil((script.timeoutMs ?? 300_000) / 60_000) + 5);
    const reason = `rmm-hub script run by ${options.actor}`;
    await this.host.call(agent.integrationId, 'MaintenanceMode', agent.id, MaintenanceRequest.parse({ enabled: true, minutes, reason }));
    await this.store.audit.append({ actor: options.actor, action: 'maintenance:on', subject, details: { ...details, minutes } });
    try {
      return await run();
    } finally {
      try {
        await this.host.call(agent.integrationId, 'MaintenanceMode', agent.id, MaintenanceRequest.parse({ enabled: false, reason }));
        await this.store.audit.append({ actor: options.actor, action: 'maintenance:off', subject, details });
        note('on-off');
      } catch (error) {
        const message = this.host.redactor.redact(error instanceof Error ? error.message : String(error));
        await this.store.audit.append({ actor: options.actor, action: 'maintenance:off-failed', subject, details: { ...details, error: message } });
        note('left-on');
      }
    }
  }

  async #attempt(
    agent: StoredAgent,
    script: ScriptSpec,
    options: { actor: string; signal?: AbortSignal; computerId?: string | undefined },
  ): Promise<{ result: ScriptResult; attempt: ScriptAttempt }> {
    const sha256 = createHash('sha256').update(script.body).digest('hex');
    const runId = randomUUID();
    const { computerId } = options;
    await this.store.scriptRuns.insert({ id: runId, actor: options.actor, computerId, integrationId: agent.integrationId, agentId: agent.id, language: script.language, scriptSha256: sha256, status: 'error', startedAt: new Date().toISOString() });
    this.host.emit('script:started', { runId, integrationId: agent.integrationId, agentId: agent.id, computerId });
    try {
      const result = await this.host.call(
        agent.integrationId,
        'RunScript',
        { agentId: agent.id, language: script.language, body: script.body, parameters: script.parameters ?? {}, ...(script.timeoutMs ? { timeoutMs: script.timeoutMs } : {}) },
        { ...(options.signal ? { signal: options.signal } : {}) },
      );
      const output = this.host.redactor.redact(result.output.slice(0, OUTPUT_KEPT));
      await this.store.scriptRuns.update(runId, { status: result.status, exitCode: result.exitCode, output, finishedAt: result.finishedAt });
      await this.#audit(options.actor, computerId, agent, sha256, { runId, status: result.status, exitCode: result.exitCode });
      this.host.emit('script:finished', { runId, integrationId: agent.integrationId, agentId: agent.id, status: result.status });
      return { result, attempt: { runId, integrationId: agent.integrationId, agentId: agent.id, status: result.status } };
    } catch (error) {
      const code = isRmmError(error) ? error.code : ErrorCodes.pluginCrash;
      await this.store.scriptRuns.update(runId, { status: 'error', errorCode: code, finishedAt: new Date().toISOString() });
      await this.#audit(options.actor, computerId, agent, sha256, { runId, status: 'error', errorCode: code });
      this.host.emit('script:finished', { runId, integrationId: agent.integrationId, agentId: agent.id, status: 'error' });
      throw error;
    }
  }

  async #audit(actor: string, computerId: string | undefined, agent: StoredAgent, sha256: string, details: Record<string, unknown>): Promise<void> {
    const subject = computerId ? `computer:${computerId}` : `agent:${agent.integrationId}/${agent.id}`;
    await this.store.audit.append({ actor, action: 'script:run', subject, details: { integrationId: agent.integrationId, agentId: agent.id, scriptSha256: sha256, ...details } });
  }
}
