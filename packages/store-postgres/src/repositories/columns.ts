/** PostgreSQL gives absent optionals as NULL; the records use undefined. */
export function orUndefined<T>(value: T | null): T | undefined {
  return value === null ? undefined : value;
}
