/**
 * RunScript: start a job on the device, poll it until it ends or the request's timeout passes.
 * A job still running at the deadline is reported as `timeout` (the RMM keeps it; we stop
 * waiting). Cancellation (the host's signal) ends the wait with a CancelledError.
 */
import { setTimeout as sleep } from 'node:timers/promises';

import { CancelledError, type HttpClient, type RunScript, type ScriptRequest, type ScriptResultInput } from '@rmm-hub/core/plugin';

interface Job {
  state: 'queued' | 'running' | 'succeeded' | 'failed';
  exitCode: number | null;
  stdout: string;
}

export class ExampleRunScript implements RunScript {
  constructor(
    private readonly http: HttpClient,
    private readonly pollIntervalMs: number,
  ) {}

  async runScript(request: ScriptRequest, options?: { signal?: AbortSignal }): Promise<ScriptResultInput> {
    const signal = options?.signal;
    const started = Date.now();
    const deadline = started + request.timeoutMs;
    const { body } = await this.http.request<{ jobId: number }>({
      method: 'POST',
      path: '/api/v1/devices/{deviceId}/jobs',
      params: { deviceId: request.agentId },
      json: { shell: request.language, script: request.body, parameters: request.parameters },
      ...(signal ? { signal } : {}),
    });
    const remoteId = String(body.jobId);
    const result = (status: ScriptResultInput['status'], job?: Job): ScriptResultInput => ({
      status,
      exitCode: job?.exitCode ?? null,
      output: job?.stdout ?? '',
      remoteId,
      startedAt: new Date(started).toISOString(),
      finishedAt: new Date().toISOString(),
      durationMs: Date.now() - started,
    });
    for (;;) {
      const { body: job } = await this.http.request<Job>({ method: 'GET', path: '/api/v1/jobs/{jobId}', params: { jobId: remoteId }, ...(signal ? { signal } : {}) });
      if (job.state === 'succeeded' || job.state === 'failed') return result(job.state === 'succeeded' ? 'success' : 'failed', job);
      const left = deadline - Date.now();
      if (left <= 0) return result('timeout', job);
      try {
        await sleep(Math.min(this.pollIntervalMs, left), undefined, signal ? { signal } : {});
      } catch {
        throw new CancelledError(`the wait for job ${remoteId} was cancelled`, { hint: 'The job may still run on the device; check it in the Example RMM console.' });
      }
    }
  }
}
