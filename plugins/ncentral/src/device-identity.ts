/**
 * Device assets → identity for one device, and GetComputerIdentity on top of it. Assets are
 * expensive and capped (3 in flight by default, through the toolkit's endpoint limiter); a
 * probe has none (404), which is an empty identity, not an error.
 */
import { ErrorCodes, NotFoundError, isRmmError, type AgentIdentityInput, type GetComputerIdentity } from '@rmm-hub/core/plugin';

import { parseAssets } from './asset-parser.js';
import type { NcentralApi } from './client.js';
import { toId } from './nc-values.js';

/**
 * The identity from a device's assets; an empty identity when N-central has none (probes,
 * devices deleted meanwhile).
 */
export async function fetchIdentity(api: NcentralApi, deviceId: string, signal?: AbortSignal): Promise<AgentIdentityInput> {
  try {
    const body = await api.get<{ data?: unknown }>('/api/devices/{deviceId}/assets', { deviceId }, undefined, signal);
    return parseAssets(body?.data, api.config.serverTimeZone);
  } catch (error) {
    if (isRmmError(error) && error.code === ErrorCodes.notFound) return { macAddresses: [] };
    throw error;
  }
}

/** The GetComputerIdentity capability: assets on demand. */
export class NcentralGetComputerIdentity implements GetComputerIdentity {
  constructor(private readonly api: NcentralApi) {}

  async getComputerIdentity(agentId: string, options: { signal?: AbortSignal } = {}): Promise<AgentIdentityInput> {
    const deviceId = toId(agentId);
    if (deviceId === undefined) {
      throw new NotFoundError(`ncentral: '${agentId}' is not an N-central device id`, { hint: 'N-central device ids are numbers; pass the agent id ListComputers reported.' });
    }
    return fetchIdentity(this.api, deviceId, options.signal);
  }
}
