/**
 * Builds `condition` expressions (reference §3.1) safely. Every value goes through
 * {@link literal}: numbers bare, everything else quoted, so no value — an id from the host, a
 * client name with quotes — can change the shape of the filter.
 *
 * Quoting: the grammar has both quote characters but no documented escape. A value is wrapped
 * in single quotes, or in double quotes when it holds a single quote and no double quote — no
 * escape needed in either case. Only a value with both quotes (or a backslash) is escaped, in
 * MySQL's style: backslash before the quote and before a backslash.
 */

/** A condition literal for `value`. */
export function literal(value: string | number | boolean): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return String(value);
  const hasBackslash = value.includes('\\');
  if (!value.includes("'") && !hasBackslash) return `'${value}'`;
  if (!value.includes('"') && !hasBackslash) return `"${value}"`;
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** `field = value`, or `field in (…)` for several values. */
export function anyOf(fieldName: string, values: readonly (string | number)[]): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(fieldName)) throw new TypeError(`not a field name: ${fieldName}`);
  if (values.length === 0) throw new RangeError(`anyOf(${fieldName}) needs at least one value`);
  if (values.length === 1) return `${fieldName} = ${literal(values[0] as string | number)}`;
  return `${fieldName} in (${values.map(literal).join(',')})`;
}

/** A numeric id if `text` is one, else the text itself (quoted by {@link literal}). */
export function idValue(text: string): string | number {
  return /^\d{1,15}$/.test(text) ? Number(text) : text;
}
