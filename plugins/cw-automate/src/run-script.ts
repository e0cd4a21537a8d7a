/**
 * RunScript through CommandExecute (reference §6): queue command 2 on the computer, then poll
 * until Automate reports Success or Failed with the Output. Automate has no exit code, so
 * `exitCode` stays null. The queueing POST is never retried automatically (it would run the
 * script twice); polling GETs are. An offline agent keeps the command Pending: that ends in
 * `timeout` after `timeoutMs`, with the command id for a later look.
 */
import { NotFoundError, isRmmError, type Logger, type RunScript, type ScriptRequest, type ScriptResultInput } from '@rmm-hub/core/plugin';

import type { AutomateApi, Row, Sleep } from './automate-api.js';
import { commandParameter, EXECUTE_COMMAND_ID } from './command-line.js';
import { field, parseId, text } from './parse-values.js';

const RUNNING = new Set(['pending', 'executing', 'queued', 'sent', 'running']);

export class AutomateRunScript implements RunScript {
  constructor(
    private readonly api: AutomateApi,
    private readonly pollIntervalMs: number,
    private readonly now: () => number,
    private readonly sleep: Sleep,
    private readonly logger: Logger,
  ) {}

  async runScript(request: ScriptRequest, options: { signal?: AbortSignal } = {}): Promise<ScriptResultInput> {
    const computerId = parseId(request.agentId);
    if (!computerId) throw new NotFoundError(`cw-automate: "${request.agentId}" is not an Automate computer id`, { hint: 'Automate computer ids are positive integers.' });
    const parameter = commandParameter(request);
    const started = this.now();
    const created = await this.api.http.request<Row>({
      method: 'POST',
      path: '/computers/{computerId}/CommandExecute',
      params: { computerId },
      // Command.Id is a string in the published schema; a schema-checking server refuses a number.
      json: { ComputerId: Number(computerId), Command: { Id: EXECUTE_COMMAND_ID }, Parameters: [parameter] },
      kind: 'list',
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const commandId = parseId(field(created.body, 'Id'));
    if (!commandId) throw new NotFoundError('cw-automate: Automate accepted the command but returned no command id', { hint: 'Check the Automate server version; report it with the log.' });
    const result = (status: ScriptResultInput['status'], output: string): ScriptResultInput => {
      const finished = this.now();
      return {
        status,
        exitCode: null,
        output,
        remoteId: commandId,
        startedAt: new Date(started).toISOString(),
        finishedAt: new Date(finished).toISOString(),
        durationMs: Math.max(0, finished - started),
      };
    };
    let row: Row = created.body;
    for (;;) {
      const status = String(field(row, 'Status') ?? '').trim().toLowerCase();
      if (status === 'success') return result('success', text(field(row, 'Output')) ?? '');
      if (status === 'failed' || /fail|error|cancel|timeout|timed out/.test(status)) return result('failed', text(field(row, 'Output')) ?? '');
      if (status !== '' && !RUNNING.has(status)) this.logger.debug('unknown CommandExecute status; still waiting', { status });
      if (options.signal?.aborted) return result('cancelled', '');
      const remaining = started + request.timeoutMs - this.now();
      if (remaining <= 0) return result('timeout', '');
      try {
        await this.sleep(Math.min(this.pollIntervalMs, remaining), options.signal);
      } catch (error) {
        if (options.signal?.aborted) return result('cancelled', '');
        throw error;
      }
      try {
        // Not visible yet (the list lags behind the queue): keep waiting on what was known.
        row = (await this.poll(computerId, commandId, options.signal)) ?? row;
      } catch (error) {
        if (options.signal?.aborted) return result('cancelled', '');
        throw error;
      }
    }
  }

  /**
   * One command's row: the single-item route, or the list with `ids` where that route is
   * missing. Undefined when neither shows the command yet: it was queued (Automate gave its
   * id), so the run ends as timed out with that id, never as "not found".
   */
  private async poll(computerId: string, commandId: string, signal: AbortSignal | undefined): Promise<Row | undefined> {
    const s = signal ? { signal } : {};
    try {
      return (await this.api.get<Row>('/computers/{computerId}/CommandExecute/{commandId}', { params: { computerId, commandId }, ...s })).body;
    } catch (error) {
      if (!(isRmmError(error) && error.code === 'RMM_ERR_NOT_FOUND')) throw error;
      const { body } = await this.api.get<Row[]>('/computers/{computerId}/CommandExecute', { params: { computerId }, query: { ids: commandId }, ...s });
      return Array.isArray(body) ? body.find((r) => parseId(field(r, 'Id')) === commandId) : undefined;
    }
  }
}
