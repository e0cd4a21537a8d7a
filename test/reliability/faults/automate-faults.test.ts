/** The fault matrix against the Automate plugin and simulator (see fault-cases.ts), TOTP aside. */
import { describe } from 'vitest';

import { CWA } from '../support/world.js';
import { defineFaultMatrix } from './define-matrix.js';

describe('fault matrix: Automate', () => defineFaultMatrix(CWA, { suite: 'faults-automate', only: (id) => id !== 'totp-rejected' }));
