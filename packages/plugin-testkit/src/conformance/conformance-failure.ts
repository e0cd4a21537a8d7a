/**
 * The error a conformance check fails with. Its message is the product: it names the check, says
 * what was observed and what the plugin should do instead, in words a plugin author can act on
 * without reading the kit's source.
 */
export class ConformanceFailure extends Error {
  /** The check that failed, e.g. `pagination`. */
  readonly check: string;

  constructor(check: string, message: string, options?: { cause?: unknown }) {
    super(`[conformance:${check}] ${message}`, options);
    this.name = 'ConformanceFailure';
    this.check = check;
  }
}

/** Throws a {@link ConformanceFailure} unless `condition` holds. */
export function expectThat(condition: unknown, check: string, message: () => string): asserts condition {
  if (!condition) throw new ConformanceFailure(check, message());
}

/** `a, b, c and 4 more` — keeps failure messages short when many items fail. */
export function listSome(items: readonly string[], limit = 5): string {
  if (items.length <= limit) return items.join(', ');
  return `${items.slice(0, limit).join(', ')} and ${items.length - limit} more`;
}
