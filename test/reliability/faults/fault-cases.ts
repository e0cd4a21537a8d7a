/**
 * The fault matrix: every transport and RMM-specific fault the simulators can inject, per
 * plugin, with what it takes to arm it and to clear it. A case either must be recovered from
 * (the sync completes with the baseline's data) or must end in a coded, hinted error; in both
 * cases nothing stored earlier may be lost or marked gone, and the next sync must be clean.
 * Pairs that cannot happen (a TOTP prompt on N-central) are listed as n/a with the reason.
 */
import { EXPIRED_PASSWORD_HINT } from '@rmm-hub/plugin-ncentral';

import { atNthRequest } from '../support/sim-hooks.js';
import { CWA, NC, type RmmName, type World, type WorldOptions } from '../support/world.js';

/** What the fault sync must end in. */
export type Expectation = { kind: 'recovers' } | { kind: 'error'; code: string; hint?: RegExp };

/** One row of the matrix. */
export interface FaultCase {
  id: string;
  /** The fault, as the issue names it. */
  fault: string;
  /** The variant (burst, persistent, mid-pagination…). */
  variant: string;
  /** Why the pair does not apply, per RMM; absent when it does. */
  notApplicable?: Partial<Record<RmmName, string>>;
  /** World settings the case needs (e.g. a short call timeout). */
  world?: (rmm: RmmName) => WorldOptions;
  /** Arms the fault before the fault sync; may return a cleanup. */
  inject: (world: World, rmm: RmmName) => (() => void) | void;
  /** Clears an RMM-side switch (faults are cleared for every case anyway). */
  clear?: (world: World, rmm: RmmName) => void;
  expect: Record<RmmName, Expectation>;
  /**
   * Where the first sync after the fault runs. After refused credentials the token manager
   * deliberately stays silent for a cool-down (5 min, doubling) so an account lock-out policy
   * is never tripped; the next `rmm-hub sync` process starts without it. Such cases check that
   * the cool-down held (same runtime: same error, no login attempt) and recover in a new runtime.
   */
  recoverIn?: 'fresh-runtime';
}

/** The list endpoint of agents, per RMM (route pattern or path prefix for the FaultInjector). */
const AGENT_PAGES: Record<RmmName, string> = { [NC]: '/api/org-units/:orgUnitId/devices', [CWA]: '/cwa/api/v1/computers' };
/** Path prefix of agent list requests, for request hooks. */
const AGENT_PREFIX: Record<RmmName, string> = { [NC]: '/api/org-units/', [CWA]: '/cwa/api/v1/computers' };
const faultsOf = (world: World, rmm: RmmName) => (rmm === NC ? world.ncentral.faults : world.automate.faults);
const both = (e: Expectation): Record<RmmName, Expectation> => ({ [NC]: e, [CWA]: e });
const recovers: Expectation = { kind: 'recovers' };

