import { createRng, type Rng } from '../fleet/prng.js';

/** The transport-level faults every simulated server can inject. */
export type FaultKind = 'rate-limit' | 'server-error' | 'connection-reset' | 'slow' | 'truncated-json';

/** One fault rule. Unset filters match everything. */
export interface FaultRule {
  kind: FaultKind;
  /**
   * Which requests the rule applies to: a route pattern (`/api/devices/:deviceId`, matched
   * exactly against the route that served the request) or a path prefix (`/api/devices`).
   */
  route?: string | undefined;
  /** HTTP method filter (case-insensitive). */
  method?: string | undefined;
  /** Fire at most this many times, then the rule is spent. Unlimited when unset. */
  times?: number | undefined;
  /** Probability of firing on a matching request (default 1); drawn from the injector's seeded PRNG. */
  probability?: number | undefined;
  /** Let this many matching requests through before the rule may fire (default 0). */
  afterRequests?: number | undefined;
  /** `rate-limit`: send `Retry-After: <seconds>`; without it the 429 carries no Retry-After (as N-central). */
  retryAfterSeconds?: number | undefined;
  /** `slow`: extra delay before the request is handled (default 2000 ms). */
  delayMs?: number | undefined;
  /** `server-error`: the 5xx status (default 500). `rate-limit`: the status (default 429). */
  status?: number | undefined;
  /** `rate-limit` / `server-error`: a response body overriding the server's default error body. */
  body?: unknown;
}

/** A rule as added: its live counters, and a way to remove it. */
export interface FaultHandle {
  readonly rule: Readonly<FaultRule>;
  /** Matching requests seen so far. */
  readonly seen: number;
  /** Times the rule fired so far. */
  readonly fired: number;
  /** True once `times` is exhausted. */
  readonly spent: boolean;
  /** Removes the rule. */
  remove(): void;
}

/** What the injector decided for one request. */
export interface FaultDecision {
  /** Extra delay from `slow` rules that fired (they combine with any other fault). */
  delayMs: number;
  /** The first non-`slow` rule that fired, if any. */
  fault?: Readonly<FaultRule> | undefined;
}

class RuleState implements FaultHandle {
  seen = 0;
  fired = 0;
  constructor(
    readonly rule: Readonly<FaultRule>,
    private readonly owner: FaultInjector,
  ) {}
  get spent(): boolean {
    return this.rule.times !== undefined && this.fired >= this.rule.times;
  }
  remove(): void {
    this.owner.remove(this);
  }
}

/**
 * Decides, request by request, which injected faults apply. Rules are evaluated in the order
 * they were added; `slow` rules add up, and the first other rule that fires decides the fault.
 * Probabilities come from a seeded PRNG so a fault schedule replays identically.
 */
export class FaultInjector {
  private rules: RuleState[] = [];
  private readonly rng: Rng;

  /** @param seed - Seed for `probability` draws (default 1). */
  constructor(seed = 1) {
    this.rng = createRng(seed);
  }

  /** Adds a rule; returns its handle (counters, `remove()`). */
  add(rule: FaultRule): FaultHandle {
    if (rule.probability !== undefined && !(rule.probability >= 0 && rule.probability <= 1)) {
      throw new RangeError(`fault probability must be in [0, 1], got ${rule.probability}`);
    }
    const state = new RuleState({ ...rule }, this);
    this.rules.push(state);
    return state;
  }

  /** Removes every rule. */
  clear(): void {
    this.rules = [];
  }

  /** The rules currently installed (spent ones included, until removed or cleared). */
  list(): readonly FaultHandle[] {
    return [...this.rules];
  }

  /** @internal Removes one rule (via its handle). */
  remove(handle: FaultHandle): void {
    this.rules = this.rules.filter((r) => r !== handle);
  }

  /**
   * Evaluates the rules for one request and advances their counters.
   * @param method - Request method.
   * @param path - Request path (no query string).
   * @param route - The route pattern that matched, if any.
   */
  decide(method: string, path: string, route: string | undefined): FaultDecision {
    const decision: FaultDecision = { delayMs: 0 };
    for (const state of this.rules) {
      const { rule } = state;
      if (state.spent) continue;
      if (rule.method !== undefined && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      if (rule.route !== undefined && rule.route !== route && !pathHasPrefix(path, rule.route)) continue;
      // A slow rule never blocks the other faults, but a decided fault stops later rules
      // from consuming their counters for this request.
      if (decision.fault && rule.kind !== 'slow') continue;
      state.seen++;
      if (state.seen <= (rule.afterRequests ?? 0)) continue;
      if (rule.probability !== undefined && rule.probability < 1 && !this.rng.chance(rule.probability)) continue;
      state.fired++;
      if (rule.kind === 'slow') decision.delayMs += rule.delayMs ?? 2000;
      else decision.fault = rule;
    }
    return decision;
  }
}

/** Segment-aware prefix test: `/api/devices` covers `/api/devices/1` but not `/api/devicesX`. */
function pathHasPrefix(path: string, prefix: string): boolean {
  if (!prefix.startsWith('/')) return false;
  // Case-folded: Automate (IIS) ignores path case, and a fault aimed at it should too.
  const p = (prefix.endsWith('/') ? prefix.slice(0, -1) : prefix).toLowerCase();
  const q = path.toLowerCase();
  return p === '' || q === p || q.startsWith(`${p}/`);
}
