/**
 * What a plugin configures once per integration, and its validation. The option set is closed:
 * an unknown key is a ConfigError, and there is deliberately no key that turns TLS verification
 * off — `rejectUnauthorized`, `insecure` and friends fail both the type check and at run time.
 * On-prem servers with internal certificates are served by adding their CA instead.
 */
import { rootCertificates } from 'node:tls';

import { ConfigError } from '../errors/index.js';
import type { Logger } from '../logging/logger.js';
import type { SecretRedactor } from '../secrets/secret-redactor.js';
import { normaliseBaseUrl } from './base-url.js';
import type { ConcurrencyOptions } from './endpoint-limiter.js';
import type { HttpEvent, HttpResponse, RequestKind } from './http-types.js';
import type { RetryOptions } from './retry-policy.js';
import type { TokenManager } from './token-manager.js';

/** Timeouts per request kind, in ms. */
export type Timeouts = Readonly<Partial<Record<RequestKind, number>>>;

/** Defaults from the field: ~15 s for auth, 30–60 s per call, minutes for long operations. */
export const DEFAULT_TIMEOUTS: Readonly<Record<RequestKind, number>> = { auth: 15_000, list: 60_000, long: 180_000 };

/**
 * The largest response body read by default, decoded: far above any page of devices an RMM
 * serves, far below what would exhaust the process. A hostile or broken server sending more
 * (an endless chunked body) is cut off there.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
export const DEFAULT_IDLE_SOCKET_MS = 4000;

/** Configuration of one HTTP client (one per integration). */
export interface HttpClientOptions {
  /** For errors, logs and events; usually the plugin id. */
  name: string;
  /** The server's address; normalised (slashes), must carry its scheme. */
  baseUrl: string;
  /** Where `baseUrl` came from in the config, for ConfigErrors. @default 'baseUrl' */
  baseUrlConfigPath?: string | undefined;
  /**
   * Extra trusted CA certificate(s), PEM, for servers with internal or self-signed certificates.
   * Added to Node's public roots, not replacing them. Verification itself is always on.
   */
  ca?: string | readonly string[] | undefined;
  /** Scrubs registered secrets (and every token obtained) from errors, logs and events. */
  redactor?: SecretRedactor | undefined;
  /** Further secret values to register with the redactor (e.g. a static API key). */
  secrets?: readonly (string | undefined)[];
  logger?: Logger | undefined;
  /** @default { auth: 15_000, list: 60_000, long: 180_000 } */
  timeouts?: Timeouts | undefined;
  retry?: RetryOptions | undefined;
  concurrency?: ConcurrencyOptions | undefined;
  /**
   * The largest response body this client reads, in bytes after decompression; a longer one is
   * aborted with a ProtocolError. Raise it for a plugin whose API legitimately returns more.
   * @default 33_554_432 (32 MiB)
   */
  maxResponseBytes?: number | undefined;
  /**
   * How long a kept-alive connection may sit idle before the client closes it. It must stay
   * under the server's own keep-alive timeout (the default is under Node's, the shortest common
   * one), or a request can go out on a connection the server is closing that moment and fail
   * with "socket hang up".
   * @default 4000
   */
  idleSocketMs?: number | undefined;
  /** Supplies `Authorization` for every request not marked `auth: false`; a 401 renews once. */
  tokens?: TokenManager | undefined;
  /** Turns a token into headers. @default token => ({ authorization: `Bearer ${token}` }) */
  authHeader?: ((token: string) => Record<string, string>) | undefined;
  /** Sent with every request (e.g. Automate's `ClientId`). */
  headers?: Readonly<Record<string, string>> | undefined;
  /**
   * Finds an error reported inside a 2xx body (N-central's `"error message"`). Return its
   * message to fail the call with a ProtocolError, or undefined when the body is fine.
   */
  detectBodyError?: (body: unknown, response: HttpResponse) => string | undefined;
  /** Receives every event, already scrubbed. Keep it cheap: it runs per request. */
  onEvent?: ((event: HttpEvent) => void) | undefined;
  /** Clock for Retry-After dates (tests). @default Date.now */
  now?: (() => number) | undefined;
}

const KNOWN_KEYS: ReadonlySet<string> = new Set([
  'name',
  'baseUrl',
  'baseUrlConfigPath',
  'ca',
  'redactor',
  'secrets',
  'logger',
  'timeouts',
  'retry',
  'concurrency',
  'maxResponseBytes',
  'idleSocketMs',
  'tokens',
  'authHeader',
  'headers',
  'detectBodyError',
  'onEvent',
  'now',
]);

