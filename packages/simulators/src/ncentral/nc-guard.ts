/**
 * What runs before every N-central handler: the expired-password symptom, the access-token
 * check, and the "error inside a 200" switch. Keeping it in one wrapper means every route
 * behaves the same way under each RMM-specific fault.
 */
import { SimHttpError, type SimHandler, type SimRequest } from '../server/router.js';
import type { NcSimContext } from './nc-context.js';

/** The body N-central answers on every call once the API user's password has expired. */
export const UI_SESSION_MESSAGE = 'Unable to validate UI session: javax.validation.ValidationException: Unable to validate UI session.';

/** The bearer credential of a request, if any. */
export function bearerOf(req: SimRequest): string | undefined {
  const header = req.headers.authorization;
  const m = header === undefined ? null : /^\s*Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? (m[1] as string) : undefined;
}

/** Options of {@link guarded}. */
export interface GuardOptions {
  /** Requires a live access token. @default true */
  auth?: boolean;
  /** Subject to the expired-password symptom. @default the value of `auth` */
  session?: boolean;
}

/** Wraps a handler with the checks every N-central route shares. */
export function guarded(ctx: NcSimContext, handler: SimHandler, options: GuardOptions = {}): SimHandler {
  const auth = options.auth ?? true;
  const session = options.session ?? auth;
  return (req) => {
    if (session && ctx.switches.passwordExpired) {
      throw new SimHttpError(500, UI_SESSION_MESSAGE, { status: 500, message: UI_SESSION_MESSAGE });
    }
    if (auth) {
      const token = bearerOf(req);
      if (token === undefined) throw new SimHttpError(401, 'UNAUTHORIZED: Full authentication is required to access this resource');
      const check = ctx.auth.checkAccess(token);
      if (check !== 'valid') ctx.auth.rotation.refused++;
      else ctx.auth.noteServed();
      if (check === 'expired') throw new SimHttpError(401, 'UNAUTHORIZED: The access token has expired');
      if (check === 'unknown') throw new SimHttpError(401, 'UNAUTHORIZED: The access token is invalid');
      const rule = ctx.switches.error200.find((r) => r.remaining > 0 && (r.pathPrefix === undefined || req.path.startsWith(r.pathPrefix)));
      if (rule) {
        rule.remaining--;
        ctx.switches.error200 = ctx.switches.error200.filter((r) => r.remaining > 0);
        return { status: 200, body: { 'error message': rule.message } };
      }
    }
    return handler(req);
  };
}
