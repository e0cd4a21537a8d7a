/** Core's in-memory store against the Store conformance suite. */
import { MemoryStore } from '@rmm-hub/core';

import { describeStoreConformance } from './describe-store-conformance.js';

describeStoreConformance('MemoryStore', async () => new MemoryStore());
