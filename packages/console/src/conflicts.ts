/**
 * The conflict queue: open conflicts (clones, reinstalls, cross-tenant matches); choosing one
 * shows its computers side by side, each agent with the evidence it was identified by, and
 * resolves it (merge, keep apart, mark wiped). The answer's operation can be undone from the
 * computer's timeline.
 */
import { api, byId, clearProblem, showProblem, undoOperation, type Page } from './api.js';
import { button, element, factList } from './dom.js';

interface Conflict {
  id: string;
  kind: string;
  detail: string;
  computerIds: string[];
}
interface ComputerDetail {
  computer: { id: string; name: string; tenantId: string };
  agents: { agent: { integrationId: string; agentId: string }; evidence: Record<string, unknown> }[];
}
type Resolution = 'merge' | 'keep-apart' | 'mark-wiped';

const RESOLUTIONS: [Resolution, string][] = [
  ['merge', 'Merge'],
  ['keep-apart', 'Keep apart'],
  ['mark-wiped', 'Mark wiped'],
];

export async function loadConflicts(): Promise<void> {
  try {
    const page = await api<Page<Conflict>>('GET', '/api/conflicts?limit=50');
    byId('conflict-list').replaceChildren(
      ...page.items.map((conflict) => {
        const item = element('li');
        item.dataset['conflict'] = conflict.id;
        item.append(button(`${conflict.kind}: ${conflict.detail}`, 'open-conflict', () => void showConflict(conflict)));
        return item;
      }),
    );
    byId('no-conflicts').hidden = page.items.length > 0;
    byId('conflict').replaceChildren();
  } catch (error) {
    showProblem(error);
  }
}

async function showConflict(conflict: Conflict): Promise<void> {
  try {
    const details = await Promise.all(conflict.computerIds.map((id) => api<ComputerDetail>('GET', `/api/computers/${encodeURIComponent(id)}`)));
    const sides = element('div', undefined, 'side-by-side');
    sides.append(
      ...details.map(({ computer, agents }) => {
        const side = element('section', undefined, 'computer');
        side.append(element('h3', `${computer.name} (tenant ${computer.tenantId})`));
        for (const { agent, evidence } of agents) {
          side.append(element('h4', `${agent.integrationId} agent ${agent.agentId}`));
          side.append(factList(evidence));
        }
        return side;
      }),
    );
    const actions = element('p');
    for (const [resolution, label] of RESOLUTIONS) {
      actions.append(button(label, `resolve-${resolution}`, () => void resolve(conflict, resolution)));
    }
    const heading = element('h3', `${conflict.kind}: ${conflict.detail}`);
    byId('conflict').replaceChildren(heading, sides, actions);
    byId('conflict').dataset['conflict'] = conflict.id;
  } catch (error) {
    showProblem(error);
  }
}

async function resolve(conflict: Conflict, resolution: Resolution): Promise<void> {
  clearProblem();
  try {
    const { opId } = await api<{ opId: string }>('POST', `/api/conflicts/${encodeURIComponent(conflict.id)}/resolve`, { resolution });
    await loadConflicts();
    offerUndo(`${conflict.kind} resolved (${resolution}).`, opId);
  } catch (error) {
    showProblem(error);
  }
}

/** The last resolution, with the button that undoes its operation. */
function offerUndo(what: string, opId: string): void {
  const undo = button('Undo', 'undo', () => undoOperation(opId, loadConflicts));
  const line = element('p', `${what} `, 'resolved');
  line.append(undo);
  byId('conflict').replaceChildren(line);
}
