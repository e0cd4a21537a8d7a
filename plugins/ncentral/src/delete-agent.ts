/**
 * DeleteAgent (optional): deletes a device with `DELETE /api/devices/{id}?removeAgents=true`,
 * which only recent servers offer (2026.1 or later, reference §5); an older server answers
 * 405 or 404 for want of the route, reported as "not supported by this server". Off until
 * `features.deleteAgent` is set; the host previews (`dryRun`) first, which only reads the device.
 */
import { NotFoundError, UnsupportedError, isRmmError, type DeleteAgent, type DeleteAgentResult } from '@rmm-hub/core/plugin';

import type { NcentralApi } from './client.js';

const DEVICE_ID = /^\d{1,16}$/;

export class NcentralDeleteAgent implements DeleteAgent {
  constructor(
    private readonly api: NcentralApi,
    private readonly enabled: boolean,
  ) {}

  /** The device record, or undefined once N-central no longer has it. */
  private async device(deviceId: string, signal?: AbortSignal): Promise<Record<string, unknown> | undefined> {
    try {
      const body = await this.api.get<{ data?: Record<string, unknown> }>('/api/devices/{deviceId}', { deviceId }, undefined, signal);
      return body?.data ?? undefined;
    } catch (error) {
      if (isRmmError(error) && error.code === 'RMM_ERR_NOT_FOUND') return undefined;
      throw error;
    }
  }

  async deleteAgent(agentId: string, options: { dryRun: boolean; signal?: AbortSignal }): Promise<DeleteAgentResult> {
    if (!DEVICE_ID.test(agentId)) throw new NotFoundError(`ncentral: "${agentId}" is not an N-central device id`, { hint: 'N-central device ids are numbers.' });
    const device = await this.device(agentId, options.signal);
    if (!device) throw new NotFoundError(`ncentral: device ${agentId} does not exist (any more)`, { hint: 'It may already be deleted; refresh the computer list.' });
    const name = typeof device['longName'] === 'string' ? device['longName'] : '?';
    const description = `device ${agentId} "${name}" of customer "${String(device['customerName'] ?? '?')}" (last check-in ${String(device['lastApplianceCheckinTime'] ?? 'unknown')})`;
    if (options.dryRun) return { agentId, applied: false, message: `Would delete ${description} from N-central, with its agents.` };
    if (!this.enabled) {
      throw new UnsupportedError('ncentral: deleting devices is turned off for this integration', {
        hint: 'Set features.deleteAgent: true in the integration config (N-central 2026.1 or later).',
      });
    }
    try {
      await this.api.request({ method: 'DELETE', path: '/api/devices/{deviceId}', params: { deviceId: agentId }, query: { removeAgents: true }, ...(options.signal ? { signal: options.signal } : {}) });
    } catch (error) {
      const status = isRmmError(error) ? error.context['status'] : undefined;
      if (status === 405) throw notSupported(error);
      if (status !== 404) throw error;
      // The device was there a moment ago: a 404 now is either a repeated DELETE that already
      // succeeded, or a server without the route.
      if (await this.device(agentId, options.signal)) throw notSupported(error);
    }
    return { agentId, applied: true, message: `Deleted ${description}.` };
  }
}

function notSupported(cause: unknown): UnsupportedError {
  return new UnsupportedError('ncentral: deleting devices is not supported by this server', {
    cause,
    hint: 'DELETE /api/devices/{id} arrived with N-central 2026.1; delete the device in the N-central console, or upgrade the server.',
  });
}
