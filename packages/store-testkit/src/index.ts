/**
 * `@rmm-hub/store-testkit` — what a Store author tests with: the conformance suite every Store
 * runs (the in-memory and SQLite stores included). See docs/writing-a-store.md.
 */
export { describeStoreConformance } from './describe-store-conformance.js';
export type { StoreConformanceOptions } from './store-conformance-options.js';
