/**
 * One configured, running plugin instance: its parsed config, its own child container,
 * redactor, logger and abort signal. Starting it resolves secret references, validates the
 * config against the plugin's schema, runs `register()` under a time limit, and checks that
 * every declared capability was really provided.
 */
import type { DependencyContainer } from 'tsyringe';

import { capabilityNameOf, CAPABILITIES, type CapabilityName } from '../capabilities/registry.js';
import type { CapabilityToken } from '../capabilities/token.js';
import { configErrorFromZod, formatPath, type ConfigLocator } from '../config/config-issues.js';
import { closedJsonSchema, findUnknownKeys, unknownKeysError } from '../config/unknown-keys.js';
import type { IntegrationConfig } from '../config/host-config.schema.js';
import type { ConfigWarning } from '../config/secret-file.js';
import { resolveSecretReferences } from '../config/secret-references.js';
import { secretPaths } from '../config/secret-field.js';
import { ConfigError, InvalidRecordError, PluginLoadCodes, PluginLoadError } from '../errors/catalogue.js';
import { isTlsBypassKey } from '../http/client-options.js';
import { isRmmError } from '../errors/rmm-error.js';
import { thrownMessage } from '../errors/thrown-value.js';
import type { Logger } from '../logging/logger.js';
import type { IntegrationState } from '../plugin/integration-state.js';
import type { LoadedPlugin } from '../plugin/plugin-loader.js';
import { PluginConfig, PluginContextToken, type CapabilityProvider, type PluginContext } from '../plugin/plugin-context.js';
import { settleWithin } from '../plugin/time-limit.js';
import type { SecretRedactor } from '../secrets/secret-redactor.js';

/** How long `register()` may take before the integration is refused. */
export const REGISTER_TIMEOUT_MS = 10_000;

export interface IntegrationStartOptions {
  config: IntegrationConfig;
  /** Index in the config file's `integrations` list, for error paths. */
  index: number;
  plugin: LoadedPlugin;
  root: DependencyContainer;
  redactor: SecretRedactor;
  logger: Logger;
  env: NodeJS.ProcessEnv;
  baseDir: string;
  /** Where settings are written in the config file, for messages. */
  locate?: ConfigLocator | undefined;
  state: IntegrationState;
  /** Where the records the plugin skips are reported (the host logs and publishes them). */
  onSkippedRecord: (capability: string, error: InvalidRecordError) => void;
}

export class Integration {
  readonly #cleanups: (() => void | Promise<void>)[] = [];
  readonly #abort = new AbortController();
  readonly #provided = new Set<symbol>();
  #disposed = false;
  /** What start-up found worth telling the administrator (a secret file others may read). */
  readonly warnings: ConfigWarning[] = [];

  private constructor(
    readonly id: string,
    readonly plugin: LoadedPlugin,
    readonly config: IntegrationConfig,
    readonly container: DependencyContainer,
    readonly redactor: SecretRedactor,
    readonly logger: Logger,
  ) {}

  get displayName(): string {
    return this.config.displayName ?? `${this.plugin.definition.displayName} (${this.id})`;
  }

  /** Capabilities this integration offers: declared by the manifest and verified at start. */
  get capabilities(): readonly CapabilityName[] {
    return this.plugin.definition.capabilities;
  }

  get callTimeoutMs(): number {
    return this.config.callTimeoutSeconds * 1000;
  }

  get syncIntervalSeconds(): number | undefined {
    return this.config.syncIntervalSeconds ?? this.plugin.definition.defaultSyncIntervalSeconds;
  }