export const FAULT_CASES: readonly FaultCase[] = [
  {
    id: '429-retry-after',
    fault: '429 burst',
    variant: 'with Retry-After: 1',
    inject: (w, rmm) => void faultsOf(w, rmm).add({ kind: 'rate-limit', retryAfterSeconds: 1, route: AGENT_PAGES[rmm], afterRequests: 1, times: 2 }),
    expect: both(recovers),
  },
  {
    id: '429-no-retry-after',
    fault: '429 burst',
    variant: 'without Retry-After (3 in a row)',
    inject: (w, rmm) => void faultsOf(w, rmm).add({ kind: 'rate-limit', route: AGENT_PAGES[rmm], afterRequests: 1, times: 3 }),
    expect: both(recovers),
  },
  {
    id: '429-endless',
    fault: '429 burst',
    variant: 'endless (outlasts every retry)',
    inject: (w, rmm) => void faultsOf(w, rmm).add({ kind: 'rate-limit', route: AGENT_PAGES[rmm], afterRequests: 1 }),
    expect: both({ kind: 'error', code: 'RMM_ERR_RATE_LIMITED' }),
  },
  {
    id: '5xx-burst',
    fault: '5xx',
    variant: '500, 502, 503 bursts',
    inject: (w, rmm) => {
      const f = faultsOf(w, rmm);
      f.add({ kind: 'server-error', status: 500, route: AGENT_PAGES[rmm], afterRequests: 1, times: 2 });
      f.add({ kind: 'server-error', status: 502, route: AGENT_PAGES[rmm], afterRequests: 2, times: 1 });
      f.add({ kind: 'server-error', status: 503, method: 'GET', afterRequests: 4, times: 1 });
    },
    expect: both(recovers),
  },
  {
    id: '5xx-persistent',
    fault: '5xx',
    variant: 'persistent 500 on the agent pages',
    inject: (w, rmm) => void faultsOf(w, rmm).add({ kind: 'server-error', status: 500, route: AGENT_PAGES[rmm], afterRequests: 1 }),
    expect: both({ kind: 'error', code: 'RMM_ERR_TRANSIENT' }),
  },
  {
    id: 'connection-reset',
    fault: 'connection reset',
    variant: 'resets on list and other requests',
    inject: (w, rmm) => {
      const f = faultsOf(w, rmm);
      f.add({ kind: 'connection-reset', route: AGENT_PAGES[rmm], afterRequests: 1, times: 2 });
      f.add({ kind: 'connection-reset', afterRequests: 6, times: 1 });
    },
    expect: both(recovers),
  },
  {
    id: 'slow-within',
    fault: 'slow responses',
    variant: '400 ms extra on every agent page (within the timeout)',
    world: () => ({ callTimeoutSeconds: 2 }),
    inject: (w, rmm) => void faultsOf(w, rmm).add({ kind: 'slow', delayMs: 400, route: AGENT_PAGES[rmm], times: 6 }),
    expect: both(recovers),
  },
  {
    id: 'slow-past-timeout',
    fault: 'slow responses',
    variant: 'past the 1 s call timeout',
    world: () => ({ callTimeoutSeconds: 1 }),
    inject: (w, rmm) => void faultsOf(w, rmm).add({ kind: 'slow', delayMs: 2500, route: AGENT_PAGES[rmm], afterRequests: 1, times: 1 }),
    expect: both({ kind: 'error', code: 'RMM_ERR_TIMEOUT', hint: /callTimeoutSeconds/ }),
  },
  {
    id: 'truncated-burst',
    fault: 'truncated JSON',
    variant: 'two cut-off pages',
    inject: (w, rmm) => void faultsOf(w, rmm).add({ kind: 'truncated-json', route: AGENT_PAGES[rmm], afterRequests: 1, times: 2 }),
    expect: both(recovers),
  },
  {
    id: 'truncated-persistent',
    fault: 'truncated JSON',
    variant: 'every agent page cut off',
    inject: (w, rmm) => void faultsOf(w, rmm).add({ kind: 'truncated-json', route: AGENT_PAGES[rmm], afterRequests: 1 }),
    expect: both({ kind: 'error', code: 'RMM_ERR_PROTOCOL' }),
  },
  {
    id: 'token-expiry',
    fault: 'token expiry',
    variant: 'mid-pagination (3rd agent page)',
    inject: (w, rmm) =>
      atNthRequest(faultsOf(w, rmm), AGENT_PREFIX[rmm], 3, () => (rmm === NC ? w.ncentral.control.expireAllTokens() : w.automate.control.expireTokens())),
    expect: both(recovers),
  },
  {
    id: 'restart',
    fault: 'server restart',
    variant: 'drops every token mid-pagination',
    inject: (w, rmm) => atNthRequest(faultsOf(w, rmm), AGENT_PREFIX[rmm], 3, () => (rmm === NC ? w.ncentral.control.restart() : w.automate.control.restart())),
    expect: both(recovers),
  },
  {
    id: 'expired-password',
    fault: 'N-central expired password',
    variant: 'expires mid-pagination',
    notApplicable: { [CWA]: 'N-central only (its "Unable to validate UI session" symptom)' },
    inject: (w) => atNthRequest(w.ncentral.faults, AGENT_PREFIX[NC], 2, () => w.ncentral.control.setPasswordExpired(true)),
    clear: (w) => w.ncentral.control.setPasswordExpired(false),
    expect: both({ kind: 'error', code: 'RMM_ERR_AUTH', hint: new RegExp(escape(EXPIRED_PASSWORD_HINT.slice(0, 30))) }),
  },
  {
    id: 'eula',
    fault: 'EULA not accepted',
    variant: 'devices vanish, customers stay',
    notApplicable: { [CWA]: 'N-central only (Automate has no EULA gate on the API)' },
    inject: (w) => w.ncentral.control.setEulaAccepted(false),
    clear: (w) => w.ncentral.control.setEulaAccepted(true),
    expect: both({ kind: 'error', code: 'RMM_ERR_', hint: /EULA/ }),
  },
  {
    id: 'totp-rejected',
    fault: 'Automate TOTP rejected',
    variant: 'both codes of a re-login refused',
    notApplicable: { [NC]: 'Automate only (N-central authenticates with a JWT, no TOTP)' },
    world: () => ({ automateMfa: 'totp' }),
    // The access token must go, or no login (and no TOTP) happens at all.
    inject: (w) => {
      w.automate.control.restart();
      w.automate.control.rejectTotp(2);
    },
    // A failed HealthCheck does not stop a sync: the listing then fails with the refused login's
    // RMM_ERR_AUTH, or the HealthCheck call itself with RMM_ERR_UNHEALTHY; either carries the hint.
    expect: both({ kind: 'error', code: 'RMM_ERR_(AUTH|UNHEALTHY)', hint: /manual entry code/ }),
    recoverIn: 'fresh-runtime',
  },
  {
    id: 'error-in-200-burst',
    fault: 'error inside a 200',
    variant: 'two pages',
    inject: (w, rmm) =>
      rmm === NC ? w.ncentral.control.errorInside200({ times: 2, pathPrefix: '/api/org-units' }) : w.automate.control.errorInside200({ route: '/cwa/api/v1/computers', times: 2 }),
    expect: both(recovers),
  },
  {
    id: 'error-in-200-persistent',
    fault: 'error inside a 200',
    variant: 'every agent page (200 times in a row)',
    // Armed when the listing starts, so the HealthCheck's own probe of the same route passes.
    inject: (w, rmm) =>
      rmm === NC
        ? atNthRequest(w.ncentral.faults, AGENT_PREFIX[NC], 1, () => w.ncentral.control.errorInside200({ times: 200, pathPrefix: '/api/org-units' }))
        : atNthRequest(w.automate.faults, AGENT_PREFIX[CWA], 2, () => w.automate.control.errorInside200({ route: '/cwa/api/v1/computers', times: 200 })),
    expect: both({ kind: 'error', code: 'RMM_ERR_PROTOCOL' }),
  },
];

