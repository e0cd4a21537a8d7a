/**
 * The dashboard's figures in one request, each counted by the store (never by reading the rows
 * here), so the console's first page costs the same at any fleet size. Integrations, their
 * health and last sync come from `GET /api/integrations`.
 */
import { z } from 'zod';

import type { ApiDeps } from '../api-deps.js';
import { defineRoute, type Route } from '../route.js';

export const FleetSummary = z.object({
  computers: z.number().describe('Computers identified, retired ones included'),
  identifiedAgents: z.number().describe('Agents identified as a computer'),
  openConflicts: z.object({ total: z.number(), byKind: z.record(z.string(), z.number()) }),
});

export function dashboardRoutes({ hub }: ApiDeps): Route[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/api/summary',
      access: 'viewer',
      operationId: 'fleetSummary',
      tag: 'integrations',
      summary: 'The fleet in figures for a dashboard: computers, identified agents and open conflicts by kind, each counted by the store',
      response: FleetSummary,
      handler: async () => {
        const { store } = hub;
        // Not the live agents: telling them from gone ones reads every agent row, which grows with the fleet.
        const [{ computers, links }, byKind] = await Promise.all([store.computers.counts(), store.computers.openConflictCounts()]);
        const total = Object.values(byKind).reduce((sum, n) => sum + n, 0);
        return { computers, identifiedAgents: links, openConflicts: { total, byKind } };
      },
    }),
  ];
}
