/**
 * The Automate TOTP pair on its own, so it runs beside the rest of the matrix: the plugin never
 * reuses a 30-second TOTP step, so a refused re-login (two codes) and the clean sync after it
 * wait for real time steps — up to about 90 seconds.
 */
import { describe } from 'vitest';

import { CWA } from '../support/world.js';
import { defineFaultMatrix } from './define-matrix.js';

describe('fault matrix: Automate TOTP', () => defineFaultMatrix(CWA, { suite: 'faults-automate-totp', only: (id) => id === 'totp-rejected', timeoutMs: 150_000 }));
