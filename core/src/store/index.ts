export type { Store } from './store.js';
export { StoreToken } from './store.js';
export type * from './records.js';
export type * from './repositories.js';
export type * from './process-locks.js';
export { API_TOKEN_ROLES, tokenNameTaken } from './api-token-repository.js';
export type * from './api-token-repository.js';
export { collect } from './collect.js';
export { agentHash, contentHash, digestText, PRESENCE_RESOLUTION_MS, presenceMoved, stableStringify } from './content-hash.js';
