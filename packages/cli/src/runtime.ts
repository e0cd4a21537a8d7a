/**
 * Everything a command that works on data needs: the host and store (context.ts) with the
 * engines wired onto them (core's wireEngines). Engine settings come from the config's
 * `tenants:`, `linking:` and `identification:` blocks.
 */
import { wireEngines, type Engines, type LoadedConfig } from '@rmm-hub/core';

import { startHost, type HostSession, type StartOptions } from './context.js';

export interface Runtime extends HostSession, Engines {}

export async function startRuntime(loaded: LoadedConfig, options: StartOptions = {}): Promise<Runtime> {
  const session = await startHost(loaded, options);
  return { ...session, ...wireEngines(session.host, session.store, loaded.config) };
}
