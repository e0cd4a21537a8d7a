/**
 * A number of reads allowed under way at once, shared by every page of one listing: pages whose
 * identity reads overlap (a tenant's few agents each, as the listing ends tenant after tenant)
 * queue for the same slots instead of each starting its own, so the RMM's cap is kept busy and
 * no read waits behind more than the slots' worth of others.
 */
export class ReadSlots {
  #free: number;
  readonly #waiting: (() => void)[] = [];

  constructor(size: number) {
    this.#free = size;
  }

  /** Runs `read` once a slot is free, first come first served. */
  async run<T>(read: () => Promise<T>): Promise<T> {
    if (this.#free > 0) this.#free--;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await read();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#free++;
    }
  }
}
