/**
 * The console's entry: sign-in with an API token (a browser session: the HttpOnly cookie, and
 * the CSRF token the API module keeps), then the pages, switched by the navigation.
 */
import { api, byId, clearProblem, showProblem, useCsrfToken } from './api.js';
import { startAudit } from './audit.js';
import { startBulkAccept } from './bulk-accept.js';
import { startComputers } from './computers.js';
import { show, startNavigation } from './nav.js';
import { startReview } from './review.js';
import { startScriptRunner } from './script-runner.js';

function signedIn(info: { name: string; role: string; csrfToken?: string }): void {
  useCsrfToken(info.csrfToken);
  byId('who').textContent = `${info.name} (${info.role})`;
  byId('sign-in').hidden = true;
  byId('pages').hidden = false;
  show('dashboard');
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
  startNavigation();
  startReview();
  startBulkAccept();
  startComputers();
  startScriptRunner();
  startAudit();
  try {
    signedIn(await api('GET', '/api/session'));
  } catch {
    byId('sign-in').hidden = false;
  }
}

void start();
