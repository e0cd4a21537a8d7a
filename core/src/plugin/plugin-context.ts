/**
 * What the host hands a plugin's `register()`: the integration's identity, its parsed config
 * (secrets already resolved), and the integration's own logger, redactor, abort signal and
 * state kept across processes.
 */
import type { DependencyContainer, InjectionToken } from 'tsyringe';

import type { CapabilityToken } from '../capabilities/token.js';
import type { Logger } from '../logging/logger.js';
import type { SecretRedactor } from '../secrets/secret-redactor.js';
import type { IntegrationState } from './integration-state.js';

/** How a capability implementation is supplied: an instance, a factory, or a class to construct. */
export type CapabilityProvider<T> =
  | { useValue: T }
  | { useFactory: (container: DependencyContainer) => T }
  | { useClass: new (...args: never[]) => T };

export interface PluginContext<TConfig = unknown> {
  /** The configured integration's id, e.g. `ncentral-prod`. One plugin may back several. */
  readonly integrationId: string;
  readonly pluginId: string;
  readonly config: TConfig;
  readonly logger: Logger;
  /** Register run-time secrets here (access tokens, refresh tokens) so they are scrubbed too. */
  readonly redactor: SecretRedactor;
  /** Aborted when the integration is disposed. */
  readonly signal: AbortSignal;
  /**
   * Small values kept for this integration across runs and processes (in the host's store),
   * e.g. the last one-time-code step used. Keys are the plugin's own.
   */
  readonly state: IntegrationState;
  /**
   * Registers the implementation of a capability in this integration's container. Typed: the
   * provider must implement the token's interface.
   */
  provide<T>(token: CapabilityToken<T>, provider: CapabilityProvider<T>): void;
  /** Runs at shutdown, in reverse order of registration (close agents, stop timers). */
  onDispose(cleanup: () => void | Promise<void>): void;
}

/** A token for the plugin's parsed config, registered in every integration container. */
export const PluginConfig: InjectionToken<unknown> = Symbol.for('rmm.PluginConfig');
/** A token for the integration's {@link PluginContext}, registered in every integration container. */
export const PluginContextToken: InjectionToken<PluginContext> = Symbol.for('rmm.PluginContext');
