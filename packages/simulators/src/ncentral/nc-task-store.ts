/**
 * Direct support tasks (reference §6): creation rules and the per-device status state machine.
 *
 * A task created through `/scheduled-tasks/direct` gets a CUSTOMER-level id (returned to the
 * caller) and one DEVICE-level child (`id + 1`). Each read of its status advances it: it spends
 * `taskPollsPerStage` reads in each intermediate status, then shows its terminal `Success` or
 * `Failed`. A task on an offline device, or while tasks are switched to hang, stays in the first
 * intermediate status (a client must time out). The result itself is computed at creation, by
 * running the script against the device's machine (see `nc-script-runner.ts`).
 */
import type { NcSimContext } from './nc-context.js';
import { runSimulatedScript, type ScriptRun } from './nc-script-runner.js';

/** One created task. */
export interface SimTask {
  taskId: number;
  deviceTaskId: number;
  name: string;
  itemId: number;
  taskType: string;
  customerId: number;
  deviceId: number;
  deviceName: string;
  online: boolean;
  createdAt: number;
  reads: number;
  run: ScriptRun;
}

/** What a status read reports for the device. */
export interface TaskStatusView {
  status: string;
  terminal: boolean;
  message: string;
  output: string;
}

/** The parameter names of the simulator's generic RunScript automation policy. */
export const RUN_SCRIPT_PARAMETERS = { script: 'Script', language: 'Language' } as const;

/** The task table of one simulated server. */
export class NcTaskStore {
  private readonly tasks = new Map<number, SimTask>();
  private readonly names = new Set<string>();
  private nextId = 1_985_975;

  constructor(private readonly ctx: NcSimContext) {}

  /** True when a task with this name was ever created (names must be unique). */
  hasName(name: string): boolean {
    return this.names.has(name);
  }

  /** Creates a task and runs its script against the simulated machine. */
  create(input: {
    name: string;
    itemId: number;
    taskType: string;
    customerId: number;
    deviceIndex: number;
    parameters: readonly { name: string; value: string }[];
  }): SimTask {
    const fleet = this.ctx.fleet;
    const agent = fleet.ncentral.agent(input.deviceIndex);
    const param = (name: string): string | undefined => input.parameters.find((p) => p.name.toLowerCase() === name.toLowerCase())?.value;
    const script = param(RUN_SCRIPT_PARAMETERS.script) ?? param('CommandLine') ?? '';
    const language = param(RUN_SCRIPT_PARAMETERS.language) ?? (input.taskType === 'MacScript' ? 'bash' : 'powershell');
    const machineId = fleet.truth.machineOfAgent('ncentral', agent.agentId);
    const machine = machineId === undefined ? undefined : fleet.truth.machine(machineId);
    const taskId = this.nextId;
    this.nextId += 2;
    const task: SimTask = {
      taskId,
      deviceTaskId: taskId + 1,
      name: input.name,
      itemId: input.itemId,
      taskType: input.taskType,
      customerId: input.customerId,
      deviceId: agent.agentId,
      deviceName: agent.hostname,
      online: agent.online,
      createdAt: this.ctx.now(),
      reads: 0,
      run: runSimulatedScript(script, language, machine),
    };
    this.tasks.set(taskId, task);
    this.tasks.set(task.deviceTaskId, task);
    this.names.add(input.name);
    return task;
  }

  /** The task owning this id (customer- or device-level), and which level the id is. */
  find(taskId: number): { task: SimTask; level: 'CUSTOMER' | 'DEVICE' } | undefined {
    const task = this.tasks.get(taskId);
    if (!task) return undefined;
    return { task, level: task.taskId === taskId ? 'CUSTOMER' : 'DEVICE' };
  }

  /** Reads the device status, advancing the state machine by one read. */
  read(task: SimTask): TaskStatusView {
    const { taskIntermediateStatuses: stages, taskPollsPerStage } = this.ctx.settings;
    const stuck = !task.online || this.ctx.switches.hangTasks;
    const stage = stuck ? 0 : Math.floor(task.reads / Math.max(1, taskPollsPerStage));
    task.reads++;
    if (stuck || stage < stages.length) {
      return { status: stages[Math.min(stage, stages.length - 1)] ?? 'Scheduled', terminal: false, message: '', output: '' };
    }
    return { status: task.run.status, terminal: true, message: task.run.message, output: task.run.output };
  }

  /** Number of distinct tasks created. */
  get size(): number {
    return this.names.size;
  }
}
