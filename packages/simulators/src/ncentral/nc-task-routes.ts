/**
 * `/api/scheduled-tasks/*` (reference §6): run a repository item on one device through
 * `direct`, then poll the task, its aggregated status and the per-device details.
 *
 * Answers for unconfirmed cases, chosen here and documented: a missing or not API-enabled
 * item → 403 `FORBIDDEN: ScriptNotRunnableException…`; a duplicate name → 500 (configurable);
 * an unknown device → 404; a device outside `customerId`, a probe, a bad `taskType` or
 * credential → 400; a DEVICE-level task id on `/status/details` → 400.
 */
import { SimHttpError, type Router, type SimRequest } from '../server/router.js';
import type { NcSimContext } from './nc-context.js';
import { agentOfDevice } from './nc-device-routes.js';
import { guarded } from './nc-guard.js';
import { pathId } from './nc-org-unit-routes.js';
import type { NcTaskStore, SimTask } from './nc-task-store.js';

const TASK_TYPES = new Set(['AutomationPolicy', 'Script', 'MacScript']);
const CREDENTIAL_TYPES = new Set(['LocalSystem', 'DeviceCredentials', 'CustomCredentials']);

function bad(message: string): never {
  throw new SimHttpError(400, `BAD REQUEST: ${message}`);
}

function num(value: unknown, field: string): number {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) bad(`${field} must be a number`);
  return n;
}

function parseParameters(value: unknown): { name: string; value: string }[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) bad('parameters must be an array');
  return value.map((p: unknown, i) => {
    const o = p as { name?: unknown; value?: unknown } | null;
    if (typeof o?.name !== 'string' || o.name === '') bad(`parameters[${i}].name is required`);
    return { name: o.name, value: o.value === undefined || o.value === null ? '' : String(o.value) };
  });
}

function detail(task: SimTask, view: { status: string; message: string; output: string }): Record<string, unknown> {
  return {
    taskId: task.taskId,
    deviceId: task.deviceId,
    deviceName: task.deviceName,
    taskName: task.name,
    status: view.status,
    message: view.message,
    output: view.output,
    outputFileName: view.output === '' ? null : `${task.name}-output.txt`,
  };
}

function findTask(tasks: NcTaskStore, req: SimRequest): { task: SimTask; level: 'CUSTOMER' | 'DEVICE' } {
  const id = pathId(req, 'taskId');
  const found = tasks.find(id);
  if (!found) throw new SimHttpError(404, `NOT FOUND: Task ${id} not found`);
  return found;
}

/** Registers the scheduled-task routes. */
export function registerTaskRoutes(router: Router, ctx: NcSimContext, tasks: NcTaskStore): void {
  const g = (h: Parameters<typeof guarded>[1]) => guarded(ctx, h);

  router.on('POST', '/api/scheduled-tasks/direct', g((req) => {
    const body = req.json<Record<string, unknown> | null>();
    if (typeof body !== 'object' || body === null || Array.isArray(body)) bad('a DirectSupportTask object is required');
    const name = body['name'];
    if (typeof name !== 'string' || name.trim() === '') bad('name is required');
    const itemId = num(body['itemId'], 'itemId');
    const taskType = body['taskType'];
    if (typeof taskType !== 'string' || !TASK_TYPES.has(taskType)) bad(`taskType must be one of ${[...TASK_TYPES].join(', ')}`);
    const customerId = num(body['customerId'], 'customerId');
    const deviceId = num(body['deviceId'], 'deviceId');
    const credential = body['credential'] as { type?: unknown; username?: unknown; password?: unknown } | undefined | null;
    if (credential !== undefined && credential !== null) {
      if (typeof credential.type !== 'string' || !CREDENTIAL_TYPES.has(credential.type)) bad(`credential.type must be one of ${[...CREDENTIAL_TYPES].join(', ')}`);
      if (credential.type === 'CustomCredentials' && (typeof credential.username !== 'string' || typeof credential.password !== 'string')) {
        bad('CustomCredentials need a username and a password');
      }
    }
    const parameters = parseParameters(body['parameters']);
    if (tasks.hasName(name)) {
      const status = ctx.settings.duplicateTaskNameStatus;
      throw new SimHttpError(status, `INTERNAL SERVER ERROR: a task named '${name}' already exists`);
    }
    const item = ctx.repository.get(itemId);
    if (!item) throw new SimHttpError(403, `FORBIDDEN: ScriptNotRunnableException: Repository item ${itemId} does not exist`);
    if (!item.apiEnabled) throw new SimHttpError(403, `FORBIDDEN: ScriptNotRunnableException: Remote execution through the API is not enabled for item ${itemId}`);
    if (item.kind !== taskType) bad(`item ${itemId} is a ${item.kind}, not a ${taskType}`);
    const { agent, index } = agentOfDevice(ctx, deviceId);
    if (agent.clientId !== customerId) bad(`device ${deviceId} does not belong to customer ${customerId}`);
    if (agent.isProbe) bad(`device ${deviceId} is a probe and cannot run tasks`);
    const task = tasks.create({ name, itemId, taskType, customerId, deviceIndex: index, parameters });
    return { status: 201, body: { data: { taskId: task.taskId }, _links: { task: `/api/scheduled-tasks/${task.taskId}` } } };
  }));

  router.on('GET', '/api/scheduled-tasks/:taskId', g((req) => {
    const { task, level } = findTask(tasks, req);
    const isDevice = level === 'DEVICE';
    return {
      status: 200,
      body: {
        data: {
          taskId: isDevice ? task.deviceTaskId : task.taskId,
          parentId: isDevice ? task.taskId : null,
          name: task.name,
          type: task.taskType,
          itemId: task.itemId,
          customerId: task.customerId,
          deviceId: task.deviceId,
          deviceIds: [task.deviceId],
          applianceId: task.deviceId % 1_000_000_000,
          isEnabled: true,
          isReactive: false,
        },
        _links: {},
      },
    };
  }));

  router.on('GET', '/api/scheduled-tasks/:taskId/status', g((req) => {
    const { task } = findTask(tasks, req);
    const view = tasks.read(task);
    return {
      status: 200,
      body: { data: { taskName: task.name, status: view.status, statusCounts: { [view.status]: 1 }, deviceDetails: [detail(task, view)] }, _links: {} },
    };
  }));

  router.on('GET', '/api/scheduled-tasks/:taskId/status/details', g((req) => {
    const { task, level } = findTask(tasks, req);
    if (level === 'DEVICE') bad(`task ${task.deviceTaskId} is a DEVICE-level task; use its parent task ${task.taskId}`);
    return { status: 200, body: { data: [detail(task, tasks.read(task))], totalItems: 1 } };
  }));
}
