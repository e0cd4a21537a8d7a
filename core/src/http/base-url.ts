/**
 * Base URLs and request URLs. Administrators type server addresses by hand, so the base URL is
 * forgiving about slashes and strict about everything that would silently send requests (and
 * credentials) somewhere unexpected: a missing scheme, plain `http:` to anything but this machine
 * (the JWT, password and TOTP code would travel in clear), credentials embedded in the URL, a
 * query or a fragment.
 *
 * Request paths are URL *templates* (`/api/devices/{deviceId}`): the template, not the expanded
 * path, is what errors, limits and metrics see, so ids and secret values never reach them.
 */
import { isIP } from 'node:net';

import { ConfigError } from '../errors/index.js';

/** Query values the client accepts; `undefined` drops the parameter, arrays repeat it. */
export type QueryValue = string | number | boolean | undefined | null | readonly (string | number | boolean)[];

/** Path parameters that fill `{name}` placeholders in a URL template. */
export type PathParams = Readonly<Record<string, string | number>>;

/**
 * Normalises a configured base URL: trims it, fixes trailing and doubled slashes in the path,
 * lower-cases the scheme and host. The result never ends with a slash.
 *
 * @param input  what the administrator configured
 * @param configPath  where it was configured, for the error (e.g. `integrations[0].config.serverUrl`)
 * @throws ConfigError when the scheme is missing or not http(s), the scheme is `http:` for a host
 *   that is not a loopback address, or the URL carries credentials, a query or a fragment.
 * @example normaliseBaseUrl('https://nc.example.com//api/') // 'https://nc.example.com/api'
 */
export function normaliseBaseUrl(input: string, configPath = 'baseUrl'): string {
  const text = input.trim();
  if (text === '') throw new ConfigError(configPath, 'the server URL is empty', { hint: 'Set it to the server address, e.g. https://rmm.example.com' });
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  if (!scheme) {
    // Never guess the scheme: guessing http would send credentials in clear text.
    const host = text.replace(/^\/+/, '').split('/')[0] ?? text;
    throw new ConfigError(configPath, `"${shorten(text)}" has no scheme`, {
      hint: `Write the full address including the scheme, e.g. https://${shorten(host)}`,
    });
  }
  const protocol = scheme[1]?.toLowerCase();
  if (protocol !== 'https' && protocol !== 'http') {
    throw new ConfigError(configPath, `the scheme "${protocol ?? ''}" is not supported`, { hint: 'Use an https:// address.' });
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(configPath, `"${shorten(text)}" is not a valid URL`, { hint: 'Write it as https://host[:port][/path].' });
  }
  if (url.username || url.password) {
    // The message must not echo the URL: it holds a password.
    throw new ConfigError(configPath, 'the server URL contains credentials', {
      hint: 'Remove user:password@ from the URL and configure the credentials in their own (secret) fields.',
    });
  }
  if (url.search || url.hash) {
    throw new ConfigError(configPath, 'the server URL must not contain a query or fragment', { hint: 'Keep only https://host[:port][/path].' });
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    // Refused, never upgraded: a silent switch to https would hide a wrong address from the administrator.
    throw new ConfigError(configPath, `plain http:// to ${url.hostname} would send the credentials unencrypted`, {
      hint: `Use https://${url.host}${collapseSlashes(url.pathname).replace(/\/+$/, '')}; plain http:// is accepted only for this machine (localhost, 127.0.0.1, ::1).`,
    });
  }
  const path = collapseSlashes(url.pathname).replace(/\/+$/, '');
  return `${url.protocol}//${url.host}${path}`;
}

/**
 * Fills `{name}` placeholders in a URL template, encoding each value as one path segment.
 * @throws TypeError when a placeholder has no value: that is a plugin bug, not a user error.
 */
export function expandTemplate(template: string, params: PathParams | undefined): string {
  if (!template.includes('{')) return template;
  return template.replace(/\{([^{}]+)\}/g, (_match, name: string) => {
    const value = params?.[name];
    if (value === undefined) throw new TypeError(`URL template "${template}" needs a value for {${name}}`);
    return encodeURIComponent(String(value));
  });
}

/** Appends a query string; `undefined`/`null` values are dropped, arrays repeat the key. */
export function appendQuery(url: string, query: Readonly<Record<string, QueryValue>> | undefined): string {
  if (!query) return url;
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const item of value as readonly unknown[]) search.append(key, String(item));
    else search.append(key, String(value));
  }
  const text = search.toString();
  if (text === '') return url;
  return `${url}${url.includes('?') ? '&' : '?'}${text}`;
}

/**
 * Joins a normalised base URL and an expanded path, fixing the slash between them and any
 * doubled slashes inside the path (some servers 404 on `//`).
 */
export function joinUrl(baseUrl: string, path: string): string {
  if (path === '' || path === '/') return `${baseUrl}/`;
  const clean = collapseSlashes(path.startsWith('/') ? path : `/${path}`);
  return baseUrl + clean;
}

/**
 * True for a URL host name (as `URL#hostname` gives it) that can only reach this machine:
 * `localhost` and `*.localhost` (resolvers must keep them on loopback), 127.0.0.0/8, and ::1
 * or 127.x mapped into IPv6 (which URL writes as `::ffff:7fxx:xxxx`).
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return isIP(host) === 6 && (host === '::1' || /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(host));
}

function collapseSlashes(path: string): string {
  return path.replace(/\/{2,}/g, '/');
}

function shorten(text: string): string {
  // A value with `@` may carry user:password; never echo it.
  if (text.includes('@')) return '(the configured value)';
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
