/**
 * The console's page script: sign-in with an API token, then the link review queue. Every call
 * goes through the HTTP API as a browser session: the HttpOnly cookie identifies it and the CSRF
 * token, kept only in this module's memory, goes with every request that changes something.
 * Errors show the API's coded problem (message and hint) as they come.
 */

interface Problem {
  code: string;
  message: string;
  hint?: string;
}
interface Reason {
  kind: string;
  detail: string;
}
interface Suggestion {
  integrationId: string;
  clientId: string;
  clientName: string;
  tenantId: string;
  tenantName: string;
  score: number;
  reasons: Reason[];
}
interface Page<T> {
  items: T[];
  nextCursor?: string;
}

let csrfToken: string | undefined;
let suggestions: Suggestion[] = [];
let selected = 0;
let nextCursor: string | undefined;

const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

class ApiProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}

async function api<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken !== undefined) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(path, { method, headers, credentials: 'same-origin', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const answer = (await response.json()) as unknown;
  if (!response.ok) throw new ApiProblem(answer as Problem);
  return answer as T;
}

function showProblem(error: unknown): void {
  const problem = byId('problem');
  const { code, message, hint } = error instanceof ApiProblem ? error.problem : { code: 'RMM_ERR_CONSOLE', message: String(error), hint: undefined };
  problem.replaceChildren(`${message} (${code})`);
  if (hint) {
    const line = document.createElement('span');
    line.className = 'hint';
    line.textContent = hint;
    problem.append(line);
  }
  problem.hidden = false;
}

function clearProblem(): void {
  byId('problem').hidden = true;
}

function signedIn(info: { name: string; role: string; csrfToken?: string }): void {
  csrfToken = info.csrfToken;
  byId('who').textContent = `${info.name} (${info.role})`;
  byId('sign-in').hidden = true;
  byId('review').hidden = false;
  void loadSuggestions(false);
}

async function loadSuggestions(append: boolean): Promise<void> {
  const query = new URLSearchParams({ limit: '20' });
  const search = byId<HTMLInputElement>('search-text').value.trim();
  if (search) query.set('search', search);
  if (append && nextCursor) query.set('cursor', nextCursor);
  try {
    const page = await api<Page<Suggestion>>('GET', `/api/suggestions?${query}`);
    suggestions = append ? [...suggestions, ...page.items] : page.items;
    nextCursor = page.nextCursor;
    if (!append) selected = 0;
    render();
  } catch (error) {
    showProblem(error);
  }
}

function render(): void {
  selected = Math.min(selected, Math.max(suggestions.length - 1, 0));
  const list = byId('suggestions');
  list.replaceChildren(
    ...suggestions.map((s, index) => {
      const item = document.createElement('li');
      item.setAttribute('aria-selected', String(index === selected));
      item.dataset['suggestion'] = `${s.integrationId}/${s.clientId}/${s.tenantId}`;
      const title = document.createElement('strong');
      title.textContent = `${s.clientName} (${s.integrationId}) → ${s.tenantName}`;
      const score = document.createElement('span');
      score.className = 'score';
      score.textContent = `${Math.round(s.score * 100)}%`;
      const reasons = document.createElement('ul');
      reasons.className = 'reasons';
      reasons.append(...s.reasons.map((r) => Object.assign(document.createElement('li'), { textContent: `${r.kind}: ${r.detail}` })));
      const accept = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Accept', className: 'accept' });
      accept.addEventListener('click', () => void decide('accept', index));
      const reject = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Reject', className: 'reject' });
      reject.addEventListener('click', () => void decide('reject', index));
      item.append(title, score, reasons, accept, reject);
      return item;
    }),
  );
  byId('empty').hidden = suggestions.length > 0;
  byId('more').hidden = nextCursor === undefined;
}

async function decide(kind: 'accept' | 'reject', index: number): Promise<void> {
  const suggestion = suggestions[index];
  if (suggestion === undefined) return;
  clearProblem();
  try {
    await api('POST', `/api/links/${kind}`, { integrationId: suggestion.integrationId, clientId: suggestion.clientId, tenantId: suggestion.tenantId });
    selected = index;
    await loadSuggestions(false);
  } catch (error) {
    showProblem(error);
  }
}

function onKey(event: KeyboardEvent): void {
  if (byId('review').hidden || event.target instanceof HTMLInputElement || event.ctrlKey || event.metaKey || event.altKey) return;
  const moves: Record<string, () => void> = {
    j: () => (selected = Math.min(selected + 1, suggestions.length - 1)),
    k: () => (selected = Math.max(selected - 1, 0)),
    a: () => void decide('accept', selected),
    r: () => void decide('reject', selected),
  };
  const move = moves[event.key];
  if (move === undefined) return;
  event.preventDefault();
  move();
  render();
}

async function start(): Promise<void> {
  byId('sign-in').addEventListener('submit', (event) => {
    event.preventDefault();
    clearProblem();
    const field = byId<HTMLInputElement>('token');
    api<{ name: string; role: string; csrfToken: string }>('POST', '/api/session', { token: field.value })
      .then((info) => {
        field.value = '';
        signedIn(info);
      })
      .catch(showProblem);
  });
  byId('search').addEventListener('submit', (event) => {
    event.preventDefault();
    void loadSuggestions(false);
  });
  byId('more').addEventListener('click', () => void loadSuggestions(true));
  document.addEventListener('keydown', onKey);
  try {
    signedIn(await api('GET', '/api/session'));
  } catch {
    byId('sign-in').hidden = false;
  }
}

void start();
