/**
 * One simulated RMM server in a child process of its own (sync-sims.child.ts: why a process,
 * and the IPC protocol), as the sync-efficiency and workers benchmarks start them.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import type { FleetChanges } from './changing-fleet.js';
import type { SimChildOptions, SimChildReady, SimChildStats } from './sync-sims.child.js';

/** One simulator's child process. */
export interface SimChild {
  ready: SimChildReady;
  stats(): Promise<SimChildStats>;
  change(share: number): Promise<FleetChanges>;
  /** Moves N-central's clock on by `ms` (see sync-sims.child.ts). */
  advanceClock(ms: number): Promise<void>;
  close(): Promise<void>;
}

export async function startSimChild(options: SimChildOptions): Promise<SimChild> {
  const child = fork(fileURLToPath(new URL('./sync-sims.child.js', import.meta.url)), [JSON.stringify(options)], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`the ${options.serve} simulator's process exited (${code})`))));
  exited.catch(() => undefined);
  const next = <T>(key: string): Promise<T> =>
    Promise.race([
      exited,
      new Promise<T>((resolve) => {
        const on = (message: Record<string, unknown>): void => {
          if (!(key in message)) return;
          child.off('message', on);
          resolve(message[key] as T);
        };
        child.on('message', on);
      }),
    ]);
  const close = async (): Promise<void> => {
    if (child.exitCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.send('close');
    await gone;
  };
  try {
    return {
      ready: await next<SimChildReady>('ready'),
      stats: () => {
        const answer = next<SimChildStats>('stats');
        child.send('stats');
        return answer;
      },
      change: (share) => {
        const answer = next<FleetChanges>('changed');
        child.send({ change: share });
        return answer;
      },
      advanceClock: async (ms) => {
        const answer = next<number>('advanced');
        child.send({ advance: ms });
        await answer;
      },
      close,
    };
  } catch (error) {
    child.kill();
    throw error;
  }
}
