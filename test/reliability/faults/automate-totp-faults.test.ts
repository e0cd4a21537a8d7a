/**
 * The Automate TOTP pair: the plugin never reuses a 30-second TOTP step, so a refused re-login
 * (two codes) and the clean sync after it cross several steps — on the virtual clock the plugin
 * and simulator share (run-fault-case.ts), so no real time passes waiting.
 */
import { describe } from 'vitest';

import { CWA } from '../support/world.js';
import { defineFaultMatrix } from './define-matrix.js';

describe('fault matrix: Automate TOTP', () => defineFaultMatrix(CWA, { suite: 'faults-automate-totp', only: (id) => id === 'totp-rejected' }));
