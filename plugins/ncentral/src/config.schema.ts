/**
 * The configuration of one N-central integration. Only three values are required — the server,
 * the API user's JWT and the Repository ID of the RunScript automation policy — everything
 * else has a default that follows N-able's guidance (reference §9: a few requests in flight
 * per endpoint, fewer for assets; back off 2 s, 5 s, 10 s on 429).
 */
import { AgentUrlTemplate, secret, ServerTimeZone } from '@rmm-hub/core/plugin';
import { z } from 'zod';

/** Concurrency caps the plugin applies unless the config overrides them (keys: `METHOD /template`). */
export const DEFAULT_ENDPOINT_CAPS: Readonly<Record<string, number>> = {
  'GET /api/devices': 5,
  'GET /api/org-units/{orgUnitId}/devices': 5,
  'GET /api/devices/{deviceId}': 5,
  'GET /api/devices/{deviceId}/assets': 3,
  'POST /api/scheduled-tasks/direct': 3,
};

/**
 * The server's root: the plugin adds `/api/...` to it, so a URL pasted from the API docs
 * (`…/api`) or the web console (`…/dms2/…`) would otherwise yield 404s on every call.
 */
export function serverRoot(url: string): string {
  return url.replace(/\/(?:api|dms\d*)(?:[/?#].*)?$/i, '').replace(/\/+$/, '');
}

const positiveInt = z.number().int().positive();
const orgId = z.union([z.string().regex(/^\d+$/, 'must be a numeric id'), z.number().int().positive()]).transform((v) => String(v).trim());
const expiryOverride = z.string().regex(/^\d+[smh]$/, 'use <n>s, <n>m or <n>h, e.g. 30m');

export const NcentralConfig = z.object({
  /** The N-central server, e.g. `https://ncentral.example.com` (the API lives under `/api`; a pasted `/api…` or `/dms…` path is dropped). */
  serverUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL, e.g. https://ncentral.example.com' }).transform(serverRoot),
  /** The API user's "User-API Token" (a long-lived JWT). */
  jwt: secret(z.string().trim().min(20, 'does not look like an N-central User-API token (JWT)')),
  /** Repository ID of the generic RunScript automation policy, with "Enable API" on. */
  runScriptRepositoryId: z.coerce.number().int().positive(),
  /** Service orgs to read (default: everything the API user can see). */
  serviceOrgIds: z.array(orgId).min(1).optional(),
  /** Items per list page (N-central accepts 1–1000). @default 500 */
  pageSize: z.number().int().min(1).max(1000).default(500),
  /**
   * Where device identity comes from. Unset (the default): the listing leaves it out and the
   * host reads a device's assets through GetComputerIdentity only when the device is new, changed
   * or due for refresh. `true`: every listing reads every device's assets (one request per
   * device per sync). `false`: never from assets (devices are listed with no identity; identity
   * scripts can fill it in).
   */
  fetchAssets: z.boolean().optional().describe("Unset: a device's assets are read only when it is new, changed or due for refresh; true: every listing reads every device's assets; false: never"),
  /** In-flight request caps: `default` and per endpoint (`METHOD /template` → cap). */
  concurrency: z
    .object({
      default: positiveInt.max(50).default(5),
      endpoints: z.record(z.string().regex(/^[A-Z]+ \/\S*$/, 'keys look like "GET /api/devices/{deviceId}/assets"'), positiveInt.max(50)).default({}),
    })
    .prefault({}),
  /** Delays before retrying a throttled or failed idempotent request, ms. @default [2000, 5000, 10000, 20000] */
  retryDelaysMs: z.array(z.number().int().min(0).max(300_000)).min(1).max(10).default([2000, 5000, 10_000, 20_000]),
  /** Extra CA certificate (PEM) for an on-prem server with an internal certificate. */
  caCertificate: z.string().optional(),
  /** Shortens the access-token lifetime (`X-ACCESS-EXPIRY-OVERRIDE`), e.g. `30m`. */
  accessTokenLifetime: expiryOverride.optional(),
  /**
   * The IANA zone of the times N-central writes without one (last check-in, install and
   * transition times): N-central does not say. The health check warns when it looks wrong. @default 'UTC'
   */
  serverTimeZone: ServerTimeZone,
  /** A device is online when it checked in within this many minutes. @default 30 */
  onlineWithinMinutes: z.number().int().positive().max(10_080).default(30),
  /** How RunScript drives the automation policy. */
  runScript: z
    .object({
      /** The policy's input parameter that receives the script text. @default 'Script' */
      scriptParameter: z.string().min(1).default('Script'),
      /** The policy's input parameter that receives the language. @default 'Language' */
      languageParameter: z.string().min(1).default('Language'),
      /** Task names are `<prefix>-<time>-<random>`; N-central requires them unique. @default 'rmm-hub' */
      taskNamePrefix: z.string().regex(/^[\w.-]{1,40}$/).default('rmm-hub'),
      /** Interval between status polls, ms. @default 5000 */
      pollIntervalMs: z.number().int().min(1).max(600_000).default(5000),
    })
    .prefault({}),
  /**
   * The device's page in the N-central web console (AgentUrl): a path on the server or a full
   * URL, `{agentId}` replaced by the deviceId. Console page paths are not part of the published
   * API; set this when your server's differ. @default '/deviceDetails.jsp?deviceID={agentId}'
   */
  agentUrl: AgentUrlTemplate.default('/deviceDetails.jsp?deviceID={agentId}'),
  /** Optional actions that change N-central, each off until turned on. */
  features: z
    .object({
      /** DeleteAgent: delete duplicate devices (`DELETE /api/devices/{id}`, N-central 2026.1 or later). */
      deleteAgent: z.boolean().default(false),
    })
    .prefault({}),
});
export type NcentralConfig = z.infer<typeof NcentralConfig>;
export type NcentralConfigInput = z.input<typeof NcentralConfig>;
