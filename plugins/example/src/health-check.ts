/**
 * HealthCheck: can we authenticate, and does the API answer? Expected failures (a refused key,
 * an unreachable server) are *reported* with a hint, never thrown: `rmm-hub check` prints them.
 */
import { isRmmError, summariseHealth, type HealthCheck, type HealthCheckResult, type HealthReport, type HttpClient } from '@rmm-hub/core/plugin';

import { API_KEY_HINT } from './example-api.js';

export class ExampleHealthCheck implements HealthCheck {
  constructor(private readonly http: HttpClient) {}

  async check(options?: { signal?: AbortSignal }): Promise<HealthReport> {
    const started = Date.now();
    const checks: HealthCheckResult[] = [];
    let credentialExpiresAt: string | undefined;
    try {
      const { body } = await this.http.request<{ user: string; keyExpiresAt?: string }>({ method: 'GET', path: '/api/v1/me', ...(options?.signal ? { signal: options.signal } : {}) });
      credentialExpiresAt = body.keyExpiresAt;
      checks.push({ name: 'api-key', status: 'pass', message: `signed in as ${body.user}`, durationMs: Date.now() - started });
    } catch (error) {
      if (!isRmmError(error)) throw error;
      const refused = error.code === 'RMM_ERR_AUTH';
      checks.push({
        name: refused ? 'api-key' : 'server',
        status: 'fail',
        message: error.message,
        hint: refused ? API_KEY_HINT : (error.hint ?? 'Check that serverUrl is right and the server is reachable from this machine.'),
        durationMs: Date.now() - started,
      });
    }
    return { status: summariseHealth(checks), checks, checkedAt: new Date().toISOString(), ...(credentialExpiresAt ? { credentialExpiresAt } : {}) };
  }
}
