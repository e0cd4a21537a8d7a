/**
 * Detects plugin code that blocks the event loop (a CPU-bound loop in `listComputers`), so one
 * plugin cannot freeze the host for good: the process ends with an error naming the plugin.
 *
 * Nothing on the blocked thread can run, so the watch runs on a worker thread. The main thread
 * bumps a counter in shared memory on a timer; when the counter stands still for `blockedMs`,
 * the worker attaches the inspector to the main thread (which V8 serves between two
 * instructions of the running loop), pauses it, reads the stack, and calls `onBlocked` in the
 * paused frame. The host finds the plugin whose package folder holds the topmost frame and ends
 * the process through its `onPluginBlocked` (the CLI prints the coded error and exits). Work
 * already committed stays committed: every store write is a transaction, and an open one is
 * rolled back when the process ends.
 *
 * Ending the process is deliberate. Unwinding only the plugin's task (V8's TerminateExecution)
 * would keep the other integrations going, but it skips `finally` blocks and aborts Node itself
 * when async context tracking is active, as it is in the host.
 *
 * The inspector is touched only when the loop is already blocked, so a healthy process pays
 * for one timer and one atomic add per tick. The worker source is inline (`eval: true`) so it
 * loads the same from `src` under the test runner and from `dist`.
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/** One frame of the blocked stack. */
export interface BlockedFrame {
  functionName: string;
  /** Script URL (`file:///…`), or empty for internal code. */
  url: string;
  line: number;
}

/** What the watchdog found. */
export interface LoopBlock {
  blockedMs: number;
  /** The blocked stack, innermost first. */
  frames: BlockedFrame[];
}

/** Options of {@link watchEventLoop}. */
export interface LoopWatchOptions {
  /** How long the loop may stand still before the stack is inspected. */
  blockedMs: number;
  /**
   * Called in the paused frame, with the main thread stopped: synchronous work only (writing
   * to stderr and exiting is fine). If it returns, the loop resumes and the watch goes on.
   */
  onBlocked: (block: LoopBlock) => void;
}

const HANDLER = Symbol.for('rmm-hub.loop-watchdog');
const BEAT_MS = 100;

/** One watchdog per process, shared by every host in it (the first one's `blockedMs` applies). */
let shared: { worker: Worker; beat: NodeJS.Timeout; watchers: Set<LoopWatchOptions> } | undefined;

/**
 * Starts watching for a blocked event loop on behalf of one host.
 * @returns a function that stops this watch (the worker ends with the last one)
 */
export function watchEventLoop(options: LoopWatchOptions): () => void {
  const watcher: LoopWatchOptions = { ...options };
  shared ??= startShared(options.blockedMs);
  const current = shared;
  current.watchers.add(watcher);
  return () => {
    current.watchers.delete(watcher);
    if (current.watchers.size > 0 || shared !== current) return;
    shared = undefined;
    clearInterval(current.beat);
    void current.worker.terminate();
    delete (globalThis as Record<symbol, unknown>)[HANDLER];
  };
}

/** The local path of a frame's script, when it is a file. */
export function framePath(frame: BlockedFrame): string | undefined {
  if (!frame.url.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(frame.url);
  } catch {
    return undefined;
  }
}

function startShared(blockedMs: number): NonNullable<typeof shared> {
  const memory = new SharedArrayBuffer(4);
  const counter = new Int32Array(memory);
  const watchers = new Set<LoopWatchOptions>();
  // Runs inside the paused frame.
  (globalThis as Record<symbol, unknown>)[HANDLER] = (json: string): void => {
    const block = JSON.parse(json) as LoopBlock;
    for (const watcher of watchers) watcher.onBlocked(block);
  };
  const beat = setInterval(() => Atomics.add(counter, 0, 1), BEAT_MS);
  beat.unref();
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { memory, blockedMs, checkMs: BEAT_MS } });
  worker.unref();
  return { worker, beat, watchers };
}

const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { Session } = require('node:inspector');
const counter = new Int32Array(workerData.memory);
let last = Atomics.load(counter, 0);
let since = Date.now();
let inspecting = false;
// Also keeps this thread alive while the inspector answers.
setInterval(() => {
  if (inspecting) return;
  const now = Atomics.load(counter, 0);
  if (now !== last) { last = now; since = Date.now(); return; }
  const blockedMs = Date.now() - since;
  if (blockedMs >= workerData.blockedMs) inspect(blockedMs);
}, workerData.checkMs);

function inspect(blockedMs) {
  inspecting = true;
  const session = new Session();
  const scripts = new Map();
  const done = () => {
    try { session.disconnect(); } catch {}
    last = Atomics.load(counter, 0);
    since = Date.now();
    inspecting = false;
  };
  try {
    session.connectToMainThread();
  } catch {
    return done();
  }
  session.on('Debugger.scriptParsed', ({ params }) => scripts.set(params.scriptId, params.url));
  session.once('Debugger.paused', ({ params }) => {
    const frames = params.callFrames.map((f) => ({ functionName: f.functionName, url: scripts.get(f.location.scriptId) || '', line: f.location.lineNumber + 1 }));
    const json = JSON.stringify(JSON.stringify({ blockedMs, frames }));
    const expression = 'globalThis[Symbol.for("rmm-hub.loop-watchdog")]?.(' + json + ')';
    session.post('Debugger.evaluateOnCallFrame', { callFrameId: params.callFrames[0].callFrameId, expression }, () => {
      session.post('Debugger.resume', done);
    });
  });
  session.post('Debugger.enable', (error) => {
    if (error) return done();
    session.post('Debugger.pause');
  });
}
`;
