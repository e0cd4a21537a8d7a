/**
 * Computers: searched by the start of their name and paged by the API's cursor (the server
 * reads one page, whatever the fleet's size); choosing one shows its agents with each link's
 * evidence and the link to the agent in its RMM's console, its open conflicts, its timeline
 * with an undo for each operation, and the script runner aimed at it.
 */
import { api, byId, showProblem, undoOperation } from './api.js';
import { button, element, factList } from './dom.js';
import { Pager } from './pager.js';
import { aimRunner } from './script-runner.js';

interface ComputerSummary {
  id: string;
  name: string;
  tenantId: string;
  agents: number;
  openConflicts: number;
  retiredAt?: string;
}
interface AgentRef {
  integrationId: string;
  agentId: string;
}
interface ComputerDetail {
  computer: { id: string; name: string; tenantId: string; retiredAt?: string };
  agents: { agent: AgentRef; evidence: Record<string, unknown>; stale: boolean; needsIdentity: boolean }[];
  conflicts: { id: string; kind: string; detail: string; status: string }[];
  timeline?: { seq: number; at: string; kind: string; opId: string; summary: string }[];
}
interface AgentLink extends AgentRef {
  url?: string;
  error?: string;
}
const pager = new Pager<ComputerSummary>('/api/computers', 50);

export async function loadComputers(append: boolean): Promise<void> {
  try {
    const computers = await pager.showIn(byId('computer-list'), byId('computers-more'), { search: byId<HTMLInputElement>('computer-search-text').value.trim() }, append, (c) => {
      const item = element('li');
      item.dataset['computer'] = c.id;
      item.append(button(c.name, 'open-computer', () => void showComputer(c.id)), element('span', ` tenant ${c.tenantId} · ${c.agents} agent(s) · ${c.openConflicts} open conflict(s)`));
      return item;
    });
    if (computers !== undefined) byId('no-computers').hidden = append || computers.length > 0;
  } catch (error) {
    showProblem(error);
  }
}

export async function showComputer(computerId: string): Promise<void> {
  try {
    const id = encodeURIComponent(computerId);
    const [detail, links] = await Promise.all([api<ComputerDetail>('GET', `/api/computers/${id}`), api<{ items: AgentLink[] }>('GET', `/api/computers/${id}/agent-links`)]);
    const { computer } = detail;
    const urls = new Map(links.items.map((l) => [`${l.integrationId}/${l.agentId}`, l]));
    const view = byId('computer');
    view.dataset['computer'] = computer.id;
    view.replaceChildren(
      element('h3', `${computer.name} (tenant ${computer.tenantId})${computer.retiredAt ? `, retired ${computer.retiredAt}` : ''}`),
      element('h4', 'Agents'),
      ...detail.agents.map(({ agent, evidence, stale, needsIdentity }) => agentView(agent, evidence, [stale ? 'stale' : '', needsIdentity ? 'needs identity' : ''].filter(Boolean), urls.get(`${agent.integrationId}/${agent.agentId}`))),
      element('h4', 'Conflicts'),
      listOf(detail.conflicts.map((c) => element('li', `${c.kind} (${c.status}): ${c.detail}`)), 'No conflicts.'),
      element('h4', 'Timeline'),
      listOf(
        (detail.timeline ?? []).map((entry) => {
          const item = element('li', `${entry.at} ${entry.kind}: ${entry.summary} `);
          item.dataset['op'] = entry.opId;
          if (entry.kind !== 'undone') item.append(button('Undo', 'undo-op', () => undoOperation(entry.opId, () => showComputer(computer.id))));
          return item;
        }),
        'Nothing has happened to this computer yet.',
        'timeline',
      ),
    );
    aimRunner(computer);
  } catch (error) {
    showProblem(error);
  }
}

function agentView(agent: AgentRef, evidence: Record<string, unknown>, flags: string[], link: AgentLink | undefined): HTMLElement {
  const section = element('section', undefined, 'agent');
  section.dataset['agent'] = `${agent.integrationId}/${agent.agentId}`;
  const heading = element('h5', `${agent.integrationId} agent ${agent.agentId}${flags.length ? ` (${flags.join(', ')})` : ''} `);
  if (link?.url) {
    const open = element('a', 'Open in its RMM', 'agent-url');
    open.href = link.url;
    open.target = '_blank';
    open.rel = 'noopener noreferrer';
    heading.append(open);
  } else if (link?.error) heading.append(element('span', link.error, 'no-url'));
  section.append(heading, factList(evidence));
  return section;
}

function listOf(items: HTMLElement[], empty: string, className?: string): HTMLElement {
  if (items.length === 0) return element('p', empty);
  const list = element('ol', undefined, className);
  list.append(...items);
  return list;
}

/** Wires the search and paging. */
export function startComputers(): void {
  byId('computer-search').addEventListener('submit', (event) => {
    event.preventDefault();
    void loadComputers(false);
  });
  byId('computers-more').addEventListener('click', () => void loadComputers(true));
}
