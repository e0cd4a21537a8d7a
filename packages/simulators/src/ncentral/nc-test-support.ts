/**
 * Tiny fetch helpers for contract tests of the simulated N-central server (no vitest import,
 * so it may ship): authenticate once, then call with the access token.
 */

/**
 * Raw JSON as contract tests poke at it: any shape, checked by the assertions themselves.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw server JSON of any shape; the tests assert it
export type LooseJson = any;

/** A raw response: status, headers and the body parsed as JSON when possible. */
export interface RawResponse<T = LooseJson> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** Sends one request and reads the whole body. */
export async function ncFetch<T = LooseJson>(url: string, init: RequestInit = {}): Promise<RawResponse<T>> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, body: body as T, text };
}

/** Exchanges the JWT for tokens and returns a GET/POST/DELETE helper carrying the access token. */
export async function ncSession(baseUrl: string, jwt: string): Promise<{
  access: string;
  refresh: string;
  get<T = LooseJson>(path: string): Promise<RawResponse<T>>;
  post<T = LooseJson>(path: string, json: unknown): Promise<RawResponse<T>>;
  del<T = LooseJson>(path: string): Promise<RawResponse<T>>;
}> {
  const auth = await ncFetch(`${baseUrl}/api/auth/authenticate`, { method: 'POST', headers: { Authorization: `Bearer ${jwt}` } });
  if (auth.status !== 200) throw new Error(`authenticate answered ${auth.status}: ${auth.text}`);
  const access = auth.body.tokens.access.token as string;
  const refresh = auth.body.tokens.refresh.token as string;
  const headers = { Authorization: `Bearer ${access}` };
  return {
    access,
    refresh,
    get: (path) => ncFetch(`${baseUrl}${path}`, { headers }),
    post: (path, json) => ncFetch(`${baseUrl}${path}`, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(json) }),
    del: (path) => ncFetch(`${baseUrl}${path}`, { method: 'DELETE', headers }),
  };
}
