/**
 * `describeConformance()` — the vitest suite every plugin runs against its own fake server.
 * One `describe` per plugin, one `it` per check; the server starts once in `beforeAll`.
 */
import type { PluginDefinition } from '@rmm-hub/core';
import { afterAll, beforeAll, describe, it } from 'vitest';

import { CONFORMANCE_CHECKS, type ConformanceCheckName } from './conformance-checks.js';
import { ConformanceFailure } from './conformance-failure.js';
import type { ConformanceOptions } from './conformance-options.js';
import { ConformanceSession } from './conformance-session.js';
import { messageOf } from './run-conformance.js';

/** Suite-level settings. */
export interface DescribeOptions {
  /** Per-check timeout. @default 120_000 */
  timeoutMs?: number;
  /** Checks to skip, each with the reason (shown as a skipped test). */
  skip?: Partial<Record<ConformanceCheckName, string>>;
}

/**
 * Declares the conformance suite for `plugin`.
 * @example
 * describeConformance(examplePlugin, {
 *   server: { start: () => startExampleServer(), stop: (s) => s.close() },
 *   config: (s) => ({ serverUrl: s.url, apiKey: s.apiKey }),
 *   badCredentials: (good) => ({ ...good, apiKey: 'not-the-right-key' }),
 *   invalidConfigs: [{ name: 'no scheme', config: { serverUrl: 'example.test', apiKey: 'k-123456789' } }],
 *   withPageSize: (config, pageSize) => ({ ...config, pageSize }),
 * });
 */
export function describeConformance<TServer>(plugin: PluginDefinition<unknown>, options: ConformanceOptions<TServer>, suite: DescribeOptions = {}): void {
  const name = typeof (plugin as { id?: unknown })?.id === 'string' ? plugin.id : 'plugin';
  describe(`${name} conformance`, () => {
    const session = new ConformanceSession(plugin, options);
    beforeAll(() => session.open(), suite.timeoutMs ?? 120_000);
    afterAll(() => session.close(), 60_000);
    for (const check of CONFORMANCE_CHECKS) {
      const reason = suite.skip?.[check.name] ?? check.notApplicable?.(session as ConformanceSession<unknown>);
      if (reason !== undefined) {
        // Skipped only with a reason — the plugin's own suite's, or the capability it does not
        // declare — shown in the title, so a check that did not run never reads as passed.
        it.skip(`${check.title} (skipped: ${reason})`, () => undefined);
        continue;
      }
      it(
        check.title,
        async () => {
          try {
            await check.run(session as ConformanceSession<unknown>);
          } catch (error) {
            // Re-thrown with the readable message on top; the original stays as the cause.
            throw error instanceof ConformanceFailure ? error : new Error(messageOf(check.name, error), { cause: error });
          }
        },
        suite.timeoutMs ?? 120_000,
      );
    }
  });
}
