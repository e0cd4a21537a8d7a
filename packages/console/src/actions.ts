/**
 * Agent actions: the retirement plan (stale agents of reinstalled machines) and the move plan
 * (misfiled agents of cross-tenant conflicts), each step with its reason and the ones held back
 * with why. A person ticks the steps to act on, applies, and confirms once more what will happen
 * in the RMMs; the server makes the plan again and acts only on those steps. Each outcome says
 * what the RMM did; a done move can be undone from here.
 */
import { api, byId, clearProblem, element, showProblem } from './api.js';

interface AgentRef {
  integrationId: string;
  agentId: string;
  hostname?: string;
}
interface Step {
  agent: AgentRef;
  action: string;
  reason: string;
}
interface Plan {
  steps: Step[];
  held: { agent?: AgentRef; conflictId?: string; reason: string }[];
}
interface Outcome {
  step: Step;
  status: 'done' | 'skipped' | 'failed' | 'manual';
  message: string;
  actionId?: string;
}

/** One kind of plan: where it is read and applied, and how its steps and its apply are worded. */
interface PlanKind {
  id: 'retire' | 'move';
  path: string;
  /** What applying does, for the button and the confirmation: "Retire", "Move". */
  verb: string;
  consequence: string;
  /** Whether a done step can be moved back. */
  undoable: boolean;
}

const KINDS: readonly PlanKind[] = [
  { id: 'retire', path: '/api/agents/retirement-plan', verb: 'Retire', consequence: 'deletes them in their RMMs (a dry run first)', undoable: false },
  { id: 'move', path: '/api/agents/move-plan', verb: 'Move', consequence: "moves them to their tenant's client in their RMMs, then identifies computers again", undoable: true },
];

const keyOf = (agent: AgentRef): string => `${agent.integrationId}/${agent.agentId}`;

export async function loadActions(): Promise<void> {
  await Promise.all(KINDS.map(loadPlan));
}

async function loadPlan(kind: PlanKind): Promise<void> {
  try {
    renderPlan(kind, await api<Plan>('GET', kind.path));
  } catch (error) {
    showProblem(error);
  }
}

function renderPlan(kind: PlanKind, plan: Plan): void {
  const steps = element('ol', undefined, 'plan-steps');
  steps.append(
    ...plan.steps.map((step) => {
      const item = element('li');
      item.dataset['agent'] = keyOf(step.agent);
      const label = element('label');
      const actsHere = step.action !== 'manual';
      if (actsHere) {
        const box = element('input');
        box.type = 'checkbox';
        box.checked = true;
        box.value = keyOf(step.agent);
        label.append(box);
      }
      label.append(` ${keyOf(step.agent)}${step.agent.hostname ? ` (${step.agent.hostname})` : ''}${actsHere ? '' : ' — by hand in the RMM'}`);
      item.append(label, element('p', step.reason, 'reason'));
      return item;
    }),
  );
  const held = element('ul', undefined, 'held');
  held.append(...plan.held.map((h) => element('li', `${h.agent ? keyOf(h.agent) : `conflict ${h.conflictId ?? ''}`}: ${h.reason}`)));
  const apply = element('button', `${kind.verb} selected…`, 'apply');
  apply.type = 'button';
  apply.disabled = !plan.steps.some((s) => s.action !== 'manual');
  apply.addEventListener('click', () => confirmApply(kind));
  const section = byId(`${kind.id}-plan`);
  section.replaceChildren(
    steps,
    element('p', plan.steps.length === 0 ? 'Nothing to do.' : `${plan.steps.length} planned.`, 'count'),
    ...(plan.held.length > 0 ? [element('h4', `Held back (${plan.held.length})`), held] : []),
    apply,
    element('div', undefined, 'outcome'),
  );
}

function chosen(kind: PlanKind): AgentRef[] {
  return [...byId(`${kind.id}-plan`).querySelectorAll<HTMLInputElement>('.plan-steps input:checked')].map((box) => {
    const [integrationId = '', ...rest] = box.value.split('/');
    return { integrationId, agentId: rest.join('/') };
  });
}

/** The second step: say what will happen, in the RMMs, to how many agents; act only on confirm. */
function confirmApply(kind: PlanKind): void {
  clearProblem();
  const agents = chosen(kind);
  const outcome = byId(`${kind.id}-plan`).querySelector('.outcome');
  if (outcome === null || agents.length === 0) return;
  const confirm = element('button', `Yes, ${kind.verb.toLowerCase()} ${agents.length}`, 'confirm');
  confirm.type = 'button';
  const cancel = element('button', 'Cancel', 'cancel');
  cancel.type = 'button';
  cancel.addEventListener('click', () => outcome.replaceChildren());
  confirm.addEventListener('click', () => void apply(kind, agents));
  outcome.replaceChildren(element('p', `${kind.verb} ${agents.length} agent(s)? This ${kind.consequence}.`, 'confirmation'), confirm, cancel);
}

async function apply(kind: PlanKind, agents: AgentRef[]): Promise<void> {
  try {
    const answer = await api<{ outcomes: Outcome[] }>('POST', kind.path, { agents });
    await loadPlan(kind);
    showOutcomes(kind, answer.outcomes);
  } catch (error) {
    showProblem(error);
  }
}

function showOutcomes(kind: PlanKind, outcomes: Outcome[]): void {
  const list = element('ul', undefined, 'outcomes');
  list.append(
    ...outcomes.map((o) => {
      const item = element('li', `${keyOf(o.step.agent)}: ${o.status} — ${o.message}`, `outcome-${o.status}`);
      item.dataset['agent'] = keyOf(o.step.agent);
      if (kind.undoable && o.status === 'done' && o.actionId !== undefined) item.append(' ', undoButton(o.actionId));
      return item;
    }),
  );
  const count = (status: Outcome['status']): number => outcomes.filter((o) => o.status === status).length;
  const summary = element('p', `${count('done')} done, ${count('skipped')} skipped, ${count('failed')} failed, ${count('manual')} left to do by hand.`, 'summary');
  byId(`${kind.id}-plan`).querySelector('.outcome')?.replaceChildren(summary, list);
}

function undoButton(actionId: string): HTMLButtonElement {
  const undo = element('button', 'Move back', 'undo');
  undo.type = 'button';
  undo.addEventListener('click', () => {
    clearProblem();
    api<Outcome>('POST', `/api/agent-moves/${encodeURIComponent(actionId)}/undo`, {})
      .then((outcome) => undo.replaceWith(`moved back: ${outcome.message}`))
      .catch(showProblem);
  });
  return undo;
}
