import { getEventListeners } from 'node:events';

import { describe, expect, it } from 'vitest';

import { onAbort } from './abort-fanout.js';

describe('onAbort', () => {
  it('keeps one listener per signal and calls every registered callback once', () => {
    const controller = new AbortController();
    const calls: number[] = [];
    const unregister = Array.from({ length: 50 }, (_, i) => onAbort(controller.signal, () => calls.push(i)));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    unregister.slice(0, 40).forEach((fn) => fn());
    controller.abort();
    expect(calls).toEqual([40, 41, 42, 43, 44, 45, 46, 47, 48, 49]);
    controller.signal.dispatchEvent(new Event('abort'));
    expect(calls).toHaveLength(10);
  });
});
