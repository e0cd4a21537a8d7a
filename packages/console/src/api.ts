/**
 * The console's one way to the HTTP API: `fetch` as the browser session, the CSRF token (kept
 * only in this module's memory) on every request that changes something, and the API's coded
 * problems shown as they come (message and hint).
 */

export interface Problem {
  code: string;
  message: string;
  hint?: string;
}
export const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

export class ApiProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}

export async function api<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken !== undefined) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(path, { method, headers, credentials: 'same-origin', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const answer = (await response.json()) as unknown;
  if (!response.ok) throw new ApiProblem(answer as Problem);
  return answer as T;
}

export function showProblem(error: unknown): void {
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

export function clearProblem(): void {
  byId('problem').hidden = true;
}

/** Undoes an identification operation (a resolution, a merge) from wherever it is offered, then `done` shows the outcome. */
export function undoOperation(opId: string, done: () => Promise<void>): void {
  clearProblem();
  api('POST', `/api/operations/${encodeURIComponent(opId)}/undo`, {}).then(done).catch(showProblem);
}


let csrfToken: string | undefined;

/** Keeps the session's CSRF token for the requests that follow. */
export function useCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}
