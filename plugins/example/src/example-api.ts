/**
 * The plugin's one HTTP client (core HTTP toolkit): base URL, retries, per-endpoint limits,
 * catalogue errors and secret scrubbing come with it. Authentication is an API key exchanged for
 * a bearer token, which the token manager caches, renews before expiry and registers as secret.
 */
import { createHttpClient, createTokenManager, type HttpClient, type PluginContext } from '@rmm-hub/core/plugin';

import type { ExampleConfig } from './config.js';

/** One page of a list endpoint. */
export interface ExamplePage<T> {
  data: T[];
  page: number;
  limit: number;
  total: number;
}

/** What to tell a person whose API key was refused. */
export const API_KEY_HINT = 'The Example RMM refused the API key: create a new key under Settings → API keys and update the secret the config refers to.';

/** Creates the integration's client; it is closed when the integration is disposed. */
export function createExampleApi(ctx: PluginContext<ExampleConfig>): HttpClient {
  const { config } = ctx;
  const tokens = createTokenManager({
    name: 'example',
    redactor: ctx.redactor,
    logger: ctx.logger,
    rejectedHint: API_KEY_HINT,
    // Short cool-down: the fake server answers instantly, and a person fixing the key wants to retry.
    rejectedCoolDownMs: 30_000,
    acquire: async (http) => {
      const { body } = await http.request<{ accessToken: string; expiresIn: number }>({ method: 'POST', path: '/api/v1/auth/token', json: { apiKey: config.apiKey } });
      return { accessToken: body.accessToken, expiresAt: Date.now() + body.expiresIn * 1000 };
    },
  });
  const http = createHttpClient({
    name: 'example',
    baseUrl: config.serverUrl,
    baseUrlConfigPath: 'serverUrl',
    redactor: ctx.redactor,
    logger: ctx.logger,
    tokens,
    concurrency: { default: 4 },
  });
  ctx.onDispose(() => http.close());
  return http;
}
