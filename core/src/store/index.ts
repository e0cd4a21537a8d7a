export type { Store } from './store.js';
export { StoreToken } from './store.js';
export type * from './records.js';
export type * from './repositories.js';
export type * from './link-repository.js';
export type * from './computer-repository.js';
export type * from './process-locks.js';
export { agentHash, contentHash, digestText, PRESENCE_RESOLUTION_MS, presenceMoved, stableStringify } from './content-hash.js';
