/**
 * Agent actions: the retirement plan (stale agents of reinstalled machines), the move plan
 * (misfiled agents of cross-tenant conflicts) and the deploy plan (computers missing the agent of
 * an RMM their tenant uses), each step with its reason and the ones held back with why. A
 * person ticks the steps to act on, applies, and confirms once more what will happen in the RMMs;
 * the server makes the plan again and acts only on those steps. Each outcome says what the RMM
 * did; a done move can be undone from here.
 */
import { api, byId, clearProblem, showProblem } from './api.js';
import { element } from './dom.js';

interface AgentRef {
  integrationId: string;
  agentId: string;
  hostname?: string;
}
/** A step of any plan: retire and move steps name an agent, deploy steps a computer and the RMM it lacks. */
interface Step {
  agent?: AgentRef;
  computerId?: string;
  name?: string;
  target?: { integrationId: string; clientId: string };
  via?: AgentRef;
  action: string;
  reason: string;
}
interface Held {
  agent?: AgentRef;
  conflictId?: string;
  computerId?: string;
  integrationId?: string;
  reason: string;
}
interface Plan {
  steps: Step[];
  held: Held[];
}
interface Outcome {
  step: Step;
  status: 'done' | 'skipped' | 'failed' | 'manual';
  message: string;
  actionId?: string;
}

/** One kind of plan: where it is read and applied, how its steps are named, and how its apply is worded. */
interface PlanKind {
  id: 'retire' | 'move' | 'deploy';
  path: string;
  /** What applying does, for the button and the confirmation: "Retire", "Move". */
  verb: string;
  consequence: string;
  /** Whether a done step can be moved back. */
  undoable: boolean;
  /** The step's identity within its plan, as the apply request names it. */
  keyOf(step: Step): string;
  labelOf(step: Step): string;
  heldLabelOf(held: Held): string;
  /** The apply request's body for the chosen keys. */
  bodyOf(keys: readonly string[]): unknown;
}

const agentKey = (agent: AgentRef | undefined): string => (agent === undefined ? '' : `${agent.integrationId}/${agent.agentId}`);
const agentLabel = (agent: AgentRef | undefined): string => `${agentKey(agent)}${agent?.hostname ? ` (${agent.hostname})` : ''}`;
/** Splits a key at its first slash: integration ids and computer ids never hold one, agent ids may. */
const splitKey = (key: string): [string, string] => {
  const at = key.indexOf('/');
  return [key.slice(0, at), key.slice(at + 1)];
};
const agentsBody = (keys: readonly string[]): unknown => ({ agents: keys.map((k) => splitKey(k)).map(([integrationId, agentId]) => ({ integrationId, agentId })) });
const agentHeld = (h: Held): string => `${h.agent ? agentKey(h.agent) : `conflict ${h.conflictId ?? ''}`}: ${h.reason}`;

const KINDS: readonly PlanKind[] = [
  {
    id: 'retire', path: '/api/agents/retirement-plan', verb: 'Retire', consequence: 'deletes them in their RMMs (a dry run first)', undoable: false,
    keyOf: (step) => agentKey(step.agent), labelOf: (step) => agentLabel(step.agent), heldLabelOf: agentHeld, bodyOf: agentsBody,
  },
  {
    id: 'move', path: '/api/agents/move-plan', verb: 'Move', consequence: "moves them to their tenant's client in their RMMs, then identifies computers again", undoable: true,
    keyOf: (step) => agentKey(step.agent), labelOf: (step) => agentLabel(step.agent), heldLabelOf: agentHeld, bodyOf: agentsBody,
  },
  {
    id: 'deploy', path: '/api/agents/deploy-plan', verb: 'Deploy', consequence: 'issues an installer in each RMM and runs its install script through the agent the computer has (admins only)', undoable: false,
    keyOf: (step) => `${step.computerId ?? ''}/${step.target?.integrationId ?? ''}`,
    labelOf: (step) => `${step.name ?? step.computerId ?? ''}: ${step.target?.integrationId ?? ''} agent into client ${step.target?.clientId ?? ''}, through ${agentLabel(step.via)}`,
    heldLabelOf: (h) => `${h.computerId ?? ''} (${h.integrationId ?? ''}): ${h.reason}`,
    bodyOf: (keys) => ({ computers: keys.map((k) => splitKey(k)).map(([computerId, integrationId]) => ({ computerId, integrationId })) }),
  },
];

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
      item.dataset['step'] = kind.keyOf(step);
      const label = element('label');
      const actsHere = step.action !== 'manual';
      if (actsHere) {
        const box = element('input');
        box.type = 'checkbox';
        box.checked = true;
        box.value = kind.keyOf(step);
        label.append(box);
      }
      label.append(` ${kind.labelOf(step)}${actsHere ? '' : ' — by hand in the RMM'}`);
      item.append(label, element('p', step.reason, 'reason'));
      return item;
    }),
  );
  const held = element('ul', undefined, 'held');
  held.append(...plan.held.map((h) => element('li', kind.heldLabelOf(h))));
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

function chosen(kind: PlanKind): string[] {
  return [...byId(`${kind.id}-plan`).querySelectorAll<HTMLInputElement>('.plan-steps input:checked')].map((box) => box.value);
}

/** The second step: say what will happen, in the RMMs, to how many agents; act only on confirm. */
function confirmApply(kind: PlanKind): void {
  clearProblem();
  const keys = chosen(kind);
  const outcome = byId(`${kind.id}-plan`).querySelector('.outcome');
  if (outcome === null || keys.length === 0) return;
  const confirm = element('button', `Yes, ${kind.verb.toLowerCase()} ${keys.length}`, 'confirm');
  confirm.type = 'button';
  const cancel = element('button', 'Cancel', 'cancel');
  cancel.type = 'button';
  cancel.addEventListener('click', () => outcome.replaceChildren());
  confirm.addEventListener('click', () => void apply(kind, keys));
  outcome.replaceChildren(element('p', `${kind.verb} ${keys.length} agent(s)? This ${kind.consequence}.`, 'confirmation'), confirm, cancel);
}

async function apply(kind: PlanKind, keys: readonly string[]): Promise<void> {
  try {
    const answer = await api<{ outcomes: Outcome[] }>('POST', kind.path, kind.bodyOf(keys));
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
      const item = element('li', `${kind.labelOf(o.step)}: ${o.status} — ${o.message}`, `outcome-${o.status}`);
      item.dataset['step'] = kind.keyOf(o.step);
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
