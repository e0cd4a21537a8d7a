// Preloaded into the crash test's CLI child (`node --import <this> rmm-hub.js sync`). It names
// the points a sync passes — what the sync reports (an integration's run started, its clients
// stored, linking done, agent batch k stored) and, inside identification's single write
// transaction, each tenant written and the last write before commit — and writes each one it
// reaches as a line to fd 3. With RMM_CRASH_AT=<point>, it stops the process at that point
// (the main thread blocks, so nothing more is written) after saying so: the parent's SIGKILL then
// lands exactly there, however loaded the machine is.
import { writeSync } from 'node:fs';

import { HostEventBus } from '../../../core/dist/index.js';
import { RunWriter } from '../../../core/dist/identification/run-writer.js';

const stopAt = process.env.RMM_CRASH_AT;

function reached(point) {
  writeSync(3, `${point}\n`);
  // Blocks this (only) thread for good: the parent kills the process here.
  if (point === stopAt) for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}

const batches = new Map();
const emit = HostEventBus.prototype.emit;
HostEventBus.prototype.emit = function (name, payload) {
  const delivered = emit.call(this, name, payload);
  const id = payload?.integrationId;
  if (name === 'sync:started') reached(`started:${id}`);
  if (name === 'sync:progress' && payload.phase === 'clients' && payload.total !== undefined) reached(`clients:${id}`);
  if (name === 'sync:progress' && payload.phase === 'linking') reached(`linking:${id}`);
  if (name === 'sync:progress' && payload.phase === 'agents') {
    const k = (batches.get(id) ?? 0) + 1;
    batches.set(id, k);
    reached(`agents:${id}:${k}`);
  }
  return delivered;
};

let tenants = 0;
const writeTenant = RunWriter.prototype.writeTenant;
RunWriter.prototype.writeTenant = function (...args) {
  const result = writeTenant.apply(this, args);
  reached(`identification:tenant-${++tenants}`);
  return result;
};
const finish = RunWriter.prototype.finish;
RunWriter.prototype.finish = function (...args) {
  const result = finish.apply(this, args);
  reached('identification:before-commit');
  return result;
};
