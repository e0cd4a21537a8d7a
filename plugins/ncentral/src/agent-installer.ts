/**
 * GetAgentInstaller (optional): an agent registration token for the customer or site the agent
 * should join, from `GET /api/org-units/{id}/registration-token` (which answers for customers
 * and sites alike). N-central's installer takes the customer or site id and the token.
 */
import { NotFoundError, ProtocolError, type AgentInstallerInput, type AgentInstallerRequest, type GetAgentInstaller } from '@rmm-hub/core/plugin';

import type { NcentralApi } from './client.js';
import { parseNcTimestamp } from './nc-values.js';

const ORG_UNIT_ID = /^\d{1,16}$/;

export class NcentralAgentInstaller implements GetAgentInstaller {
  constructor(private readonly api: NcentralApi) {}

  async getAgentInstaller(request: AgentInstallerRequest, options: { signal?: AbortSignal } = {}): Promise<AgentInstallerInput> {
    const { clientId, platform } = request;
    if (!ORG_UNIT_ID.test(clientId)) throw new NotFoundError(`ncentral: "${clientId}" is not an N-central customer or site id`, { hint: 'N-central customer and site ids are numbers.' });
    const body = await this.api.get<{ data?: { registrationToken?: unknown; registrationTokenExpiryDate?: unknown } }>('/api/org-units/{orgUnitId}/registration-token', { orgUnitId: clientId }, undefined, options.signal);
    const token = body?.data?.registrationToken;
    if (typeof token !== 'string' || token.trim() === '') throw new ProtocolError(`ncentral: no registration token for org unit ${clientId} in the answer`, { hint: 'Check that the API user may read registration tokens (and that the server is 2024.1 or later).' });
    const expiresAt = parseNcTimestamp(body?.data?.registrationTokenExpiryDate);
    return {
      clientId,
      platform,
      token,
      ...(expiresAt ? { expiresAt } : {}),
      instructions: `Install the N-central ${platform} agent for customer/site ${clientId} with this registration token${expiresAt ? ` (valid until ${expiresAt})` : ''}; download the installer from Actions → Download Agent/Probe in the N-central console.`,
    };
  }
}
