/** What the routes work with: the hub (the front door), the API tokens and the browser sessions. */
import type { RmmHub } from '@rmm-hub/hub';

import type { ApiTokens } from './api-tokens.js';
import type { Principal } from './route.js';
import type { Sessions } from './sessions.js';

export interface ApiDeps {
  hub: RmmHub;
  tokens: ApiTokens;
  sessions: Sessions;
}

/** Who decides, for the facade's audit records: the token's name, and the reason given. */
export function deciderOf(principal: Principal | undefined, reason: string | undefined): { actor: string; reason?: string } {
  if (principal === undefined) throw new Error('A deciding route must not be public.');
  return { actor: principal.name, ...(reason === undefined ? {} : { reason }) };
}
