/**
 * Issuing agent installers: for a client the store knows, the host's GetAgentInstaller gives a
 * download URL or registration token for the agent of that client's RMM. Each issue is audited
 * with its expiry (never the token: it lets a machine join the client).
 *
 * | command | method |
 * |---|---|
 * | `rmm-hub agents installer <integration> <client> [--platform p]` | {@link AgentInstallerService.issue} |
 */
import type { AgentInstaller, AgentInstallerRequest, AgentPlatform } from '../capabilities/get-agent-installer.js';
import { NotFoundError, UnsupportedError } from '../errors/index.js';
import type { Store } from '../store/store.js';

/** The host's GetAgentInstaller, routed to the integration. */
export type GetAgentInstallerCall = (integrationId: string, request: AgentInstallerRequest) => Promise<AgentInstaller>;

export interface AgentInstallerOptions {
  store: Store;
  getInstaller: GetAgentInstallerCall;
  canIssue: (integrationId: string) => boolean;
}

export class AgentInstallerService {
  constructor(private readonly options: AgentInstallerOptions) {}

  async issue(integrationId: string, clientId: string, platform: AgentPlatform, context: { actor: string }): Promise<AgentInstaller> {
    const { store } = this.options;
    const client = await store.clients.get(integrationId, clientId);
    if (client === undefined || client.goneAt !== undefined) {
      throw new NotFoundError(`no client "${clientId}" of integration "${integrationId}"`, { hint: 'List clients with `rmm-hub links`; run `rmm-hub sync` first if it is new.' });
    }
    if (!this.options.canIssue(integrationId)) {
      throw new UnsupportedError(`${integrationId} does not offer agent installers (GetAgentInstaller)`, { hint: "Install the agent from the RMM's own console." });
    }
    const installer = await this.options.getInstaller(integrationId, { clientId, platform });
    await store.audit.append({
      actor: context.actor,
      action: 'agent:installer',
      subject: `client:${integrationId}/${clientId}`,
      details: { platform, clientName: client.name, expiresAt: installer.expiresAt, url: installer.url !== undefined, token: installer.token !== undefined },
    });
    return installer;
  }
}
