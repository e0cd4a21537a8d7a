/** The audit log, newest first, a page at a time through the API's cursor, filtered by action. */
import { byId, showProblem } from './api.js';
import { element } from './dom.js';
import { Pager } from './pager.js';

interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  reason?: string;
}
const pager = new Pager<AuditEntry>('/api/audit', 50);

export async function loadAudit(append: boolean): Promise<void> {
  try {
    await pager.showIn(byId('audit-entries'), byId('audit-more'), { action: byId<HTMLInputElement>('audit-action').value.trim() }, append, (entry) => {
      const row = element('tr');
      row.dataset['seq'] = String(entry.seq);
      row.append(...[entry.at, entry.actor, entry.action, entry.subject, entry.reason ?? ''].map((text) => element('td', text)));
      return row;
    });
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
