/**
 * One configured Automate integration: its HTTP client (ClientId header, per-server concurrency,
 * optional CA), token manager (login with the IsTwoFactorRequired flow, refresh driven by
 * ExpirationDate, re-login with a new TOTP code when refresh fails) and capabilities.
 */
import { setTimeout as delay } from 'node:timers/promises';

import { createHttpClient, createTokenManager, memoryIntegrationState, templateAgentUrl, type AgentUrl, type HttpClient, type IntegrationState, type Logger, type SecretRedactor, type TokenManager } from '@rmm-hub/core/plugin';

import { AutomateAgentAdmin } from './agent-admin.js';
import { AutomateAgentInstaller } from './agent-installer.js';
import { AutomateApi, bodyErrorOf, type Sleep } from './automate-api.js';
import { acquireToken, refreshToken, withSpecificAuthErrors, type AuthDeps } from './automate-auth.js';
import { apiBaseUrl, type AutomateConfig } from './config.js';
import { AutomateHealth } from './health-check.js';
import { AutomateClients } from './list-clients.js';
import { AutomateComputers } from './list-computers.js';
import { AutomateMaintenance } from './maintenance-mode.js';
import { AutomateRunScript } from './run-script.js';
import { TotpGenerator } from './totp-generator.js';

/** What the integration needs from its host (and what tests replace). */
export interface AutomateDeps {
  logger: Logger;
  redactor: SecretRedactor;
  /** @default Date.now */
  now?: () => number;
  /** @default a real timer */
  sleep?: Sleep;
  /** Where the last TOTP step used is kept, shared by every process of the host. @default this process's memory */
  state?: IntegrationState;
  /** Where unreadable records are reported (the host's `skipRecord`). @default a warning in the log */
  skipRecord?: (capability: 'ListClients' | 'ListComputers', record: string, reason: string, id?: string) => void;
}

/** The capabilities and plumbing of one integration. */
export interface AutomateIntegration {
  readonly http: HttpClient;
  readonly tokens: TokenManager;
  readonly clients: AutomateClients;
  readonly computers: AutomateComputers;
  readonly scripts: AutomateRunScript;
  readonly health: AutomateHealth;
  readonly admin: AutomateAgentAdmin;
  readonly installers: AutomateAgentInstaller;
  readonly links: AgentUrl;
  readonly maintenance: AutomateMaintenance;
  close(): void;
}

const realSleep: Sleep = (ms, signal) => delay(ms, undefined, signal ? { signal } : {});

export function createAutomateIntegration(config: AutomateConfig, deps: AutomateDeps): AutomateIntegration {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? realSleep;
  const logger = deps.logger;
  deps.redactor.add(config.password);
  if (config.mfa.mode === 'totp') deps.redactor.add(config.mfa.secret);
  const totp =
    config.mfa.mode === 'totp'
      ? new TotpGenerator(config.mfa.secret, now, sleep, deps.state ?? memoryIntegrationState(), (waitMs) =>
          logger.info('waiting for the next TOTP step: Automate refuses a code that was already used', { waitMs }),
        )
      : undefined;
  const authDeps: AuthDeps = { config, totp, logger, now };
  const tokens = withSpecificAuthErrors(createTokenManager({
    name: 'cw-automate',
    acquire: (http) => acquireToken(http, authDeps),
    refresh: (http, current) => refreshToken(http, current, authDeps),
    renewBeforeMs: 5 * 60_000,
    redactor: deps.redactor,
    logger,
    now,
  }), authDeps);
  const http = createHttpClient({
    name: 'cw-automate',
    baseUrl: apiBaseUrl(config.serverUrl),
    baseUrlConfigPath: 'serverUrl',
    ...(config.caCertificate ? { ca: config.caCertificate } : {}),
    redactor: deps.redactor,
    logger,
    // ImmyBot settled on 5 minutes per Automate request after slow servers (reference §9).
    timeouts: { auth: 30_000, list: 300_000, long: 300_000 },
    retry: { limit: 4, baseDelayMs: 500, maxDelayMs: 15_000, sleep },
    concurrency: { default: config.concurrency },
    tokens,
    headers: { ClientId: config.clientId },
    detectBodyError: (body) => bodyErrorOf(body),
    now,
  });
  const api = new AutomateApi(http, sleep);
  const skipRecord = deps.skipRecord ?? ((capability, record, reason) => logger.warn('skipped an unreadable record', { capability, record, reason }));
  return {
    http,
    tokens,
    clients: new AutomateClients(api, config.pageSize, (record, reason) => skipRecord('ListClients', record, reason)),
    computers: new AutomateComputers(api, config.pageSize, (record, reason, id) => skipRecord('ListComputers', record, reason, id), config.concurrency, config.serverTimeZone),
    scripts: new AutomateRunScript(api, config.scriptPollIntervalMs, now, sleep, logger),
    health: new AutomateHealth(api, http, tokens, config, now, authDeps),
    admin: new AutomateAgentAdmin(api, config.features),
    installers: new AutomateAgentInstaller(api, config.serverUrl, now),
    maintenance: new AutomateMaintenance(api, now),
    links: templateAgentUrl(config.agentUrl, apiBaseUrl(config.serverUrl).replace(/cwa\/api\/v1$/, '')),
    close: () => http.close(),
  };
}
