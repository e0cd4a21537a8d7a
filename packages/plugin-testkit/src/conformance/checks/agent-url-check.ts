/**
 * AgentUrl, where declared: for listed agents, an http(s) link (the host validates the shape)
 * that names the agent — two agents never share a page — and that the server does not answer
 * with "not found" or a server error, when it can be fetched (a login page or a 401 is fine:
 * consoles have their own sessions).
 */
import type { AgentLink } from '@rmm-hub/core';

import { ConformanceFailure, expectThat } from '../conformance-failure.js';
import { ConformanceSession, describeError } from '../conformance-session.js';

const CHECK = 'agent-url';

export async function checkAgentUrl(session: ConformanceSession<unknown>): Promise<void> {
  const { agents } = await session.baseline();
  const sample = agents.slice(0, 2);
  expectThat(sample.length > 0, CHECK, () => 'no listed agent to ask a console link for');
  await session.withHost(session.goodConfig, 'agent-url', async (host) => {
    const call = ConformanceSession.caller(host);
    const urls: string[] = [];
    for (const agent of sample) {
      let link: AgentLink;
      try {
        link = (await call('AgentUrl', agent.id)) as AgentLink;
        session.record({ source: 'result of AgentUrl', value: link, kind: 'result' });
      } catch (error) {
        session.record({ source: 'error from AgentUrl', value: error, kind: 'error' });
        throw new ConformanceFailure(CHECK, `AgentUrl for agent ${agent.id} threw: ${describeError(error)}`);
      }
      urls.push(link.url);
      const page = await fetch(link.url, { signal: AbortSignal.timeout(10_000) }).catch(() => undefined);
      if (page !== undefined) {
        await page.arrayBuffer();
        expectThat(page.status !== 404 && page.status < 500, CHECK, () => `AgentUrl for agent ${agent.id} gave ${link.url}, which the server answers with HTTP ${page.status}`);
      }
    }
    expectThat(new Set(urls).size === urls.length, CHECK, () => `AgentUrl gave the same link for different agents: ${urls[0]}`);
  });
}
