/**
 * The routes of the simulated Automate REST API under `/cwa/api/v1` (paths are matched
 * case-insensitively, as IIS does). Every route but the token endpoints needs the ClientId
 * header and a bearer token; errors are ASP.NET-style `{"Message": "..."}` bodies.
 */
import type { IncomingHttpHeaders } from 'node:http';

import type { Router, SimHandler, SimRequest, SimResponse } from '../server/router.js';
import { agentConsolePage } from '../server/console-page.js';
import type { AuthService } from './automate-auth.js';
import { clientRecord, locationRecord, type RecordFormat } from './automate-records.js';
import type { AutomatePermissions, ControlState } from './automate-control.js';
import { COMMANDS, type CommandQueue } from './command-execute.js';
import type { InstallerTokens } from './installer-tokens.js';
import type { MaintenanceModes } from './maintenance-modes.js';
import { ConditionFieldError } from './condition-evaluator.js';
import { ConditionSyntaxError } from './condition-lexer.js';
import type { ComputerView } from './computer-view.js';
import { ListOptionError, parseListOptions, type PagingLimits } from './list-options.js';
import { listInMemory } from './list-query.js';

/** Everything the handlers need. */
export interface AutomateRouteDeps {
  auth: AuthService;
  view: ComputerView;
  commands: CommandQueue;
  state: ControlState;
  clientId: string;
  format: RecordFormat;
  paging: PagingLimits;
  /** Whether `POST apitoken` itself insists on the ClientId header (uncertain; default yes). */
  requireClientIdOnToken: boolean;
  /** Whether CommandExecute refuses a `Command.Id` that is not a string (the spec's type). */
  strictCommandId: boolean;
  now: () => number;
  installers: InstallerTokens;
  maintenance: MaintenanceModes;
  /** Whether maintenance mode can be set (POST/DELETE), not only listed. */
  maintenanceRoutes: boolean;
}

/** The API's base path. */
export const AUTOMATE_BASE = '/cwa/api/v1';

const message = (status: number, text: string): SimResponse => ({ status, body: { Message: text } });

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

function prop(body: unknown, name: string): unknown {
  if (body === null || typeof body !== 'object') return undefined;
  const key = Object.keys(body).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : (body as Record<string, unknown>)[key];
}

function intParam(text: string | undefined): number | undefined {
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}

