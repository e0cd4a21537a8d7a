/**
 * The link review queue: suggested links with their score and evidence, accepted or rejected
 * with a button or the keys j / k (next / previous), a (accept), r (reject). Pages and search go
 * through the API's cursors.
 */
import { api, byId, clearProblem, showProblem } from './api.js';
import { Pager } from './pager.js';

interface Reason {
  kind: string;
  detail: string;
}
export interface Suggestion {
  integrationId: string;
  clientId: string;
  clientName: string;
  tenantId: string;
  tenantName: string;
  score: number;
  reasons: Reason[];
}
let suggestions: Suggestion[] = [];
let selected = 0;
const pager = new Pager<Suggestion>('/api/suggestions', 20);

export async function loadSuggestions(append: boolean): Promise<void> {
  try {
    const page = await pager.read({ search: byId<HTMLInputElement>('search-text').value.trim() }, append);
    suggestions = append ? [...suggestions, ...page] : page;
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
  byId('more').hidden = !pager.more;
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

function onReviewKey(event: KeyboardEvent): void {
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

/** Wires the queue's search and paging. */
export function startReview(): void {
  byId('search').addEventListener('submit', (event) => {
    event.preventDefault();
    void loadSuggestions(false);
  });
  byId('more').addEventListener('click', () => void loadSuggestions(true));
  document.addEventListener('keydown', onReviewKey);
}
