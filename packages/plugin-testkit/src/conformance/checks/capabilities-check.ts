/**
 * Capabilities: the integration starts with the good config, every capability the manifest
 * declares is really provided, and nothing is provided that the manifest hides (the host would
 * never call it, so it is dead code or a forgotten declaration).
 */
import { CAPABILITIES, CAPABILITY_NAMES, type CapabilityName } from '@rmm-hub/core';

import { ConformanceFailure, listSome } from '../conformance-failure.js';
import type { ConformanceSession } from '../conformance-session.js';

const CHECK = 'capabilities';

/** The capabilities every RMM plugin offers (the registry's `required`); the suite exercises them all. */
export const SUITE_CAPABILITIES: readonly CapabilityName[] = CAPABILITY_NAMES.filter((name) => CAPABILITIES[name].required);

/** Fails unless every declared capability is registered and no undeclared one is. */
export async function checkCapabilities(session: ConformanceSession<unknown>): Promise<void> {
  const missingForSuite = SUITE_CAPABILITIES.filter((name) => !session.declares(name));
  if (missingForSuite.length > 0) {
    throw new ConformanceFailure(CHECK, `the plugin does not declare ${missingForSuite.join(', ')}; every RMM plugin is expected to offer them`);
  }
  await session.withHost(session.goodConfig, 'capabilities', async (host) => {
    const info = host.host.integrations()[0];
    if (info?.state !== 'ready') {
      throw new ConformanceFailure(CHECK, `the integration did not start with the good config (${info?.error?.code ?? info?.state}): ${info?.error?.message ?? ''}`);
    }
    const missing = session.plugin.capabilities.filter((name) => !host.host.supports(host.integrationId, name));
    if (missing.length > 0) throw new ConformanceFailure(CHECK, `declared but not registered: ${missing.join(', ')}`);
    const integration = host.host.integration(host.integrationId);
    const hidden = CAPABILITY_NAMES.filter((name) => !session.declares(name) && integration?.container.isRegistered(CAPABILITIES[name].token, false));
    if (hidden.length > 0) {
      throw new ConformanceFailure(CHECK, `register() provides ${listSome(hidden)} but the manifest does not declare ${hidden.length === 1 ? 'it' : 'them'}: the host will never call ${hidden.length === 1 ? 'it' : 'them'}. Add to capabilities, or stop providing.`);
    }
  });
}