/** Setting names that exist only to skip certificate checks (lower case). */
const TLS_BYPASS_KEYS: ReadonlySet<string> = new Set([
  'rejectunauthorized',
  'insecure',
  'allowinsecure',
  'skiptlsverify',
  'tlsverify',
  'verifytls',
  'strictssl',
  'ignorecertificates',
  'ignorecertificateerrors',
  'allowselfsigned',
  'node_tls_reject_unauthorized',
]);

/** Keys people reach for to skip certificate checks; they get a pointed answer. */
const INSECURE_KEYS: ReadonlySet<string> = new Set([...TLS_BYPASS_KEYS, 'https', 'agent', 'tls']);

/** The hint every refused TLS bypass carries. */
export const TLS_BYPASS_HINT = "For a server with an internal or self-signed certificate, add its CA certificate (PEM) with the client's `ca` option.";

/**
 * True for a setting name whose only purpose is to turn certificate checks off
 * (`rejectUnauthorized`, `insecure`, `strictSSL`…), in any case. The host refuses these in a
 * plugin's config too, so such a setting is never silently dropped by the plugin's schema.
 */
export function isTlsBypassKey(key: string): boolean {
  return TLS_BYPASS_KEYS.has(key.toLowerCase());
}

/**
 * Checks the option object's keys. TypeScript already rejects unknown keys in object literals;
 * this catches JavaScript callers and objects built at run time (e.g. spread from config).
 */
export function checkOptionKeys(options: object, configPath: string): void {
  for (const key of Object.keys(options)) {
    if (KNOWN_KEYS.has(key)) continue;
    if (INSECURE_KEYS.has(key.toLowerCase())) {
      throw new ConfigError(`${configPath}.${key}`, 'TLS certificate verification cannot be turned off', { hint: TLS_BYPASS_HINT });
    }
    throw new ConfigError(`${configPath}.${key}`, 'unknown HTTP client option', { hint: `Known options: ${[...KNOWN_KEYS].join(', ')}.` });
  }
}

/** Validated timeouts for every kind. */
export function resolveTimeouts(timeouts: Timeouts | undefined, configPath: string): Record<RequestKind, number> {
  const out = { ...DEFAULT_TIMEOUTS };
  for (const [kind, ms] of Object.entries(timeouts ?? {})) {
    if (!(kind in DEFAULT_TIMEOUTS)) throw new ConfigError(`${configPath}.timeouts.${kind}`, 'unknown request kind', { hint: 'Use auth, list or long.' });
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms <= 0) throw new ConfigError(`${configPath}.timeouts.${kind}`, 'must be a positive number of milliseconds');
    out[kind as RequestKind] = ms;
  }
  return out;
}

/** A validated response size limit. */
export function resolveMaxResponseBytes(value: number | undefined, configPath: string): number {
  if (value === undefined) return DEFAULT_MAX_RESPONSE_BYTES;
  if (!Number.isSafeInteger(value) || value <= 0) throw new ConfigError(`${configPath}.maxResponseBytes`, 'must be a positive whole number of bytes');
  return value;
}

/** A validated idle time for kept-alive connections. */
export function resolveIdleSocketMs(value: number | undefined, configPath: string): number {
  if (value === undefined) return DEFAULT_IDLE_SOCKET_MS;
  if (!Number.isSafeInteger(value) || value <= 0) throw new ConfigError(`${configPath}.idleSocketMs`, 'must be a positive whole number of milliseconds');
  return value;
}

/**
 * The trust store for TLS: Node's public roots plus the configured PEM certificates, or
 * undefined when none were added (Node's defaults then apply).
 */
export function resolveCa(ca: string | readonly string[] | undefined, configPath: string): string[] | undefined {
  if (ca === undefined) return undefined;
  const pems = (typeof ca === 'string' ? [ca] : [...ca]).filter((pem) => pem.trim() !== '');
  if (pems.length === 0) return undefined;
  for (const pem of pems) {
    if (typeof pem !== 'string' || !/-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/.test(pem)) {
      throw new ConfigError(`${configPath}.ca`, 'is not a PEM certificate', {
        hint: 'Paste the CA certificate in PEM form, starting with -----BEGIN CERTIFICATE-----.',
      });
    }
  }
  return [...rootCertificates, ...pems];
}

/** Validates the base URL and name; returns the normalised base URL. */
export function resolveBaseUrl(options: HttpClientOptions): string {
  if (typeof options.name !== 'string' || options.name.trim() === '') throw new ConfigError('name', 'the HTTP client needs a name', { hint: 'Use the plugin id.' });
  if (typeof options.baseUrl !== 'string') {
    throw new ConfigError(options.baseUrlConfigPath ?? 'baseUrl', 'the server URL is missing', { hint: 'Set it to the server address, e.g. https://rmm.example.com' });
  }
  return normaliseBaseUrl(options.baseUrl, options.baseUrlConfigPath ?? 'baseUrl');
}
