/** The fault matrix against the N-central plugin and simulator (see fault-cases.ts). */
import { describe } from 'vitest';

import { NC } from '../support/world.js';
import { defineFaultMatrix } from './define-matrix.js';

describe('fault matrix: N-central', () => defineFaultMatrix(NC, { suite: 'faults-ncentral' }));
