/**
 * The one place the engines are wired onto a started host and its store: the linking and
 * identification services, the script router (which identity scripts go through too) and the
 * sync orchestrator. The CLI and every test that wants the real product use this, so they
 * cannot drift apart.
 */
import type { HostConfig } from '../config/host-config.schema.js';
import type { Host } from '../host/host.js';
import { IdentificationService } from '../identification/identification-service.js';
import { LinkingService } from '../linking/linking-service.js';
import { ScriptRouter } from '../scripts/script-router.js';
import type { Store } from '../store/store.js';
import { identificationStep, linkingStep } from './engine-steps.js';
import { SyncOrchestrator } from './sync-orchestrator.js';

export interface Engines {
  linking: LinkingService;
  identification: IdentificationService;
  scripts: ScriptRouter;
  sync: SyncOrchestrator;
}

export function wireEngines(host: Host, store: Store, config: Pick<HostConfig, 'tenants' | 'linking' | 'identification'>): Engines {
  // A read-only store shows the tenants as last written.
  if (!store.readOnly) for (const tenant of config.tenants) store.tenants.upsert(tenant);
  const emit = host.emit.bind(host);
  const scripts = new ScriptRouter(host, store);
  const canRunScripts = host.integrations().some((i) => host.supports(i.id, 'RunScript'));
  const linking = new LinkingService(store, { config: config.linking, emit });
  const identification = new IdentificationService({
    store,
    config: config.identification,
    emit,
    runIdentityScript: (agent, request) =>
      scripts.runOnAgent(agent, { language: request.language, body: request.body, ...(request.timeoutMs ? { timeoutMs: request.timeoutMs } : {}) }, { actor: 'system:identification' }),
  });
  const sync = new SyncOrchestrator({
    host,
    store,
    linking: linkingStep(linking, { fingerprint: () => linking.inputFingerprint() }),
    identification: identificationStep(identification, { gatherIdentities: canRunScripts && identification.config.identityScript.enabled }),
  });
  return { linking, identification, scripts, sync };
}
