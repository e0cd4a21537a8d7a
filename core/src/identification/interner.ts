/**
 * A string → dense integer dictionary: open addressing over a power-of-two Int32Array, so the
 * hundreds of thousands of lookups a run makes neither rehash a growing Map nor allocate.
 */
import { fingerprint32 } from './string-hash.js';

export class Interner {
  readonly values: string[] = [];
  private slots: Int32Array;
  private mask: number;

  constructor(expected: number) {
    let size = 16;
    while (size < expected * 2) size *= 2;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
  }

  id(value: string): number {
    let slot = fingerprint32(value) & this.mask;
    for (;;) {
      const id = this.slots[slot] as number;
      if (id === -1) break;
      if (this.values[id] === value) return id;
      slot = (slot + 1) & this.mask;
    }
    const id = this.values.length;
    this.values.push(value);
    this.slots[slot] = id;
    if (this.values.length * 2 > this.slots.length) this.grow();
    return id;
  }

  private grow(): void {
    const size = this.slots.length * 2;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    this.values.forEach((value, id) => {
      let slot = fingerprint32(value) & this.mask;
      while ((this.slots[slot] as number) !== -1) slot = (slot + 1) & this.mask;
      this.slots[slot] = id;
    });
  }
}
