/**
 * Integrations with their health (and a check run on request), and sync: start one (it runs on in the server; the answer does
 * not wait for it), the recent runs, and progress as server-sent events.
 */
import { HealthReport } from '@rmm-hub/core';
import type { HubEventName } from '@rmm-hub/hub';
import { z } from 'zod';

import type { ApiDeps } from '../api-deps.js';
import { eventStreamRoute, type OpenStreams } from '../event-stream.js';
import { defineRoute, type Route } from '../route.js';
import { Integration, SyncEvent, SyncRun } from '../schemas.js';

const STREAMED = ['sync:started', 'sync:progress', 'sync:finished', 'sync:failed'] as const satisfies readonly HubEventName[];

export function syncRoutes({ hub }: ApiDeps, streams: OpenStreams, onSyncError: (error: unknown) => void): Route[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/api/integrations',
      access: 'viewer',
      operationId: 'listIntegrations',
      tag: 'integrations',
      summary: 'Every configured integration: ready, refused (with why) or disabled, its capabilities, last health report and last sync',
      response: z.object({ items: z.array(Integration) }),
      handler: async () => {
        const items = [];
        for (const info of await hub.integrations()) {
          const stored = await hub.store.integrations.get(info.id);
          items.push({ ...info, ...(stored?.lastHealth ? { lastHealth: stored.lastHealth } : {}), ...(stored?.lastSyncAt ? { lastSyncAt: stored.lastSyncAt } : {}) });
        }
        return { items };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/integrations/{integrationId}/health-check',
      access: 'operator',
      operationId: 'checkHealth',
      tag: 'integrations',
      summary: "Run the integration's health check now; the report is kept as its last health",
      params: z.object({ integrationId: z.string().min(1) }),
      response: HealthReport,
      handler: async ({ params }) => hub.call(params.integrationId, 'HealthCheck'),
    }),
    defineRoute({
      method: 'POST',
      path: '/api/sync-runs',
      access: 'operator',
      operationId: 'startSync',
      tag: 'sync',
      status: 202,
      summary: 'Start a sync of every ready integration (or those named); follow it on /api/sync-runs/events. A sync already under way is joined, not run twice',
      body: z.object({ integrationIds: z.array(z.string()).optional() }),
      response: z.object({ started: z.literal(true) }),
      handler: async ({ body }) => {
        hub.sync({ integrationIds: body.integrationIds }).catch(onSyncError);
        return { started: true as const };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/sync-runs',
      access: 'viewer',
      operationId: 'listSyncRuns',
      tag: 'sync',
      summary: 'The most recent sync runs, newest first',
      query: z.object({ integrationId: z.string().optional(), limit: z.string().regex(/^\d+$/).optional().transform((v) => Math.min(Number(v ?? 20), 200)) }),
      response: z.object({ items: z.array(SyncRun) }),
      handler: async ({ query }) => ({ items: await hub.store.syncRuns.list({ ...(query.integrationId === undefined ? {} : { integrationId: query.integrationId }), limit: query.limit }) }),
    }),
    eventStreamRoute(hub, streams, { path: '/api/sync-runs/events', operationId: 'streamSyncEvents', tag: 'sync', summary: 'Sync progress', events: STREAMED, response: SyncEvent }),
  ];
}
