/**
 * The dashboard: each integration with its state, last health report and how old it is, and
 * its last sync; then the fleet in figures the store counts (computers, identified agents, open
 * conflicts by kind).
 */
import { api, byId, showProblem } from './api.js';
import { ago, element } from './dom.js';

interface Integration {
  id: string;
  displayName: string;
  state: string;
  error?: { code: string; message: string };
  lastHealth?: { status: string; checkedAt: string };
  lastSyncAt?: string;
}
interface Summary {
  computers: number;
  identifiedAgents: number;
  openConflicts: { total: number; byKind: Record<string, number> };
}

export async function loadDashboard(): Promise<void> {
  try {
    const [{ items }, summary] = await Promise.all([api<{ items: Integration[] }>('GET', '/api/integrations'), api<Summary>('GET', '/api/summary')]);
    byId('integrations').replaceChildren(
      ...items.map((i) => {
        const row = element('tr');
        row.dataset['integration'] = i.id;
        const health = i.lastHealth ? `${i.lastHealth.status}, checked ${ago(i.lastHealth.checkedAt)}` : 'never checked';
        row.append(
          element('td', i.displayName),
          element('td', i.error ? `${i.state}: ${i.error.message} (${i.error.code})` : i.state),
          element('td', health, `health-${i.lastHealth?.status ?? 'unknown'}`),
          element('td', i.lastSyncAt ? ago(i.lastSyncAt) : 'never'),
        );
        return row;
      }),
    );
    const kinds = Object.entries(summary.openConflicts.byKind).map(([kind, n]) => `${kind} ${n}`).join(', ');
    const figures: [string, string][] = [
      ['computers', String(summary.computers)],
      ['agents identified', String(summary.identifiedAgents)],
      ['open conflicts', kinds ? `${summary.openConflicts.total} (${kinds})` : String(summary.openConflicts.total)],
    ];
    byId('figures').replaceChildren(...figures.flatMap(([label, value]) => [element('dt', label), element('dd', value)]));
  } catch (error) {
    showProblem(error);
  }
}
