/**
 * Runs the conformance checks without vitest and reports each outcome. A failing check does not
 * stop the others, so one run shows everything that is wrong with a plugin.
 */
import { describeThrown, type PluginDefinition } from '@rmm-hub/core';

import { CONFORMANCE_CHECKS, type ConformanceCheckName } from './conformance-checks.js';
import { ConformanceFailure } from './conformance-failure.js';
import type { ConformanceOptions } from './conformance-options.js';
import { ConformanceSession } from './conformance-session.js';

/** The outcome of one check: it passed, failed, or did not run (and why). */
export type CheckOutcome =
  | { readonly check: ConformanceCheckName; readonly status: 'passed' }
  | { readonly check: ConformanceCheckName; readonly status: 'skipped'; readonly reason: string }
  | {
      readonly check: ConformanceCheckName;
      readonly status: 'failed';
      /** The failure message, readable. */
      readonly message: string;
      readonly error: unknown;
    };

/** Options of {@link runConformance} beyond the suite's own. */
export interface RunOptions {
  /** Run only these checks (in suite order). @default all */
  only?: readonly ConformanceCheckName[];
}

/**
 * Runs the suite against `plugin` and returns one outcome per check.
 * @example
 * const outcomes = await runConformance(myPlugin, options, { only: ['pagination'] });
 * expect(outcomes[0]).toMatchObject({ status: 'failed', message: expect.stringMatching(/missed 3 of/) });
 */
export async function runConformance<TServer>(plugin: PluginDefinition<unknown>, options: ConformanceOptions<TServer>, run: RunOptions = {}): Promise<CheckOutcome[]> {
  const session = new ConformanceSession(plugin, options);
  const checks = CONFORMANCE_CHECKS.filter((check) => !run.only || run.only.includes(check.name));
  const outcomes: CheckOutcome[] = [];
  await session.open();
  try {
    for (const check of checks) {
      const reason = check.notApplicable?.(session as ConformanceSession<unknown>);
      if (reason !== undefined) {
        outcomes.push({ check: check.name, status: 'skipped', reason });
        continue;
      }
      try {
        await check.run(session as ConformanceSession<unknown>);
        outcomes.push({ check: check.name, status: 'passed' });
      } catch (error) {
        outcomes.push({ check: check.name, status: 'failed', message: messageOf(check.name, error), error });
      }
    }
  } finally {
    await session.close();
  }
  return outcomes;
}

/** The failure message of a check; anything but a ConformanceFailure is a crash of the check. */
export function messageOf(check: string, error: unknown): string {
  if (error instanceof ConformanceFailure) return error.message;
  const text = describeThrown(error);
  return `[conformance:${check}] the check could not run: ${text}`;
}
