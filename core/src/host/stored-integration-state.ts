/** An integration's {@link IntegrationState}, kept in the host's store. */
import type { IntegrationState } from '../plugin/integration-state.js';
import type { Store } from '../store/store.js';

export function storedIntegrationState(store: Store, integrationId: string): IntegrationState {
  return {
    get: (key) => Promise.resolve().then(async () => await store.integrationState.get(integrationId, key)),
    update: (key, update) => Promise.resolve().then(async () => await store.integrationState.update(integrationId, key, update, new Date().toISOString())),
  };
}