/**
 * Uses up what is left of an "error inside a 200" rule (the simulators have no switch to
 * remove one) by asking the server directly until it answers with data again.
 */
export async function drainBodyErrors(world: World, rmm: RmmName): Promise<number> {
  let drained = 0;
  if (rmm === NC) {
    const auth = (await (await fetch(`${world.ncentral.url}/api/auth/authenticate`, { method: 'POST', headers: { authorization: `Bearer ${world.ncentral.jwt}` } })).json()) as {
      tokens: { access: { token: string } };
    };
    const headers = { authorization: `Bearer ${auth.tokens.access.token}` };
    const customer = world.fleet.ncentral.customers[0]?.customerId ?? 1;
    for (; drained < 1000; drained++) {
      const body = (await (await fetch(`${world.ncentral.url}/api/org-units/${customer}/devices?pageNumber=1&pageSize=1`, { headers })).json()) as Record<string, unknown>;
      if (!('error message' in body)) break;
    }
  } else {
    const common = { 'content-type': 'application/json', clientid: world.automate.clientId };
    const login = (await (
      await fetch(`${world.automate.url}/cwa/api/v1/apitoken`, { method: 'POST', headers: common, body: JSON.stringify({ Username: world.automate.username, Password: world.automate.password }) })
    ).json()) as { AccessToken: string };
    const headers = { clientid: world.automate.clientId, authorization: `Bearer ${login.AccessToken}` };
    for (; drained < 1000; drained++) {
      const body: unknown = await (await fetch(`${world.automate.url}/cwa/api/v1/computers?pageSize=1`, { headers })).json();
      if (Array.isArray(body)) break;
    }
  }
  return drained;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
