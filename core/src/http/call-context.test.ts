import { describe, expect, it } from 'vitest';

import { currentCallContext, runInCallContext } from './call-context.js';

describe('call context', () => {
  it('follows the async flow and is absent outside', async () => {
    expect(currentCallContext()).toBeUndefined();
    const seen = await runInCallContext({ capability: 'RunScript', interactive: true }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return currentCallContext();
    });
    expect(seen).toEqual({ capability: 'RunScript', interactive: true });
    expect(currentCallContext()).toBeUndefined();
  });

  it('keeps parallel calls apart', async () => {
    const run = (capability: string, interactive: boolean): Promise<string | undefined> =>
      runInCallContext({ capability, interactive }, async () => {
        await new Promise((resolve) => setTimeout(resolve, interactive ? 5 : 1));
        return currentCallContext()?.capability;
      });
    expect(await Promise.all([run('RunScript', true), run('ListComputers', false)])).toEqual(['RunScript', 'ListComputers']);
  });
});
