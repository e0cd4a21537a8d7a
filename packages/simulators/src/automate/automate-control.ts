/**
 * The Automate-specific faults and switches a test flips on a running simulator (transport
 * faults — 429, 5xx, resets, slow and truncated responses — live in the shared FaultInjector).
 */
import type { AuthService } from './automate-auth.js';
import type { CommandQueue } from './command-execute.js';
import type { ComputerView } from './computer-view.js';

/** What the API user's user class may do (reference §8: Computers.Edit / Computers.Delete). */
export interface AutomatePermissions {
  clientsRead: boolean;
  computersRead: boolean;
  computersEdit: boolean;
  computersDelete: boolean;
  commandsExecute: boolean;
}

/** An "error inside a 200" rule: the next `times` matching requests get this body with status 200. */
interface BodyErrorRule {
  route: string | undefined;
  times: number;
}

/** The control surface of a running simulated Automate. */
export interface AutomateControl {
  /** Every token issued so far expires now; with `afterRequests`, after that many more authenticated requests. */
  expireTokens(options?: { afterRequests?: number }): void;
  /** A server restart: every token is forgotten (refresh of them fails too). */
  restart(): void;
  /** The next `times` TOTP checks fail even with a correct code. */
  rejectTotp(times?: number): void;
  /**
   * The next `times` authenticated requests (of `route`, a path prefix such as
   * `/cwa/api/v1/computers`, if given) answer 200 with an ASP.NET error object instead of data.
   */
  errorInside200(options?: { route?: string; times?: number }): void;
  /** Whether the server accepts the integration's ClientId (false: as if it were unregistered). */
  acceptClientId(accepted: boolean): void;
  setPermissions(permissions: Partial<AutomatePermissions>): void;
  /** The next `times` commands end Failed with Output `ERR`. */
  failCommands(times?: number): void;
  /**
   * While held, no agent picks a command up: every command stays Pending (as when the agents
   * stop checking in), then runs its course from where its clock stands once released.
   */
  holdCommands(held: boolean): void;
  /** Counters: logins, refreshes, 2FA challenges, rejected logins, active tokens. */
  readonly auth: AuthService['counters'] & { readonly activeTokens: number };
  /** Rows retired through DELETE, as `GET RetiredAssets` lists them. */
  retired(): Record<string, unknown>[];
}

/** The mutable state behind {@link AutomateControl}, shared with the route handlers. */
export class ControlState {
  permissions: AutomatePermissions = { clientsRead: true, computersRead: true, computersEdit: true, computersDelete: true, commandsExecute: true };
  clientIdAccepted = true;
  expireAfter: number | undefined;
  private bodyErrors: BodyErrorRule[] = [];

  constructor(
    readonly auth: AuthService,
    readonly commands: CommandQueue,
    readonly view: ComputerView,
  ) {}

  /** Called on every authenticated request: fires a scheduled expiry. */
  tick(): void {
    if (this.expireAfter === undefined) return;
    if (this.expireAfter <= 0) {
      this.expireAfter = undefined;
      this.auth.expireAll();
    } else this.expireAfter--;
  }

  /** Arms an "error inside a 200" rule. */
  addBodyError(route: string | undefined, times: number): void {
    this.bodyErrors.push({ route, times });
  }

  /** True when this request must get an error inside a 200 (consumes the rule). */
  takeBodyError(path: string): boolean {
    const lower = path.toLowerCase();
    const rule = this.bodyErrors.find((r) => r.times > 0 && (r.route === undefined || lower.startsWith(r.route.toLowerCase())));
    if (!rule) return false;
    rule.times--;
    this.bodyErrors = this.bodyErrors.filter((r) => r.times > 0);
    return true;
  }

  control(): AutomateControl {
    return controlOf(this);
  }
}

/** The public control surface over a {@link ControlState}. */
function controlOf(state: ControlState): AutomateControl {
    return {
      expireTokens(options) {
        if (options?.afterRequests === undefined) state.auth.expireAll();
        else state.expireAfter = options.afterRequests;
      },
      restart() {
        state.auth.dropAll();
      },
      rejectTotp(times = 1) {
        state.auth.rejectTotp += times;
      },
      errorInside200(options) {
        state.addBodyError(options?.route, options?.times ?? 1);
      },
      acceptClientId(accepted) {
        state.clientIdAccepted = accepted;
      },
      setPermissions(permissions) {
        state.permissions = { ...state.permissions, ...permissions };
      },
      failCommands(times = 1) {
        state.commands.failNext += times;
      },
      holdCommands(held) {
        state.commands.held = held;
      },
      get auth() {
        return { ...state.auth.counters, activeTokens: state.auth.activeTokens };
      },
      retired: () => state.view.retiredAssets(),
    };
}
