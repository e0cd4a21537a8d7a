/**
 * Bulk accept of high-confidence suggestions: every client with exactly one suggestion scoring at
 * least the threshold is listed first (the preview; clients with several above it are held back,
 * a person must choose), then, once confirmed, accepted one by one: each an audited decision,
 * exactly as a single accept.
 */
import { api, byId, clearProblem, showProblem, type Page } from './api.js';
import { button, element } from './dom.js';
import { loadSuggestions, type Suggestion } from './review.js';

interface Candidates {
  accept: Suggestion[];
  /** Clients with more than one suggestion above the threshold. */
  ambiguous: string[];
}

async function candidates(minScore: number): Promise<Candidates> {
  const byClient = new Map<string, Suggestion[]>();
  let cursor: string | undefined;
  do {
    const query = new URLSearchParams({ limit: '500', minScore: String(minScore) });
    if (cursor !== undefined) query.set('cursor', cursor);
    const page = await api<Page<Suggestion>>('GET', `/api/suggestions?${query}`);
    for (const s of page.items) {
      const key = `${s.integrationId}/${s.clientId}`;
      byClient.set(key, [...(byClient.get(key) ?? []), s]);
    }
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  const accept: Suggestion[] = [];
  const ambiguous: string[] = [];
  for (const [key, found] of byClient) {
    if (found.length === 1) accept.push(found[0] as Suggestion);
    else ambiguous.push(`${found[0]?.clientName ?? key} (${found.length} tenants above the threshold)`);
  }
  return { accept, ambiguous };
}

async function preview(): Promise<void> {
  clearProblem();
  const percent = Number(byId<HTMLInputElement>('bulk-min').value);
  const out = byId('bulk-preview');
  try {
    const { accept, ambiguous } = await candidates(percent / 100);
    const steps = element('ol', undefined, 'bulk-steps');
    steps.append(...accept.map((s) => element('li', `${s.clientName} (${s.integrationId}) → ${s.tenantName}, ${Math.round(s.score * 100)}%`)));
    const held = element('ul', undefined, 'held');
    held.append(...ambiguous.map((text) => element('li', text)));
    const confirm = button(`Accept ${accept.length}`, 'bulk-confirm', () => void apply(accept));
    confirm.disabled = accept.length === 0;
    out.replaceChildren(
      element('p', `${accept.length} client(s) have one suggestion scoring at least ${percent}%.`, 'bulk-count'),
      steps,
      ...(ambiguous.length > 0 ? [element('h4', `Held back (${ambiguous.length})`), held] : []),
      confirm,
      button('Cancel', 'bulk-cancel', () => out.replaceChildren()),
    );
  } catch (error) {
    showProblem(error);
  }
}

async function apply(accept: readonly Suggestion[]): Promise<void> {
  const out = byId('bulk-preview');
  let accepted = 0;
  const failed: string[] = [];
  for (const s of accept) {
    try {
      await api('POST', '/api/links/accept', { integrationId: s.integrationId, clientId: s.clientId, tenantId: s.tenantId });
      accepted++;
    } catch (error) {
      failed.push(`${s.clientName}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const problems = element('ul', undefined, 'bulk-failed');
  problems.append(...failed.map((text) => element('li', text)));
  out.replaceChildren(element('p', `${accepted} accepted, ${failed.length} failed.`, 'bulk-summary'), problems);
  await loadSuggestions(false);
}

/** Wires the bulk accept form. */
export function startBulkAccept(): void {
  byId('bulk-accept').addEventListener('submit', (event) => {
    event.preventDefault();
    void preview();
  });
}
