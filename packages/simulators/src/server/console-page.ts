/**
 * The web console's page of one agent, as the simulators serve it at the path each plugin's
 * AgentUrl template points to: enough for a test to follow a deep link and see which machine
 * it lands on. No login: the real consoles have their own, outside any API.
 */
import type { SimResponse } from './router.js';

export function agentConsolePage(rmm: string, agentId: number, hostname: string): SimResponse {
  const text = (s: string): string => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return {
    status: 200,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: `<!doctype html><title>${text(hostname)} - ${text(rmm)}</title><h1 data-agent-id="${agentId}">${text(hostname)}</h1>\n`,
  };
}
