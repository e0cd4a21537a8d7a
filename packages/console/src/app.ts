/**
 * The console's entry: sign-in with an API token (a browser session: the HttpOnly cookie, and
 * the CSRF token the API module keeps), then the pages, switched by the navigation.
 */
import { loadActions } from './actions.js';
import { api, byId, clearProblem, showProblem, useCsrfToken } from './api.js';
import { loadConflicts } from './conflicts.js';
import { loadSuggestions, startReview } from './review.js';

const PAGES = { review: () => loadSuggestions(false), conflicts: loadConflicts, actions: loadActions } as const;

function show(name: keyof typeof PAGES): void {
  clearProblem();
  for (const page of Object.keys(PAGES)) byId(page).hidden = page !== name;
  void PAGES[name]();
}

function signedIn(info: { name: string; role: string; csrfToken?: string }): void {
  useCsrfToken(info.csrfToken);
  byId('who').textContent = `${info.name} (${info.role})`;
  byId('sign-in').hidden = true;
  byId('pages').hidden = false;
  show('review');
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
  byId('to-review').addEventListener('click', () => show('review'));
  byId('to-conflicts').addEventListener('click', () => show('conflicts'));
  byId('to-actions').addEventListener('click', () => show('actions'));
  startReview();
  try {
    signedIn(await api('GET', '/api/session'));
  } catch {
    byId('sign-in').hidden = false;
  }
}

void start();
