/**
 * Builders for identification tests (not exported from the package): terse agents whose
 * identity defaults to "unknown".
 * @internal
 */
import type { AgentIdentity } from '../capabilities/agent.schema.js';
import type { IdentificationAgent } from './model/agent-records.js';

/** An agent with the given overrides; identity fields default to absent. */
export function testAgent(
  integrationId: string,
  agentId: string,
  overrides: Partial<Omit<IdentificationAgent, 'identity'>> & { identity?: Partial<AgentIdentity> } = {},
): IdentificationAgent {
  const { identity, ...rest } = overrides;
  return {
    tenantId: 't1',
    integrationId,
    agentId,
    hostname: `HOST-${agentId}`,
    online: false,
    lastSeen: '2025-05-01T00:00:00.000Z',
    canRunScripts: true,
    ...rest,
    identity: { macAddresses: [], ...identity },
  };
}
