import { describe, expect, it } from 'vitest';

import { AgentUrlTemplate, agentUrlFrom, templateAgentUrl } from './agent-url.js';

describe('agentUrlFrom', () => {
  it('puts the encoded agent id into a path on the server, or into a full URL', () => {
    expect(agentUrlFrom('/automate/computer/{agentId}', 'https://rmm.example.com/', '42')).toBe('https://rmm.example.com/automate/computer/42');
    expect(agentUrlFrom('/deviceDetails.jsp?deviceID={agentId}', 'https://nc.example.com', '7 8')).toBe('https://nc.example.com/deviceDetails.jsp?deviceID=7%208');
    expect(agentUrlFrom('https://console.example.net/a/{agentId}/overview', 'https://rmm.example.com', 'x/y')).toBe('https://console.example.net/a/x%2Fy/overview');
  });

  it('serves AgentUrl from a template', async () => {
    expect(await templateAgentUrl('/c/{agentId}', 'http://127.0.0.1:8080').agentUrl('5')).toEqual({ url: 'http://127.0.0.1:8080/c/5' });
  });

  it('refuses a template without {agentId}', () => {
    expect(AgentUrlTemplate.safeParse('/automate/computer/').error?.issues[0]?.message).toMatch(/must contain \{agentId\}/);
  });
});
