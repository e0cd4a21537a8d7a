/**
 * PostgreSQL ends one of two transactions that wait on each other with "deadlock detected"
 * (SQLSTATE 40P01); the other goes on, and the one ended can simply run again. pg-boss's queue
 * creation does this when several processes create queues at once (a worker starting while
 * `sync --enqueue` runs), so that step is retried rather than failed.
 */
const DEADLOCK = '40P01';

export const isDeadlock = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && ((error as { code?: unknown }).code === DEADLOCK || /deadlock detected/i.test(String((error as { message?: unknown }).message)));

/** Runs `work`, again up to `attempts - 1` times while it ends in a deadlock; any other failure, or the last deadlock, is thrown. */
export async function retryingDeadlocks<T>(work: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isDeadlock(error)) throw error;
    }
  }
}
