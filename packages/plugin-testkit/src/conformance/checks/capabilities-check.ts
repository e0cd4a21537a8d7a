/**
 * Capabilities: the plugin declares what the rest of the suite exercises, and the integration
 * starts with the good config — which the host allows only when register() provides exactly
 * the capabilities the manifest declares (it names the missing or undeclared ones otherwise).
 */
import { CAPABILITIES, CAPABILITY_NAMES, type CapabilityName } from '@rmm-hub/core';

import { ConformanceFailure } from '../conformance-failure.js';
import type { ConformanceSession } from '../conformance-session.js';

const CHECK = 'capabilities';

/** The capabilities every RMM plugin offers (the registry's `required`); the suite exercises them all. */
export const SUITE_CAPABILITIES: readonly CapabilityName[] = CAPABILITY_NAMES.filter((name) => CAPABILITIES[name].required);

/** Fails unless the suite's capabilities are declared and the integration starts. */
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
  });
}
