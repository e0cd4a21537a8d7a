/**
 * Deep links to agents' pages in their RMMs' web consoles, through each integration's AgentUrl,
 * for an agent the store knows or every agent of a computer.
 *
 * | command | method |
 * |---|---|
 * | `rmm-hub agents url <integration> <agent>` | {@link AgentLinkService.forAgent} |
 * | `rmm-hub agents url --computer <id>` | {@link AgentLinkService.forComputer} |
 */
import type { AgentLink } from '../capabilities/agent-url.js';
import { NotFoundError, UnsupportedError } from '../errors/index.js';
import type { AgentRef } from '../identification/model/agent-records.js';
import type { Store } from '../store/store.js';
import { errorText } from './agent-action.js';

/** The host's AgentUrl, routed to the agent's own integration. */
export type AgentUrlCall = (agent: AgentRef) => Promise<AgentLink>;

export interface AgentLinkOptions {
  store: Store;
  agentUrl: AgentUrlCall;
  /** Whether the integration offers AgentUrl. */
  canLink: (integrationId: string) => boolean;
}

/** One agent of a computer with its console link, or why there is none. */
export interface ComputerAgentLink extends AgentRef {
  hostname: string;
  url?: string | undefined;
  error?: string | undefined;
}

export class AgentLinkService {
  constructor(private readonly options: AgentLinkOptions) {}

  async forAgent(agent: AgentRef): Promise<string> {
    const stored = await this.options.store.agents.get(agent.integrationId, agent.agentId);
    if (stored === undefined) {
      throw new NotFoundError(`no agent "${agent.agentId}" of integration "${agent.integrationId}"`, { hint: 'List agents with `rmm-hub agents`; run `rmm-hub sync` first if it is new.' });
    }
    if (!this.options.canLink(agent.integrationId)) {
      throw new UnsupportedError(`${agent.integrationId} does not offer console links (AgentUrl)`, { hint: "Find the agent in the RMM's own console by its id or host name." });
    }
    return (await this.options.agentUrl(agent)).url;
  }

  /** Every current agent of the computer, each with its link or the reason it has none. */
  async forComputer(computerId: string): Promise<ComputerAgentLink[]> {
    const { store } = this.options;
    if (await store.computers.get(computerId) === undefined) throw new NotFoundError(`no computer "${computerId}"`, { hint: 'List computers with `rmm-hub computers`.' });
    const links: ComputerAgentLink[] = [];
    for (const ref of await store.computers.agentsOf(computerId)) {
      const hostname = (await store.agents.get(ref.integrationId, ref.agentId))?.hostname ?? '?';
      try {
        links.push({ ...ref, hostname, url: await this.forAgent(ref) });
      } catch (cause) {
        links.push({ ...ref, hostname, error: errorText(cause) });
      }
    }
    return links;
  }
}
