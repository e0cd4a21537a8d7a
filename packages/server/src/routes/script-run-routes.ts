/**
 * Script runs as they happen: their start and finish as server-sent events, which the console's
 * runner follows while `POST /api/computers/{computerId}/scripts` (admins only, audited) answers.
 */
import type { HubEventName } from '@rmm-hub/hub';
import { z } from 'zod';

import type { ApiDeps } from '../api-deps.js';
import { eventStreamRoute, type OpenStreams } from '../event-stream.js';
import type { Route } from '../route.js';

const STREAMED = ['script:started', 'script:finished'] as const satisfies readonly HubEventName[];

export const ScriptEvent = z
  .looseObject({ event: z.enum(STREAMED), runId: z.string(), integrationId: z.string(), agentId: z.string(), computerId: z.string().optional(), status: z.string().optional() })
  .describe('Each event is `event: <name>` with `data:` this object as JSON');

export function scriptRunRoutes({ hub }: ApiDeps, streams: OpenStreams): Route[] {
  return [
    eventStreamRoute(hub, streams, { path: '/api/script-runs/events', operationId: 'streamScriptEvents', tag: 'agents', summary: 'Script runs starting and finishing', events: STREAMED, response: ScriptEvent }),
  ];
}
