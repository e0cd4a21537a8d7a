/**
 * Test support (not shipped behaviour): a simulated Automate on loopback and an integration
 * configured against it, sharing one fake clock. The plugin's sleeps advance that clock
 * instead of waiting, so TOTP steps, token expiry, retries and command polling run instantly.
 */
import { createLogger, memorySink, SecretRedactor, type LogRecord } from '@rmm-hub/core';
import { createVirtualClock } from '@rmm-hub/plugin-testkit';
import { createSampleAutomateFleet, startAutomateSim, type AutomateSim, type AutomateSimOptions, type Fleet } from '@rmm-hub/simulators';

import { AutomateConfig, type AutomateConfigInput } from './config.js';
import { createAutomateIntegration, type AutomateIntegration } from './integration.js';

export interface Harness {
  sim: AutomateSim;
  integration: AutomateIntegration;
  config: AutomateConfig;
  fleet: Fleet;
  now: () => number;
  /** Moves the shared clock forward. */
  advance(ms: number): void;
  /** Sets the server clock's offset from the plugin's (clock skew). */
  skewServer(ms: number): void;
  logs: LogRecord[];
  /** Records the plugin skipped as unreadable. */
  skipped: { capability: string; record: string; reason: string }[];
  redactor: SecretRedactor;
  close(): Promise<void>;
}

export async function startHarness(options: { sim?: Partial<AutomateSimOptions>; config?: Partial<AutomateConfigInput>; fleet?: Fleet } = {}): Promise<Harness> {
  const clock = createVirtualClock();
  let serverSkew = 0;
  const now = clock.now;
  const fleet = options.fleet ?? createSampleAutomateFleet({ clients: 5, agentsPerClient: 12 });
  const sim = await startAutomateSim({ fleet, now: () => now() + serverSkew, ...options.sim });
  const config = AutomateConfig.parse({
    serverUrl: sim.url,
    clientId: sim.clientId,
    username: sim.username,
    password: sim.password,
    mfa: options.sim?.mfa === 'none' ? { mode: 'integrator' } : { mode: 'totp', secret: sim.totpSecret },
    scriptPollIntervalMs: 500,
    ...options.config,
  });
  const redactor = new SecretRedactor();
  const sink = memorySink();
  const skipped: Harness['skipped'] = [];
  const integration = createAutomateIntegration(config, {
    logger: createLogger({ sink, redactor, level: 'debug' }),
    redactor,
    now,
    sleep: clock.sleep,
    skipRecord: (capability, record, reason) => void skipped.push({ capability, record, reason }),
  });
  return {
    sim,
    integration,
    config,
    fleet,
    now,
    advance: clock.advance,
    skewServer: (ms) => {
      serverSkew = ms;
    },
    logs: sink.records,
    skipped,
    redactor,
    close: async () => {
      integration.close();
      await sim.close();
    },
  };
}

/** Drains an async iterable. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string; hint?: string; context?: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string; hint?: string };
  }
  throw new Error('expected a rejection');
}
