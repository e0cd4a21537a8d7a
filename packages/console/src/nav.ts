/**
 * The console's pages, in the navigation's order: each a `<main>` of index.html by id, with the
 * button that shows it and what loads it. A new page is one line here and its `<main>`.
 */
import { loadActions } from './actions.js';
import { byId, clearProblem } from './api.js';
import { loadAudit } from './audit.js';
import { loadComputers } from './computers.js';
import { loadConflicts } from './conflicts.js';
import { loadDashboard } from './dashboard.js';
import { loadSuggestions } from './review.js';

interface ConsolePage {
  id: string;
  label: string;
  load: () => Promise<void>;
}

const PAGES: readonly ConsolePage[] = [
  { id: 'dashboard', label: 'Dashboard', load: loadDashboard },
  { id: 'review', label: 'Link review', load: () => loadSuggestions(false) },
  { id: 'conflicts', label: 'Conflicts', load: loadConflicts },
  { id: 'computers', label: 'Computers', load: () => loadComputers(false) },
  { id: 'actions', label: 'Agent actions', load: loadActions },
  { id: 'audit', label: 'Audit log', load: () => loadAudit(false) },
];

/** Shows one page (hiding the others) and loads it. */
export function show(id: string): void {
  clearProblem();
  for (const page of PAGES) byId(page.id).hidden = page.id !== id;
  void PAGES.find((page) => page.id === id)?.load();
}

/** The navigation's buttons, `#to-<page>`. */
export function startNavigation(): void {
  byId('pages').replaceChildren(
    ...PAGES.map((page) => {
      const to = Object.assign(document.createElement('button'), { type: 'button', id: `to-${page.id}`, textContent: page.label });
      to.addEventListener('click', () => show(page.id));
      return to;
    }),
  );
}
