/**
 * HealthCheck: healthy on the good config; on bad credentials a *report* (not a throw) that
 * says unhealthy and tells a person what to do — the CLI's `rmm-hub check` prints exactly that.
 */
import { isRmmError } from '@rmm-hub/core';

import { ConformanceFailure } from '../conformance-failure.js';
import { describeError, type ConformanceSession } from '../conformance-session.js';

const CHECK = 'health';

/** Fails unless HealthCheck is healthy on the good config and a hinted failure on bad credentials. */
export async function checkHealth(session: ConformanceSession<unknown>): Promise<void> {
  await session.withHost(session.goodConfig, 'health with the good config', async (host) => {
    const { value, error } = await session.call(host, 'HealthCheck', 'good config');
    if (error !== undefined) throw new ConformanceFailure(CHECK, `HealthCheck threw on the good config: ${describeError(error)}`);
    const failing = value!.checks.filter((check) => check.status !== 'pass');
    if (value!.status !== 'healthy') {
      throw new ConformanceFailure(CHECK, `HealthCheck on the good config reported "${value!.status}": ${failing.map((c) => `${c.name}: ${c.message}`).join('; ')}`);
    }
  });
  const bad = session.options.badCredentials(session.goodConfig, session.server);
  await session.withHost(bad, 'health with bad credentials', async (host) => {
    const info = host.host.integrations()[0];
    if (info?.state !== 'ready') throw new ConformanceFailure(CHECK, `the integration did not start with bad credentials (${info?.error?.code}): ${info?.error?.message ?? ''}; credentials are checked by HealthCheck, not at start-up`);
    const { value, error } = await session.call(host, 'HealthCheck', 'bad credentials');
    if (error !== undefined) {
      const code = isRmmError(error) ? error.code : 'an error';
      throw new ConformanceFailure(CHECK, `HealthCheck threw ${code} on bad credentials instead of reporting it (${describeError(error)}); return { status: 'unhealthy', checks: [{ status: 'fail', hint }] }`);
    }
    if (value!.status !== 'unhealthy') throw new ConformanceFailure(CHECK, `HealthCheck on bad credentials reported "${value!.status}", expected "unhealthy"`);
    const failed = value!.checks.filter((check) => check.status === 'fail');
    if (failed.length === 0) throw new ConformanceFailure(CHECK, 'HealthCheck on bad credentials reported unhealthy without a failing check');
    const hinted = failed.filter((check) => (check.hint ?? '').trim().length > 0);
    if (hinted.length === 0) {
      throw new ConformanceFailure(CHECK, `HealthCheck on bad credentials failed ${failed.map((c) => `"${c.name}"`).join(', ')} without a hint: tell a person what to do (e.g. "Regenerate the API key and update the secret")`);
    }
  });
}
