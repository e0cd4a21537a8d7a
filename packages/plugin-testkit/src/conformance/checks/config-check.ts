/**
 * Config handling: every invalid config the author lists is refused with RMM_ERR_CONFIG, and
 * no config at all — nor any top-level field removed or given the wrong type — makes the
 * plugin crash: it either starts, or is refused with a config error that says where.
 */
import { ErrorCodes, PluginLoadCodes } from '@rmm-hub/core';

import { ConformanceFailure } from '../conformance-failure.js';
import type { RawConfig } from '../conformance-options.js';
import type { ConformanceSession } from '../conformance-session.js';

const CHECK = 'config';

/** What starting an integration with one config led to. */
interface Outcome {
  state: string;
  code?: string | undefined;
  message?: string | undefined;
}

async function outcomeOf(session: ConformanceSession<unknown>, config: RawConfig, label: string): Promise<Outcome> {
  return session.withHost(config, label, async (host) => {
    const info = host.host.integrations()[0];
    return { state: info?.state ?? 'missing', code: info?.error?.code, message: info?.error?.message };
  });
}

/** Fails unless each listed invalid config is refused with RMM_ERR_CONFIG and mutations never crash. */
export async function checkInvalidConfigs(session: ConformanceSession<unknown>): Promise<void> {
  const good = session.goodConfig;
  const started = await outcomeOf(session, good, 'good config');
  if (started.state !== 'ready') {
    throw new ConformanceFailure(CHECK, `the good config was refused (${started.code ?? started.state}): ${started.message ?? ''}`);
  }
  const listed = typeof session.options.invalidConfigs === 'function' ? session.options.invalidConfigs(good, session.server) : session.options.invalidConfigs;
  if (listed.length === 0) throw new ConformanceFailure(CHECK, 'invalidConfigs is empty: list at least one config the plugin must refuse');
  const problems: string[] = [];
  for (const invalid of listed) {
    const outcome = await outcomeOf(session, invalid.config, `invalid config "${invalid.name}"`);
    if (outcome.state === 'ready') problems.push(`invalid config "${invalid.name}" was accepted: the integration started. Tighten configSchema so it refuses it.`);
    else if (outcome.code !== ErrorCodes.config) problems.push(`invalid config "${invalid.name}" was refused with ${outcome.code} instead of ${ErrorCodes.config}${explain(outcome)}`);
  }
  for (const mutation of mutations(good)) {
    const outcome = await outcomeOf(session, mutation.config, mutation.name);
    if (outcome.state !== 'ready' && outcome.code !== ErrorCodes.config) problems.push(`${mutation.name}: refused with ${outcome.code} instead of starting or ${ErrorCodes.config}${explain(outcome)}`);
  }
  if (problems.length > 0) throw new ConformanceFailure(CHECK, problems.join('\n'));
}

function explain(outcome: Outcome): string {
  const crashed = outcome.code === PluginLoadCodes.registerFailed ? ' — register() crashed on it; validate the value in configSchema instead' : '';
  return `${crashed} (${outcome.message ?? 'no message'})`;
}

/** The good config with each top-level field removed, nulled, or of the wrong type. */
function mutations(good: RawConfig): { name: string; config: RawConfig }[] {
  const out: { name: string; config: RawConfig }[] = [{ name: 'an empty config', config: {} }];
  for (const [key, value] of Object.entries(good)) {
    const { [key]: _removed, ...without } = good;
    out.push({ name: `the good config without "${key}"`, config: without });
    out.push({ name: `the good config with "${key}": null`, config: { ...good, [key]: null } });
    const wrong = typeof value === 'number' ? 'not a number' : typeof value === 'string' ? 12345 : 'not an object';
    out.push({ name: `the good config with "${key}": ${JSON.stringify(wrong)}`, config: { ...good, [key]: wrong } });
  }
  return out;
}
