/**
 * Caps in-flight requests per endpoint. N-central limits concurrent requests per endpoint (3–50)
 * and answers 429 beyond that, so staying under the cap is cheaper than retrying past it.
 *
 * Keys are `METHOD /url/{template}`; every call of one client shares the same gates, so all
 * capability calls of one integration respect one budget. Waiters queue in two FIFO lanes:
 * interactive work (RunScript, HealthCheck) is served before background sync whenever a slot
 * frees up. The uncontended path allocates nothing but the caller's own promise.
 */
import { ConfigError } from '../errors/index.js';
import { onAbort } from './abort-fanout.js';

/** Per-endpoint concurrency caps. */
export interface ConcurrencyOptions {
  /** Cap for any endpoint not listed. @default 8 */
  default?: number | undefined;
  /** Caps by `METHOD /template`, e.g. `{ 'GET /api/devices/{deviceId}/assets': 3 }`. */
  endpoints?: Readonly<Record<string, number>> | undefined;
}

/** Who is waiting: interactive waiters go first. */
export type Priority = 'interactive' | 'background';

interface Waiter {
  resolve: () => void;
  reject: (reason: unknown) => void;
  settled: boolean;
}

/**
 * A FIFO with O(1) push/shift that reuses its array instead of shifting it. A waiter leaves the
 * array as it is taken: its callbacks hold the whole call that waited (signal, timers, the
 * capability's boundary), which would otherwise live on until the array is next compacted.
 */
class Lane {
  #items: (Waiter | undefined)[] = [];
  #head = 0;

  push(waiter: Waiter): void {
    this.#items.push(waiter);
  }

  /** The next waiter that has not been cancelled, or undefined. */
  next(): Waiter | undefined {
    while (this.#head < this.#items.length) {
      const waiter = this.#items[this.#head];
      this.#items[this.#head++] = undefined;
      if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
        this.#items = this.#items.slice(this.#head);
        this.#head = 0;
      }
      if (waiter && !waiter.settled) return waiter;
    }
    return undefined;
  }

  get length(): number {
    return this.#items.length - this.#head;
  }
}

/** One endpoint's gate. */
class Gate {
  active = 0;
  readonly interactive = new Lane();
  readonly background = new Lane();
  constructor(readonly max: number) {}
}

/** Counts for one endpoint, for health checks and tests. */
export interface GateStats {
  readonly key: string;
  readonly max: number;
  readonly active: number;
  readonly waiting: number;
}

/** Normalises an endpoint key: upper-case method, one space, the template as given. */
export function endpointKey(method: string, template: string): string {
  return `${method.toUpperCase()} ${template}`;
}

/**
 * Per-endpoint semaphores with two priority lanes.
 * @example
 * const limiter = new EndpointLimiter({ default: 5, endpoints: { 'GET /api/devices': 5 } });
 * await limiter.acquire('GET /api/devices', 'background');
 * try { … } finally { limiter.release('GET /api/devices'); }
 */
export class EndpointLimiter {
  readonly #gates = new Map<string, Gate>();
  readonly #defaultMax: number;
  readonly #caps = new Map<string, number>();

  constructor(options: ConcurrencyOptions = {}, configPath = 'concurrency') {
    this.#defaultMax = checkCap(options.default ?? 8, `${configPath}.default`);
    for (const [key, cap] of Object.entries(options.endpoints ?? {})) {
      const match = /^\s*([A-Za-z]+)\s+(\/\S*)\s*$/.exec(key);
      if (!match?.[1] || !match[2]) {
        throw new ConfigError(`${configPath}.endpoints`, `"${key}" is not "METHOD /path/{template}"`, {
          hint: "Write keys like 'GET /api/devices/{deviceId}/assets'.",
        });
      }
      this.#caps.set(endpointKey(match[1], match[2]), checkCap(cap, `${configPath}.endpoints["${key}"]`));
    }
  }

  /**
   * Waits for a slot on `key`. Resolves at once when one is free. Rejects with the signal's
   * reason if `signal` aborts while waiting (the slot is then not taken).
   */
  acquire(key: string, priority: Priority, signal?: AbortSignal): Promise<void> | undefined {
    const gate = this.#gate(key);
    if (gate.active < gate.max) {
      gate.active++;
      // `undefined` instead of a resolved promise: the hot path costs no allocation or tick.
      return undefined;
    }
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, settled: false };
      if (signal) {
        const unregister = onAbort(signal, () => {
          if (waiter.settled) return;
          waiter.settled = true;
          reject(signal.reason);
        });
        waiter.resolve = () => {
          unregister();
          resolve();
        };
      }
      (priority === 'interactive' ? gate.interactive : gate.background).push(waiter);
    });
  }

  /** Frees a slot on `key`, handing it straight to the next waiter (interactive first). */
  release(key: string): void {
    const gate = this.#gates.get(key);
    if (!gate) return;
    const next = gate.interactive.next() ?? gate.background.next();
    if (next) {
      // The slot passes over without ever looking free, so no newcomer can barge in.
      next.settled = true;
      next.resolve();
      return;
    }
    if (gate.active > 0) gate.active--;
  }

  /** The cap that applies to `key`. */
  capFor(key: string): number {
    return this.#caps.get(key) ?? this.#defaultMax;
  }

  /** Current counts per endpoint seen so far. */
  stats(): GateStats[] {
    return [...this.#gates].map(([key, gate]) => ({ key, max: gate.max, active: gate.active, waiting: gate.interactive.length + gate.background.length }));
  }

  #gate(key: string): Gate {
    let gate = this.#gates.get(key);
    if (!gate) {
      gate = new Gate(this.capFor(key));
      this.#gates.set(key, gate);
    }
    return gate;
  }
}

function checkCap(value: number, path: string): number {
  if (!(Number.isInteger(value) && value >= 1) && value !== Number.POSITIVE_INFINITY) {
    throw new ConfigError(path, 'must be a whole number ≥ 1', { hint: 'N-central caps most endpoints between 3 and 50 in-flight requests.' });
  }
  return value;
}
