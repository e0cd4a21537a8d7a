/**
 * The error catalogue: one class per kind of failure a caller may want to treat differently.
 * Plugins throw these (usually through the HTTP toolkit, which maps HTTP failures onto them);
 * the host wraps whatever escapes a plugin in an {@link IntegrationError}.
 */
import { RmmError, isRmmError, type RmmErrorOptions } from './rmm-error.js';
import { thrownMessage } from './thrown-value.js';

/** Every stable error code (`RMM_ERR_<AREA>_<WHAT>`) by short name; codes are the contract, messages may change. */
export const ErrorCodes = {
  config: 'RMM_ERR_CONFIG',
  usage: 'RMM_ERR_USAGE',
  auth: 'RMM_ERR_AUTH',
  permission: 'RMM_ERR_PERMISSION',
  notFound: 'RMM_ERR_NOT_FOUND',
  rateLimited: 'RMM_ERR_RATE_LIMITED',
  transient: 'RMM_ERR_TRANSIENT',
  protocol: 'RMM_ERR_PROTOCOL',
  timeout: 'RMM_ERR_TIMEOUT',
  cancelled: 'RMM_ERR_CANCELLED',
  unsupported: 'RMM_ERR_UNSUPPORTED',
  pluginCrash: 'RMM_ERR_PLUGIN_CRASH',
  pluginBlocked: 'RMM_ERR_PLUGIN_BLOCKED',
  store: 'RMM_ERR_STORE',
  /** Another process held the store's write lock for longer than the store waits. */
  storeBusy: 'RMM_ERR_STORE_BUSY',
  /** The store cannot be written: a read-only file, folder or open. */
  storeReadOnly: 'RMM_ERR_STORE_READ_ONLY',
  /** The disk holding the store is full. */
  storeFull: 'RMM_ERR_STORE_FULL',
  /** The store's database server cannot be reached (refused, unknown host, timed out, TLS failed). */
  storeUnreachable: 'RMM_ERR_STORE_UNREACHABLE',
  /** The store's database server refused the user or password it was given. */
  storeAuth: 'RMM_ERR_STORE_AUTH',
  /** Another process is syncing the same integration (or identifying), and did not finish in time. */
  syncInProgress: 'RMM_ERR_SYNC_IN_PROGRESS',
  invalidRecord: 'RMM_ERR_INVALID_RECORD',
} as const;

/** Why a plugin was refused at load time. */
export const PluginLoadCodes = {
  invalidManifest: 'RMM_ERR_PLUGIN_INVALID_MANIFEST',
  versionMismatch: 'RMM_ERR_PLUGIN_VERSION_MISMATCH',
  duplicateId: 'RMM_ERR_PLUGIN_DUPLICATE_ID',
  capabilityNotRegistered: 'RMM_ERR_PLUGIN_CAPABILITY_NOT_REGISTERED',
  capabilityNotDeclared: 'RMM_ERR_PLUGIN_CAPABILITY_NOT_DECLARED',
  importFailed: 'RMM_ERR_PLUGIN_IMPORT_FAILED',
  notFound: 'RMM_ERR_PLUGIN_NOT_FOUND',
  registerFailed: 'RMM_ERR_PLUGIN_REGISTER_FAILED',
} as const;
/** A code a plugin refusal carries (one of {@link PluginLoadCodes}). */
export type PluginLoadCode = (typeof PluginLoadCodes)[keyof typeof PluginLoadCodes];

/** A configuration value is missing or wrong. `path` points at it (e.g. `integrations[0].config.serverUrl`). */
export class ConfigError extends RmmError {
  readonly path: string;
  /** What is wrong, without the path. */
  readonly problem: string;
  readonly #options: RmmErrorOptions;
  constructor(path: string, message: string, options: RmmErrorOptions = {}) {
    super(ErrorCodes.config, path ? `${path}: ${message}` : message, {
      ...options,
      context: { ...options.context, path },
    });
    this.path = path;
    this.problem = message;
    this.#options = options;
  }

