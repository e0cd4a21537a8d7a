/**
 * The version of every `--json` document's shape. Raise it when a field is removed or changes
 * meaning; adding a field is compatible and keeps it.
 */
export const OUTPUT_SCHEMA_VERSION = 1;
