/**
 * What an apply over HTTP carries: not a plan (a caller could write any move target or install
 * script into one), but which steps of the previewed plan a person confirmed, by their keys. The
 * server makes the plan again and applies just those steps from it. A confirmed step the plan no
 * longer holds refuses the whole apply: what the person read is not what would happen any more.
 */
import { ServerError, ServerErrorCodes } from './server-errors.js';

/** `plan` with only the steps whose key is in `confirmed`, or a coded refusal naming the missing ones. */
export function confirmedSteps<P extends { steps: unknown[] }>(plan: P, confirmed: readonly string[], keyOf: (step: P['steps'][number]) => string): P {
  const wanted = new Set(confirmed);
  const steps = plan.steps.filter((step) => wanted.has(keyOf(step)));
  const found = new Set(steps.map(keyOf));
  const missing = [...wanted].filter((key) => !found.has(key));
  if (missing.length > 0) {
    throw new ServerError(ServerErrorCodes.planChanged, `The plan no longer holds ${missing.join(', ')}: it changed since it was previewed.`, {
      hint: 'Preview the plan again, review it, and apply what it holds now.',
    });
  }
  return { ...plan, steps };
}

/** The key of an agent in a confirmation: `<integration>/<agent id>`. */
export function agentKey(agent: { integrationId: string; agentId: string }): string {
  return `${agent.integrationId}/${agent.agentId}`;
}