  /**
   * The same error placed under `prefix`: a plugin checks its settings by their own names
   * (`serverUrl`); the host reports them where the administrator wrote them
   * (`integrations[0].config.serverUrl`).
   */
  within(prefix: string): ConfigError {
    return new ConfigError(this.path ? `${prefix}.${this.path}` : prefix, this.problem, { ...this.#options, cause: this });
  }
}

/** A command line that cannot run as typed: an unknown option, a missing argument, a bad flag value. */
export class UsageError extends RmmError {
  constructor(message: string, options: RmmErrorOptions = {}) {
    super(ErrorCodes.usage, message, options);
  }
}

/** The RMM rejected the credentials; retrying will not help until a person fixes them. */
export class AuthError extends RmmError {
  constructor(message: string, options: RmmErrorOptions = {}) {
    super(ErrorCodes.auth, message, options);
  }
}

/** Authenticated, but not allowed to do this (403, a disabled API flag, a missing role). */
export class PermissionError extends RmmError {
  constructor(message: string, options: RmmErrorOptions = {}) {
    super(ErrorCodes.permission, message, options);
  }
}

/** Something asked for does not exist in the RMM (a client, an agent, a script): `RMM_ERR_NOT_FOUND`. */
export class NotFoundError extends RmmError {
  constructor(message: string, options: RmmErrorOptions = {}) {
    super(ErrorCodes.notFound, message, options);
  }
}

/** The RMM throttled us and retries ran out. `retryAfterMs` is the server's advice, when it gave one. */
export class RateLimitedError extends RmmError {
  readonly retryAfterMs: number | undefined;
  constructor(message: string, options: RmmErrorOptions & { retryAfterMs?: number | undefined } = {}) {
    super(ErrorCodes.rateLimited, message, options);
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** A failure that may pass by itself: 5xx, a reset connection, DNS hiccups. */
export class TransientError extends RmmError {
  constructor(message: string, options: RmmErrorOptions = {}) {
    super(ErrorCodes.transient, message, options);
  }
}

/** The RMM answered something we cannot understand: bad JSON, a wrong shape, an error inside a 200. */
export class ProtocolError extends RmmError {
  constructor(message: string, options: RmmErrorOptions = {}) {
    super(ErrorCodes.protocol, message, options);
  }
}

/** An operation ran past its time limit (`timeoutMs` when known): `RMM_ERR_TIMEOUT`. */
export class TimeoutError extends RmmError {
  readonly timeoutMs: number | undefined;
  constructor(message: string, options: RmmErrorOptions & { timeoutMs?: number | undefined } = {}) {
    super(ErrorCodes.timeout, message, options);
    this.timeoutMs = options.timeoutMs;
  }
}

/** An operation stopped because its caller aborted it: `RMM_ERR_CANCELLED`. */
export class CancelledError extends RmmError {
  constructor(message = 'The operation was cancelled', options: RmmErrorOptions = {}) {
    super(ErrorCodes.cancelled, message, options);
  }
}

/** The integration does not offer the capability asked for. */
export class UnsupportedError extends RmmError {
  constructor(message: string, options: RmmErrorOptions = {}) {
    super(ErrorCodes.unsupported, message, options);
  }
}

/** A record a plugin produced failed its schema; it is skipped, never stored. */
export class InvalidRecordError extends RmmError {
  constructor(message: string, options: RmmErrorOptions = {}) {
    super(ErrorCodes.invalidRecord, message, options);
  }
}

/** The codes a store failure carries: generic, busy (locked past the timeout), read-only, full, or a database server out of reach or refusing the login. */
export type StoreErrorCode = (typeof ErrorCodes)['store' | 'storeBusy' | 'storeReadOnly' | 'storeFull' | 'storeUnreachable' | 'storeAuth'];

/** The store failed; `code` says how when a person can act on it (locked, read-only, full). */
export class StoreError extends RmmError {
  constructor(message: string, options: RmmErrorOptions & { code?: StoreErrorCode } = {}) {
    super(options.code ?? ErrorCodes.store, message, options);
  }
}

/** Another process holds the work asked for (a sync of the same integration) and did not release it in time. */
export class SyncInProgressError extends RmmError {
  constructor(message: string, options: RmmErrorOptions = {}) {
    super(ErrorCodes.syncInProgress, message, options);
  }
}

/** A plugin's code kept the event loop busy past the watchdog's limit; the process ends with this. */
export class PluginBlockedError extends RmmError {
  constructor(pluginId: string, facts: { blockedMs: number; where: string }) {
    super(ErrorCodes.pluginBlocked, `plugin "${pluginId}" blocked the event loop for ${Math.round(facts.blockedMs / 1000)} s (in ${facts.where}); stopping`, {
      hint: `The plugin ran without yielding (a CPU-bound loop). What was already saved is kept; the interrupted sync is marked interrupted at the next start. Report it to the author of "${pluginId}", or disable its integrations (enabled: false).`,
      context: { pluginId, ...facts },
    });
  }
}

/** A plugin could not be loaded; `code` says why (see {@link PluginLoadCodes}). */
export class PluginLoadError extends RmmError {
  readonly source: string;
  constructor(code: PluginLoadCode, source: string, message: string, options: RmmErrorOptions = {}) {
    super(code, message, { ...options, context: { ...options.context, source } });
    this.source = source;
  }
}

/** Where in the host a plugin failure happened. */
export interface CallSite {
  integrationId: string;
  pluginId: string;
  capability: string;
}

/**
 * Everything that escapes a plugin call reaches callers as an `IntegrationError`. It keeps the
 * plugin's own code as `code` (so `RMM_ERR_AUTH` stays `RMM_ERR_AUTH`), records where it came
 * from, and turns an uncatalogued throw into `RMM_ERR_PLUGIN_CRASH`.
 */
export class IntegrationError extends RmmError {
  readonly integrationId: string;
  readonly pluginId: string;
  readonly capability: string;
  /** The code the plugin raised, or undefined when it threw something outside the catalogue. */
  readonly pluginCode: string | undefined;

  constructor(site: CallSite, cause: unknown) {
    const inner = isRmmError(cause) ? cause : undefined;
    const code = inner?.code ?? ErrorCodes.pluginCrash;
    const what = inner?.message ?? thrownMessage(cause);
    super(code, `[${site.integrationId}] ${site.capability}: ${what}`, {
      cause,
      hint:
        inner?.hint ??
        (inner ? undefined : `The plugin "${site.pluginId}" failed unexpectedly; report this to its author with the log.`),
      context: { ...inner?.context, ...site },
    });
    this.integrationId = site.integrationId;
    this.pluginId = site.pluginId;
    this.capability = site.capability;
    this.pluginCode = inner?.code;
  }

  /** Wraps `error` thrown at `site` once: an IntegrationError of the same integration is returned as it is. */
  static wrap(site: CallSite, error: unknown): IntegrationError {
    if (error instanceof IntegrationError && error.integrationId === site.integrationId) return error;
    return new IntegrationError(site, error);
  }
}
