/**
 * Generates the 6-digit code for Automate's Google Authenticator plugin at each login, with
 * otpauth (RFC 6238: HMAC-SHA1, 30 s, 6 digits). Automate refuses a code that was already used,
 * so the generator never hands out the code of a time step it has handed out before: it waits
 * for the next step instead (at most 30 s, and only when logins come in quick succession).
 */
import { Secret, TOTP } from 'otpauth';

import type { Sleep } from './automate-api.js';

const PERIOD_MS = 30_000;

export class TotpGenerator {
  private readonly totp: TOTP;
  private lastStep = -1;

  constructor(
    secretBase32: string,
    private readonly now: () => number,
    private readonly sleep: Sleep,
    /** Told before a wait for the next step, so a person watching the logs knows why nothing moves. */
    private readonly onWait: (ms: number) => void = () => undefined,
  ) {
    this.totp = new TOTP({ secret: Secret.fromBase32(secretBase32), algorithm: 'SHA1', digits: 6, period: PERIOD_MS / 1000 });
  }

  /** A code of a time step not used before (waits for the next step when needed). */
  async next(signal?: AbortSignal): Promise<string> {
    let timestamp = this.now();
    if (Math.floor(timestamp / PERIOD_MS) <= this.lastStep) {
      const wait = (this.lastStep + 1) * PERIOD_MS - timestamp + 50;
      this.onWait(wait);
      await this.sleep(wait, signal);
      timestamp = Math.max(this.now(), (this.lastStep + 1) * PERIOD_MS);
    }
    this.lastStep = Math.floor(timestamp / PERIOD_MS);
    return this.totp.generate({ timestamp });
  }
}
