/**
 * Reads a streamed result (`AgentRepository.iterate` and the like) into an array: for callers
 * that need every row at once, where `Array.fromAsync` (Node 22) is not there yet.
 */
export async function collect<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const row of rows) out.push(row);
  return out;
}
