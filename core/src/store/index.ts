export type { Store } from './store.js';
export { StoreToken } from './store.js';
export type * from './records.js';
export type * from './repositories.js';
export type * from './link-repository.js';
export type * from './computer-repository.js';
export type * from './process-locks.js';
export { agentHash, contentHash, digestText, stableStringify } from './content-hash.js';
