/** The audit log, newest first, a page at a time through the API's cursor, filtered by action. */
import { api, byId, showProblem, type Page } from './api.js';
import { element } from './dom.js';

interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  reason?: string;
}
let nextCursor: string | undefined;

export async function loadAudit(append: boolean): Promise<void> {
  const query = new URLSearchParams({ limit: '50' });
  const action = byId<HTMLInputElement>('audit-action').value.trim();
  if (action) query.set('action', action);
  if (append && nextCursor) query.set('cursor', nextCursor);
  try {
    const page = await api<Page<AuditEntry>>('GET', `/api/audit?${query}`);
    const rows = page.items.map((entry) => {
      const row = element('tr');
      row.dataset['seq'] = String(entry.seq);
      row.append(...[entry.at, entry.actor, entry.action, entry.subject, entry.reason ?? ''].map((text) => element('td', text)));
      return row;
    });
    if (append) byId('audit-entries').append(...rows);
    else byId('audit-entries').replaceChildren(...rows);
    nextCursor = page.nextCursor;
    byId('audit-more').hidden = nextCursor === undefined;
  } catch (error) {
    showProblem(error);
  }
}

/** Wires the log's filter and paging. */
export function startAudit(): void {
  byId('audit-filter').addEventListener('submit', (event) => {
    event.preventDefault();
    void loadAudit(false);
  });
  byId('audit-more').addEventListener('click', () => void loadAudit(true));
}