/** Registers every Automate route on `router`. */
export function registerAutomateRoutes(router: Router, deps: AutomateRouteDeps): void {
  const { auth, view, commands, state, format } = deps;
  const dated = (handler: SimHandler): SimHandler => async (req) => {
    const res = await handler(req);
    return { ...res, headers: { Date: new Date(deps.now()).toUTCString(), ...res.headers } };
  };
  const clientIdProblem = (req: SimRequest): SimResponse | undefined => {
    const sent = header(req.headers, 'clientid');
    if (!sent) return message(401, 'The ClientId header is required.');
    if (!state.clientIdAccepted || sent.trim().toLowerCase() !== deps.clientId.toLowerCase()) return message(401, 'The ClientId is not registered.');
    return undefined;
  };
  const guarded = (permission: keyof AutomatePermissions | undefined, handler: SimHandler): SimHandler =>
    dated(async (req) => {
      const problem = clientIdProblem(req);
      if (problem) return problem;
      state.tick();
      const bearer = /^Bearer\s+(.+)$/i.exec(header(req.headers, 'authorization') ?? '');
      if (!bearer || !auth.validate((bearer[1] as string).trim())) return message(401, 'Authorization has been denied for this request.');
      if (state.takeBodyError(req.path)) {
        return {
          status: 200,
          body: {
            Message: 'An error has occurred.',
            ExceptionMessage: 'Timeout expired. The timeout period elapsed prior to completion of the operation.',
            ExceptionType: 'MySql.Data.MySqlClient.MySqlException',
            StackTrace: null,
          },
        };
      }
      if (permission && !state.permissions[permission]) return message(403, 'You do not have permission to perform this action.');
      try {
        return await handler(req);
      } catch (error) {
        if (error instanceof ConditionSyntaxError || error instanceof ConditionFieldError || error instanceof ListOptionError) {
          return message(400, error.message);
        }
        throw error;
      }
    });
  const route = (method: string, path: string, handler: SimHandler): void => {
    router.on(method, `${AUTOMATE_BASE}${path}`, handler);
  };

  // --- authentication (reference §2)
  route('POST', '/apitoken', dated((req) => {
    if (deps.requireClientIdOnToken) {
      const problem = clientIdProblem(req);
      if (problem) return problem;
    }
    const body = isForm(req) ? Object.fromEntries(new URLSearchParams(req.text())) : req.json();
    return auth.login(body);
  }));
  route('POST', '/apitoken/refresh', dated((req) => {
    if (deps.requireClientIdOnToken) {
      const problem = clientIdProblem(req);
      if (problem) return problem;
    }
    return auth.refresh(req.json());
  }));
  route('GET', '/apitoken', dated(() => ({
    status: 200,
    body: { AllowDirect: true, AllowServiceRegistration: false, AutomateRedirectUri: null, Services: [] },
  })));

  // --- system
  route('GET', '/PatchInformation', guarded(undefined, () => ({
    status: 200,
    body: {
      WebServerPatchVersion: '2025.5.101',
      DBAgentServerPatchVersion: '2025.5.101',
      ControlCenterPatchVersion: '2025.5.101',
      RemoteAgentPatchVersion: '2025.5.101',
      LinuxAgentPatchVersion: '2025.5.101',
      MacAgentPatchVersion: '2025.5.101',
      LastPatchedDate: '2025-05-01T02:00:00',
    },
  })));
  route('GET', '/Commands', guarded(undefined, (req) => {
    const rows = Object.entries(COMMANDS).map(([id, c]) => ({ Id: id, ...c }));
    return { status: 200, body: listInMemory(rows, parseListOptions(req.query, deps.paging)) };
  }));

  // --- clients and locations (reference §4)
  const clientRows = [...view.clients.values()].map((c) => clientRecord(c, format));
  const locationRows = [...view.locations.values()].map((l) => locationRecord(l, view.clients.get(l.clientId), format));
  route('GET', '/clients', guarded('clientsRead', (req) => ({ status: 200, body: listInMemory(clientRows, parseListOptions(req.query, deps.paging)) })));
  route('GET', '/clients/:clientId', guarded('clientsRead', (req) => {
    const client = view.clients.get(intParam(req.params['clientId']) ?? -1);
    return client ? { status: 200, body: clientRecord(client, format) } : message(404, 'Client not found.');
  }));
  route('GET', '/locations', guarded('clientsRead', (req) => ({ status: 200, body: listInMemory(locationRows, parseListOptions(req.query, deps.paging)) })));
  route('GET', '/locations/:locationId', guarded('clientsRead', (req) => {
    const location = view.locations.get(intParam(req.params['locationId']) ?? -1);
    return location ? { status: 200, body: locationRecord(location, view.clients.get(location.clientId), format) } : message(404, 'Location not found.');
  }));

  // --- computers (reference §5, §8)
  route('GET', '/computers', guarded('computersRead', (req) => ({ status: 200, body: view.list('computers', parseListOptions(req.query, deps.paging)) })));
  route('GET', '/computers/Chassis', guarded('computersRead', (req) => ({ status: 200, body: view.list('chassis', parseListOptions(req.query, deps.paging)) })));
  route('GET', '/RetiredAssets', guarded('computersRead', (req) => ({ status: 200, body: listInMemory(view.retiredAssets(), parseListOptions(req.query, deps.paging)) })));
  const computerIndex = (req: SimRequest): number | undefined => {
    const id = intParam(req.params['computerId']);
    return id === undefined ? undefined : view.indexOf(id);
  };
  route('GET', '/computers/:computerId', guarded('computersRead', (req) => {
    const index = computerIndex(req);
    const row = index === undefined ? undefined : view.computer(index);
    return row ? { status: 200, body: row } : message(404, 'Computer not found.');
  }));
  // The web console's computer page, where the plugin's AgentUrl points by default.
  router.on('GET', '/automate/computer/:computerId', (req) => {
    const index = computerIndex(req);
    return index === undefined ? message(404, 'Computer not found.') : agentConsolePage('ConnectWise Automate', view.agent(index).agentId, view.agent(index).hostname);
  });
  route('PATCH', '/computers/:computerId', guarded('computersEdit', (req) => {
    const index = computerIndex(req);
    if (index === undefined) return message(404, 'Computer not found.');
    const ops = req.json<unknown>();
    if (!Array.isArray(ops)) return message(400, 'The request body must be an array of patch operations.');
    for (const op of ops) {
      const result = applyPatch(op, view, view.agent(index).agentId);
      if (result) return result;
    }
    return { status: 200, body: view.computer(index) };
  }));
  route('DELETE', '/computers/:computerId', guarded('computersDelete', (req) => {
    const id = intParam(req.params['computerId']);
    if (id === undefined || !view.retire(id, 'Retired through the REST API')) return message(404, 'Computer not found.');
    return { status: 204 };
  }));

  // --- maintenance mode (reference §8.7; setting it is the plugin's reading, see maintenance-modes.ts)
  route('GET', '/computers/MaintenanceModes', guarded('computersRead', (req) => ({ status: 200, body: listInMemory(deps.maintenance.rows() as unknown as Record<string, unknown>[], parseListOptions(req.query, deps.paging)) })));
  if (deps.maintenanceRoutes) {
    route('POST', '/computers/MaintenanceModes', guarded('computersEdit', (req) => deps.maintenance.start(req)));
    route('DELETE', '/computers/MaintenanceModes/:computerId', guarded('computersEdit', (req) => deps.maintenance.end(intParam(req.params['computerId']) ?? -1)));
  }

  // --- agent installers (reference §8.4)
  route('POST', '/RemoteAgent/Installers', guarded(undefined, (req) => deps.installers.handle(req)));

  // --- commands (reference §6)
  route('POST', '/computers/:computerId/CommandExecute', guarded('commandsExecute', (req) => {
    const index = computerIndex(req);
    if (index === undefined) return message(404, 'Computer not found.');
    const body = req.json<unknown>();
    const command = prop(body, 'command');
    if (deps.strictCommandId && typeof prop(command, 'id') !== 'string') return message(422, 'The request is invalid: Command.Id must be a string.');
    const commandId = Number(prop(command, 'id') ?? prop(body, 'commandId'));
    if (!Number.isInteger(commandId) || commandId <= 0) return message(400, 'Command.Id is required.');
    const parameters = prop(body, 'parameters');
    const list = Array.isArray(parameters) ? parameters.map(String) : typeof parameters === 'string' ? [parameters] : [];
    const agent = view.agent(index);
    return { status: 200, body: commands.create(agent, commandId, list, agent.hostname) };
  }));
  route('GET', '/computers/:computerId/CommandExecute', guarded('computersRead', (req) => {
    const id = intParam(req.params['computerId']);
    if (id === undefined || view.indexOf(id) === undefined) return message(404, 'Computer not found.');
    return { status: 200, body: listInMemory(commands.list(id), parseListOptions(req.query, deps.paging)) };
  }));
  route('GET', '/computers/:computerId/CommandExecute/:commandId', guarded('computersRead', (req) => {
    const row = commands.get(intParam(req.params['computerId']) ?? -1, intParam(req.params['commandId']) ?? -1);
    return row ? { status: 200, body: row } : message(404, 'Command not found.');
  }));
}

function isForm(req: SimRequest): boolean {
  return /application\/x-www-form-urlencoded/i.test(header(req.headers, 'content-type') ?? '');
}

/**
 * One JSON-Patch operation on a computer. Moving is the only edit the simulator models; the
 * exact path is unknown (reference §8.1), so `/Location/Id`, `Location` (value `{Id}`) and
 * `/LocationId` are all accepted. Returns an error response, or undefined when applied.
 */
function applyPatch(op: unknown, view: ComputerView, computerId: number): SimResponse | undefined {
  const kind = String(prop(op, 'op') ?? '').toLowerCase();
  const path = String(prop(op, 'path') ?? '').replace(/^\//, '').toLowerCase();
  const value = prop(op, 'value');
  if (kind !== 'replace') return message(400, `Unsupported patch operation '${kind}'.`);
  let locationId: unknown;
  if (path === 'location/id' || path === 'locationid') locationId = value;
  else if (path === 'location') locationId = prop(value, 'id');
  else return message(400, `The path '${path}' cannot be patched.`);
  const location = view.locations.get(Number(locationId));
  if (!location) return message(400, `Location ${String(locationId)} does not exist.`);
  view.move(computerId, location);
  return undefined;
}
