/**
 * RunScript through the RunScript automation policy (reference §6): `POST
 * /api/scheduled-tasks/direct` with a unique task name, the LocalSystem credential and the
 * script and its language as the policy's input parameters, then poll
 * `/status/details` until `Success`/`Failed` or the timeout. Intermediate status names are
 * undocumented, so anything that is not recognisably terminal counts as "still running".
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import {
  ErrorCodes,
  NotFoundError,
  PermissionError,
  ProtocolError,
  UnsupportedError,
  isRmmError,
  type RunScript,
  type ScriptRequest,
  type ScriptResultInput,
} from '@rmm-hub/core/plugin';

import type { NcentralApi } from './client.js';
import { isExpiredPassword } from './nc-errors.js';
import { toBool, toId, toText } from './nc-values.js';

const SUCCESS = new Set(['success', 'succeeded', 'successful', 'completed', 'complete']);
const FAILURE = new Set(['failed', 'failure', 'error', 'aborted', 'cancelled', 'canceled', 'timeout', 'timed out', 'expired']);

/** What a status poll found. */
export interface TaskPoll {
  status: string | undefined;
  output: string;
  message: string;
}

/** `success`/`failed` for a terminal status, undefined while running. */
export function terminalOf(status: string | undefined): 'success' | 'failed' | undefined {
  const s = status?.trim().toLowerCase();
  if (s === undefined) return undefined;
  if (SUCCESS.has(s)) return 'success';
  if (FAILURE.has(s)) return 'failed';
  return undefined;
}

/** An exit code mentioned in a task message ("exited with code 3", "Exit code: 1"), or null. */
export function exitCodeOf(message: string): number | null {
  const m = /exit(?:ed)?(?:\s+with)?\s+code[:\s]+(-?\d+)/i.exec(message);
  return m ? Number(m[1]) : null;
}

/** Makes a task name; unique per run (N-central refuses duplicates). */
export type TaskNameFactory = () => string;

/** The RunScript capability. */
export class NcentralRunScript implements RunScript {
  private readonly newName: TaskNameFactory;

  constructor(
    private readonly api: NcentralApi,
    options: { taskName?: TaskNameFactory } = {},
  ) {
    const prefix = api.config.runScript.taskNamePrefix;
    this.newName = options.taskName ?? (() => `${prefix}-${Date.now().toString(36)}-${randomBytes(5).toString('hex')}`);
  }

  async runScript(request: ScriptRequest, options: { signal?: AbortSignal } = {}): Promise<ScriptResultInput> {
    const { signal } = options;
    const started = Date.now();
    const deviceId = toId(request.agentId);
    if (deviceId === undefined) throw new NotFoundError(`ncentral: '${request.agentId}' is not an N-central device id`, { hint: 'Pass the agent id ListComputers reported.' });
    const device = await this.device(deviceId, signal);
    const taskId = await this.create(deviceId, device.customerId, request, signal);
    const deadline = started + request.timeoutMs;
    let last: TaskPoll = { status: undefined, output: '', message: '' };
    for (;;) {
      if (signal?.aborted) return this.result('cancelled', last, taskId, started);
      const wait = Math.min(this.api.config.runScript.pollIntervalMs, Math.max(0, deadline - Date.now()));
      try {
        await sleep(wait, undefined, signal ? { signal } : {});
      } catch {
        return this.result('cancelled', last, taskId, started);
      }
      try {
        last = await this.poll(taskId, signal);
      } catch (error) {
        if (signal?.aborted) return this.result('cancelled', last, taskId, started);
        // A poll that fails for a passing reason is simply a poll without news; credentials and
        // permissions will not fix themselves, so those end the wait.
        if (isRmmError(error) && [ErrorCodes.auth, ErrorCodes.permission, ErrorCodes.cancelled].includes(error.code as never)) throw error;
        if (isExpiredPassword(error)) throw error;
        this.api.logger.warn('polling an N-central task failed; will poll again', { taskId, error: error instanceof Error ? error.message : String(error) });
      }
      const terminal = terminalOf(last.status);
      if (terminal) return this.result(terminal, last, taskId, started);
      if (Date.now() >= deadline) return this.result('timeout', last, taskId, started);
    }
  }

  /** The device's customer; refuses probes. */
  private async device(deviceId: string, signal: AbortSignal | undefined): Promise<{ customerId: string }> {
    let body: { data?: Record<string, unknown> };
    try {
      body = await this.api.get('/api/devices/{deviceId}', { deviceId }, undefined, signal);
    } catch (error) {
      if (isRmmError(error) && error.code === ErrorCodes.notFound) {
        throw new NotFoundError(`ncentral: device ${deviceId} does not exist or is not visible to the API user`, {
          hint: 'The agent may have been removed from N-central; run a sync, or check the API user’s access groups.',
          context: { deviceId },
          cause: error,
        });
      }
      throw error;
    }
    const customerId = toId(body?.data?.['customerId']);
    if (customerId === undefined) throw new ProtocolError(`ncentral: device ${deviceId} has no customerId`, { hint: 'Unexpected device record; check the N-central version.' });
    if (toBool(body.data?.['isProbe'])) {
      throw new UnsupportedError(`ncentral: device ${deviceId} is a probe; scripts cannot run on probes`, { hint: 'Run the script on an agent of the computer instead.' });
    }
    return { customerId };
  }

