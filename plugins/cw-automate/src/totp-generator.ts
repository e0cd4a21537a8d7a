/**
 * Generates the 6-digit code for Automate's Google Authenticator plugin at each login, with
 * otpauth (RFC 6238: HMAC-SHA1, 30 s, 6 digits). Automate refuses a code that was already used,
 * so the generator never hands out the code of a time step handed out before — by this process
 * or by any other sharing the host's store: the last step used is kept in the integration's
 * state and claimed atomically. When it is taken, the generator waits for the next step (at
 * most 30 s, and only when logins come in quick succession).
 */
import { Secret, TOTP } from 'otpauth';

import type { IntegrationState } from '@rmm-hub/core/plugin';

import type { Sleep } from './automate-api.js';

const PERIOD_MS = 30_000;
/** The integration-state key holding the last time step whose code was handed out. */
export const LAST_TOTP_STEP_KEY = 'totp.lastStep';

export class TotpGenerator {
  private readonly totp: TOTP;

  constructor(
    secretBase32: string,
    private readonly now: () => number,
    private readonly sleep: Sleep,
    private readonly state: IntegrationState,
    /** Told before a wait for the next step, so a person watching the logs knows why nothing moves. */
    private readonly onWait: (ms: number) => void = () => undefined,
  ) {
    this.totp = new TOTP({ secret: Secret.fromBase32(secretBase32), algorithm: 'SHA1', digits: 6, period: PERIOD_MS / 1000 });
  }

  /** A code of a time step not used before (waits for the next step when needed). */
  async next(signal?: AbortSignal): Promise<string> {
    for (;;) {
      const timestamp = this.now();
      const step = Math.floor(timestamp / PERIOD_MS);
      let last = -1;
      await this.state.update(LAST_TOTP_STEP_KEY, (current) => {
        last = current === undefined ? -1 : Number(current);
        return String(Math.max(last, step));
      });
      if (step > last) return this.totp.generate({ timestamp });
      const wait = (last + 1) * PERIOD_MS - timestamp + 50;
      this.onWait(wait);
      await this.sleep(wait, signal);
    }
  }
}
