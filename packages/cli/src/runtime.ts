/**
 * Everything a command that works on data needs, wired once: the host and store, the two
 * engine services, the script router and the sync orchestrator. Engine settings come from the
 * config's `linking:` and `identification:` blocks.
 */
import {
  IdentificationService,
  identificationStep,
  LinkingService,
  linkingStep,
  ScriptRouter,
  SyncOrchestrator,
  type LoadedConfig,
} from '@rmm-hub/core';

import { startHost, type HostSession } from './context.js';

export interface Runtime extends HostSession {
  linking: LinkingService;
  identification: IdentificationService;
  scripts: ScriptRouter;
  sync: SyncOrchestrator;
}

export async function startRuntime(loaded: LoadedConfig, options: { verbose?: boolean } = {}): Promise<Runtime> {
  const session = await startHost(loaded, options);
  const { host, store } = session;
  for (const tenant of loaded.config.tenants) store.tenants.upsert(tenant);
  const emit = host.emit.bind(host);
  const scripts = new ScriptRouter(host, store);
  const canRunScripts = host.integrations().some((i) => host.supports(i.id, 'RunScript'));
  const linking = new LinkingService(store, { config: loaded.config.linking, emit });
  const identification = new IdentificationService({
    store,
    config: loaded.config.identification,
    emit,
    runIdentityScript: (agent, request) => scripts.runOnAgent(agent, { language: request.language, body: request.body, ...(request.timeoutMs ? { timeoutMs: request.timeoutMs } : {}) }, { actor: 'system:identification' }),
  });
  const sync = new SyncOrchestrator({
    host,
    store,
    linking: linkingStep(linking, { fingerprint: () => store.changes() }),
    identification: identificationStep(identification, { gatherIdentities: canRunScripts && identification.config.identityScript.enabled }),
  });
  return { ...session, linking, identification, scripts, sync };
}
