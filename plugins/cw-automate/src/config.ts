/**
 * The configuration of one ConnectWise Automate integration. Secrets (the password and the
 * TOTP secret) are marked with `secret()`: the host takes them only as `env:`/`file:`
 * references and scrubs them from every log line.
 */
import { AgentUrlTemplate, secret, ServerTimeZone } from '@rmm-hub/core/plugin';
import { z } from 'zod';

const GUID = /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i;

/**
 * The Google Authenticator "manual entry code" Automate e-mails at enrolment: Base32, which
 * people paste with spaces, dashes or in lower case. ImmyBot requires ≥ 7 characters.
 */
const TotpSecret = z
  .string()
  .transform((text) => text.replace(/[\s=-]/g, '').toUpperCase())
  .pipe(
    z
      .string()
      .min(7, 'the manual entry code is too short (at least 7 characters)')
      .regex(/^[A-Z2-7]+$/, 'the manual entry code must be Base32 (letters A–Z and digits 2–7), as the Google Authenticator plugin shows it'),
  );

/** How the API user passes Automate's second factor. */
export const MfaConfig = z.discriminatedUnion('mode', [
  z.object({
    /** The user is enrolled in Automate's Google Authenticator plugin; the plugin computes each code. */
    mode: z.literal('totp'),
    secret: secret(TotpSecret),
  }),
  z.object({
    /** An Automate user with the "Integrator" box ticked: username and password only, no MFA. */
    mode: z.literal('integrator'),
  }),
  z
    .object({ mode: z.literal('duo') })
    .refine(() => false, {
      message:
        'Duo is not supported: Duo has no TOTP secret an unattended integration could use. Exclude the API user from Duo and enrol it in the Google Authenticator plugin for Automate (mode "totp" with its manual entry code), or use an Integrator user (mode "integrator").',
    }),
]);
export type MfaConfig = z.infer<typeof MfaConfig>;

export const AutomateConfig = z.object({
  /** The Automate server, e.g. `https://acme.hostedrmm.com` (a bare host means https; `/cwa/...` suffixes are dropped). */
  serverUrl: z.string().trim().min(1, 'the Automate server URL is required'),
  /** The integration's ConnectWise ClientId (a GUID from developer.connectwise.com), sent on every call. */
  clientId: z
    .string({ error: 'the ClientId is required: register the integration at developer.connectwise.com and paste its ClientId (a GUID)' })
    .trim()
    .regex(GUID, 'the ClientId must be the GUID ConnectWise issued for this integration (developer.connectwise.com)')
    .transform((id) => id.replace(/[{}]/g, '').toLowerCase()),
  username: z.string().trim().min(1, 'the Automate API username is required'),
  password: secret(z.string().min(1, 'the password is required')),
  mfa: MfaConfig,
  /** Extra CA certificate (PEM) for on-prem servers with an internal certificate. */
  caCertificate: z.string().optional(),
  /**
   * The IANA zone of the times Automate writes without one (RemoteAgentLastContact, token
   * expiry): the server's own zone is not published. The health check warns when it looks
   * wrong. @default 'UTC'
   */
  serverTimeZone: ServerTimeZone,
  /** Rows per list page (1000 is what most clients use; the server may clamp). @default 1000 */
  pageSize: z.number().int().min(1).max(5000).default(1000),
  /** Requests in flight to the server at once. @default 4 */
  concurrency: z.number().int().min(1).max(32).default(4),
  /** How often RunScript polls a command's status. @default 2000 */
  scriptPollIntervalMs: z.number().int().min(50).max(60_000).default(2000),
  /**
   * The agent's page in the Automate web console (AgentUrl): a path on the server or a full
   * URL, `{agentId}` replaced by the ComputerID. The web client's page paths are not part of the
   * published API; set this when your console's differ. @default '/automate/computer/{agentId}'
   */
  agentUrl: AgentUrlTemplate.default('/automate/computer/{agentId}'),
  /** The destructive capabilities are off until turned on here (and the user class allows them). */
  features: z
    .object({
      /** DeleteAgent: retire duplicate computers (needs Computers.Delete). */
      deleteAgent: z.boolean().default(false),
      /** MoveAgent: move computers to another location (needs Computers.Edit). */
      moveAgent: z.boolean().default(false),
    })
    .prefault({}),
});
export type AutomateConfig = z.infer<typeof AutomateConfig>;
export type AutomateConfigInput = z.input<typeof AutomateConfig>;

/**
 * The REST base of a configured server: scheme added when missing (https — never guess http),
 * trailing slashes and any `/cwa`, `/cwa/api` or `/cwa/api/v1` suffix dropped, then `/cwa/api/v1`.
 */
export function apiBaseUrl(serverUrl: string): string {
  let text = serverUrl.trim();
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) text = `https://${text.replace(/^\/+/, '')}`;
  text = text.replace(/\/+$/, '').replace(/\/cwa(?:\/api(?:\/v\d+)?)?$/i, '');
  return `${text}/cwa/api/v1`;
}
