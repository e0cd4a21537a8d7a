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
  | {
      /** The implementation itself. */
      useValue: T;
    }
  | {
      /** Builds the implementation from the integration's container. */
      useFactory: (container: DependencyContainer) => T;
    }
  | {
      /** A class the integration's container constructs (bare `@injectable()`, `@inject` on every parameter). */
      useClass: new (...args: never[]) => T;
    };

/** What the host gives a plugin's `register` for one integration: its config, logger, redactor, state, signal, and `provide` for capabilities. */
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
  /**
   * Reports a record the plugin could not read and skips, so one bad record never fails a
   * listing: the host logs and publishes it as it does records failing the contract, and the
   * sync counts it in its report. `record` names it so a person can find it upstream
   * (`computer 1234 "PC-01"`), `reason` says what was wrong. Give the record's `id` when it
   * could be read: a skipped agent is not a gone one, so the sync keeps it.
   */
  skipRecord(capability: SkippableCapability, record: string, reason: string, id?: string): void;
}

/** The streaming capabilities whose records a plugin may skip. */
export type SkippableCapability = 'ListClients' | 'ListComputers' | 'ListActiveIssues';

/** A token for the plugin's parsed config, registered in every integration container. */
export const PluginConfig: InjectionToken<unknown> = Symbol.for('rmm.PluginConfig');
/** A token for the integration's {@link PluginContext}, registered in every integration container. */
export const PluginContextToken: InjectionToken<PluginContext> = Symbol.for('rmm.PluginContext');
