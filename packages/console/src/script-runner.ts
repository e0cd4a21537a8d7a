/**
 * The script runner on a computer's page: runs a script through whichever of its RMMs reaches
 * it (admins only: the API refuses anyone else, and the page shows that refusal) and shows its
 * status live from the server's script events — started on which agent, finished how — then the
 * outcome the API answers. The run is audited under the token's name by the server.
 */
import { api, byId, clearProblem, showProblem } from './api.js';

interface ScriptEvent {
  runId: string;
  integrationId: string;
  agentId: string;
  computerId?: string;
  status?: string;
}
interface ScriptOutcome {
  integrationId: string;
  agentId: string;
  result: { status: string; exitCode?: number | null; output?: string };
}
let target: { id: string; name: string } | undefined;

/** Points the runner at the computer shown. */
export function aimRunner(computer: { id: string; name: string }): void {
  target = computer;
  byId('runner-target').textContent = computer.name;
  byId('script-status').textContent = '';
  byId('script-output').textContent = '';
  byId('script-runner').hidden = false;
}

/** Follows the script events of one run: the first start on `computerId`, then that run's finish. Closed by the caller. */
async function follow(computerId: string, status: (text: string) => void): Promise<EventSource> {
  const events = new EventSource('/api/script-runs/events');
  let runId: string | undefined;
  events.addEventListener('script:started', (event) => {
    const started = JSON.parse((event as MessageEvent<string>).data) as ScriptEvent;
    if (started.computerId !== computerId || runId !== undefined) return;
    runId = started.runId;
    status(`running on ${started.integrationId} agent ${started.agentId}…`);
  });
  events.addEventListener('script:finished', (event) => {
    const finished = JSON.parse((event as MessageEvent<string>).data) as ScriptEvent;
    if (finished.runId === runId) status(`finished (${finished.status ?? '?'}) on ${finished.integrationId} agent ${finished.agentId}`);
  });
  // Subscribed before the run starts, so its start is not missed; a refused stream still lets the run go.
  await new Promise((resolve) => {
    events.addEventListener('open', resolve, { once: true });
    events.addEventListener('error', resolve, { once: true });
  });
  return events;
}

async function run(): Promise<void> {
  if (target === undefined) return;
  clearProblem();
  const computerId = target.id;
  const status = (text: string): void => {
    byId('script-status').textContent = text;
  };
  byId('script-output').textContent = '';
  status('starting…');
  const events = await follow(computerId, status);
  try {
    const outcome = await api<ScriptOutcome>('POST', `/api/computers/${encodeURIComponent(computerId)}/scripts`, {
      language: byId<HTMLSelectElement>('script-language').value,
      body: byId<HTMLTextAreaElement>('script-body').value,
    });
    const { result } = outcome;
    status(`${result.status} on ${outcome.integrationId} agent ${outcome.agentId}${result.exitCode === undefined || result.exitCode === null ? '' : `, exit code ${result.exitCode}`}`);
    byId('script-output').textContent = result.output ?? '';
  } catch (error) {
    status('not run');
    showProblem(error);
  } finally {
    events.close();
  }
}

/** Wires the runner's form. */
export function startScriptRunner(): void {
  byId('script-runner').addEventListener('submit', (event) => {
    event.preventDefault();
    void run();
  });
}