  /** Creates the direct task, retrying a throttled call (429 means nothing was created) and a name collision. */
  private async create(deviceId: string, customerId: string, request: ScriptRequest, signal: AbortSignal | undefined): Promise<string> {
    const cfg = this.api.config;
    const parameters = [
      { name: cfg.runScript.scriptParameter, value: request.body },
      { name: cfg.runScript.languageParameter, value: request.language },
      ...Object.entries(request.parameters).map(([name, value]) => ({ name, value })),
    ];
    let throttled = 0;
    let collisions = 0;
    for (;;) {
      const name = this.newName();
      try {
        const body = await this.api.request<{ data?: { taskId?: unknown } }>({
          method: 'POST',
          path: '/api/scheduled-tasks/direct',
          kind: 'long',
          json: {
            name,
            itemId: cfg.runScriptRepositoryId,
            taskType: 'AutomationPolicy',
            customerId: Number(customerId),
            deviceId: Number(deviceId),
            credential: { type: 'LocalSystem', username: null, password: null },
            parameters,
          },
          ...(signal ? { signal } : {}),
        });
        const taskId = toId(body?.data?.taskId);
        if (taskId === undefined) throw new ProtocolError('ncentral: scheduled-tasks/direct answered without data.taskId', { hint: 'Unexpected response; check the N-central version.' });
        return taskId;
      } catch (error) {
        if (!isRmmError(error)) throw error;
        const status = error.context['status'];
        if (error.code === ErrorCodes.rateLimited && throttled < cfg.retryDelaysMs.length) {
          await sleep(cfg.retryDelaysMs[throttled++] ?? 0, undefined, signal ? { signal } : {});
          continue;
        }
        if (status === 403) {
          throw new PermissionError(`ncentral: N-central refused to run repository item ${cfg.runScriptRepositoryId}: ${error.message}`, {
            hint: `Turn on "Enable API" for repository item ${cfg.runScriptRepositoryId} (Configuration → Scheduled Tasks → Script/Software Repository), check that runScriptRepositoryId names the RunScript automation policy, and that the API user may manage scheduled tasks.`,
            context: { ...error.context, itemId: cfg.runScriptRepositoryId },
            cause: error,
          });
        }
        if (error.code === ErrorCodes.notFound) {
          throw new NotFoundError(`ncentral: device ${deviceId} was not found when creating the task`, { hint: 'The agent may have been removed; run a sync.', context: error.context, cause: error });
        }
        if (status === 500 && !isExpiredPassword(error)) {
          // N-central answers 500 for a duplicate task name; names are random, so a collision
          // means someone else used ours: take a fresh one, once.
          if (collisions++ === 0) continue;
          throw new ProtocolError(`ncentral: N-central refused the task twice with HTTP 500, most likely as a duplicate task name ('${name}'): ${error.message}`, {
            hint: 'Task names must be unique in N-central. If runScript.taskNamePrefix is shared with another system, give this integration its own prefix; otherwise check the N-central server logs.',
            context: { ...error.context, taskName: name },
            cause: error,
          });
        }
        throw error;
      }
    }
  }

  /** One poll of the per-device status; falls back to the aggregated status if details are refused. */
  private async poll(taskId: string, signal: AbortSignal | undefined): Promise<TaskPoll> {
    try {
      const body = await this.api.get<{ data?: unknown }>('/api/scheduled-tasks/{taskId}/status/details', { taskId }, undefined, signal);
      const first = Array.isArray(body?.data) ? (body.data[0] as Record<string, unknown> | undefined) : undefined;
      return { status: toText(first?.['status']), output: typeof first?.['output'] === 'string' ? first['output'] : '', message: toText(first?.['message']) ?? '' };
    } catch (error) {
      if (!(isRmmError(error) && (error.code === ErrorCodes.notFound || error.context['status'] === 400))) throw error;
      const body = await this.api.get<{ data?: Record<string, unknown> }>('/api/scheduled-tasks/{taskId}/status', { taskId }, undefined, signal);
      const details = Array.isArray(body?.data?.['deviceDetails']) ? (body.data['deviceDetails'][0] as Record<string, unknown> | undefined) : undefined;
      return {
        status: toText(details?.['status']) ?? toText(body?.data?.['status']),
        output: typeof details?.['output'] === 'string' ? details['output'] : '',
        message: toText(details?.['message']) ?? '',
      };
    }
  }

  private result(status: 'success' | 'failed' | 'timeout' | 'cancelled', poll: TaskPoll, taskId: string, started: number): ScriptResultInput {
    const finished = Date.now();
    return {
      status,
      // N-central reports no exit code field; only a message that states one is trusted.
      exitCode: status === 'success' || status === 'failed' ? exitCodeOf(poll.message) : null,
      output: poll.output,
      remoteId: taskId,
      startedAt: new Date(started).toISOString(),
      finishedAt: new Date(finished).toISOString(),
      durationMs: finished - started,
    };
  }
}