  static async start(options: IntegrationStartOptions): Promise<Integration> {
    const { plugin, config } = options;
    const definition = plugin.definition;
    const where = ['integrations', options.index, 'config'] as const;
    refuseTlsBypass(config.config, `integrations[${options.index}].config`);
    // A misspelt setting would otherwise be stripped by the plugin's schema and silently do nothing.
    const unknown = findUnknownKeys(closedJsonSchema(definition.configSchema), config.config);
    if (unknown.length > 0) throw unknownKeysError(unknown, where, options.locate);
    const warnings: ConfigWarning[] = [];
    const resolved = resolveSecretReferences(config.config, secretPaths(definition.configSchema), where, {
      env: options.env,
      baseDir: options.baseDir,
      redactor: options.redactor,
      warn: (warning) => warnings.push(warning),
    });
    const parsed = definition.configSchema.safeParse(resolved);
    if (!parsed.success) throw configErrorFromZod(parsed.error, where, options.locate);

    const container = options.root.createChildContainer();
    const logger = options.logger.child({ integration: config.id, plugin: definition.id });
    const integration = new Integration(config.id, plugin, config, container, options.redactor, logger);
    integration.warnings.push(...warnings);
    const ctx: PluginContext = {
      integrationId: config.id,
      pluginId: definition.id,
      config: parsed.data,
      logger,
      redactor: options.redactor,
      signal: integration.#abort.signal,
      state: options.state,
      provide: <T>(token: CapabilityToken<T>, provider: CapabilityProvider<T>) => {
        container.register(token, provider as never);
        integration.#provided.add(token);
      },
      onDispose: (cleanup) => void integration.#cleanups.push(cleanup),
      skipRecord: (capability, record, reason, id) => {
        const message = options.redactor.redact(`${capability} skipped ${record}: ${reason}`);
        options.onSkippedRecord(
          capability,
          new InvalidRecordError(message, {
            context: { integrationId: config.id, capability, record: options.redactor.redact(record), reason: options.redactor.redact(reason), ...(id === undefined ? {} : { recordId: id }) },
            hint: 'The plugin could not read this record and skipped it. If it repeats, the record needs fixing in the RMM (or the plugin needs to learn its form).',
          }),
        );
      },
    };
    container.register(PluginConfig, { useValue: parsed.data });
    container.register(PluginContextToken, { useValue: ctx });

    try {
      await settleWithin(Promise.resolve().then(() => definition.register(container, ctx)), REGISTER_TIMEOUT_MS, () =>
        new PluginLoadError(PluginLoadCodes.registerFailed, definition.id, `register() of plugin "${definition.id}" did not finish within ${REGISTER_TIMEOUT_MS} ms`, {
          hint: 'register() should only wire objects; move network calls into the capabilities.',
        }),
      );
    } catch (cause) {
      await integration.dispose();
      if (isRmmError(cause) && cause.code === PluginLoadCodes.registerFailed) throw cause;
      // A setting the plugin (or its HTTP client) refused, e.g. plain http:// to a remote host.
      if (cause instanceof ConfigError) throw cause.within(formatPath(where));
      throw new PluginLoadError(PluginLoadCodes.registerFailed, plugin.packageName, `register() of plugin "${definition.id}" failed: ${options.redactor.redact(thrownMessage(cause))}`, {
        hint: isRmmError(cause) ? cause.hint : 'This is a bug in the plugin; report it to its author.',
        context: { integrationId: config.id },
      });
    }
    // The manifest's list is what the integration offers: register() must provide exactly it.
    const missing = definition.capabilities.filter((name) => !integration.#provided.has(CAPABILITIES[name].token));
    if (missing.length > 0) {
      await integration.dispose();
      throw new PluginLoadError(PluginLoadCodes.capabilityNotRegistered, plugin.packageName, `Plugin "${definition.id}" declares ${missing.join(', ')} but register() did not provide ${missing.length === 1 ? 'it' : 'them'}`, {
        hint: 'Call ctx.provide(<Capability>, …) for every capability listed in the manifest, or remove it from the list.',
        context: { integrationId: config.id, missing },
      });
    }
    const undeclared = [...integration.#provided].map((token) => capabilityNameOf(token) ?? String(token.description)).filter((name) => !(definition.capabilities as readonly string[]).includes(name));
    if (undeclared.length > 0) {
      await integration.dispose();
      throw new PluginLoadError(PluginLoadCodes.capabilityNotDeclared, plugin.packageName, `Plugin "${definition.id}": register() provides ${undeclared.join(', ')} but the manifest does not declare ${undeclared.length === 1 ? 'it' : 'them'}`, {
        hint: 'Add it to the manifest\'s capabilities so the host calls it, or stop providing it.',
        context: { integrationId: config.id, undeclared },
      });
    }
    return integration;
  }

  /** True when the integration offers `capability` (an integration provides exactly what its manifest declares). */
  supports(capability: CapabilityName): boolean {
    return this.capabilities.includes(capability);
  }

  resolve<T>(token: CapabilityToken<T>): T {
    return this.container.resolve<T>(token);
  }

  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#abort.abort();
    for (const cleanup of this.#cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        this.logger.warn('cleanup failed during dispose', { error: String(error) });
      }
    }
    await this.container.dispose();
  }
}

/**
 * A plugin's schema strips keys it does not know, so `rejectUnauthorized: false` in its config
 * would be accepted and ignored — the administrator would believe verification was off. Such a
 * key is refused instead, with its path (TLS verification cannot be turned off at all).
 */
function refuseTlsBypass(value: unknown, path: string, depth = 0): void {
  if (depth > 8 || typeof value !== 'object' || value === null) return;
  for (const [key, child] of Object.entries(value)) {
    const at = Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`;
    if (!Array.isArray(value) && isTlsBypassKey(key)) {
      throw new ConfigError(at, 'TLS certificate verification cannot be turned off', {
        hint: "Remove this setting. For a server with an internal or self-signed certificate, add its CA certificate (PEM) to the plugin's settings (`caCertificate` in the built-in plugins).",
      });
    }
    refuseTlsBypass(child, at, depth + 1);
  }
}
