// Preloaded into a CLI child (`node --import <this> rmm-hub.js …`) that must live through
// long spans of clock time — Automate's 30-second TOTP steps, `sync --watch`'s interval of at
// least a minute — without the test waiting for them. With RMM_TEST_CLOCK=<origin>:<rate> the
// child's clock runs <rate> times faster than real time from <origin> (epoch ms): `Date`, the
// promise timers the code sleeps with, and `setInterval`, which schedules the watch. The test
// gives the simulators the same clock (fast-clock.ts), so every party agrees on the
// time; the processes, the store they share and the waits stay real, only shorter. Plain
// `setTimeout` keeps real time: it bounds requests and calls, which must not time out sooner.
import { syncBuiltinESMExports } from 'node:module';
import timers from 'node:timers/promises';
import { isMainThread } from 'node:worker_threads';

const spec = process.env.RMM_TEST_CLOCK;

if (spec && isMainThread) {
  const [origin, rate] = spec.split(':').map(Number);
  if (!Number.isFinite(origin) || !(rate > 0)) throw new Error(`RMM_TEST_CLOCK must be <origin ms>:<rate>, got ${spec}`);
  const RealDate = Date;
  const realNow = RealDate.now;
  const now = () => origin + (realNow() - origin) * rate;
  // `new Date()` and `Date.now()` read the fast clock; `Date()` as a function too. Sharing the
  // prototype keeps every date — those Node makes itself, such as file times — a Date.
  function FastDate(...args) {
    if (!new.target) return new RealDate(now()).toString();
    return Reflect.construct(RealDate, args.length === 0 ? [now()] : args, new.target);
  }
  Object.setPrototypeOf(FastDate, RealDate);
  FastDate.prototype = RealDate.prototype;
  FastDate.now = now;
  globalThis.Date = FastDate;
  const scaled = (ms) => (typeof ms === 'number' && ms > 0 ? ms / rate : ms);
  const realSetInterval = globalThis.setInterval;
  globalThis.setInterval = (callback, ms, ...args) => realSetInterval(callback, scaled(ms), ...args);
  const sleep = timers.setTimeout;
  timers.setTimeout = (ms, value, options) => sleep(scaled(ms), value, options);
  syncBuiltinESMExports();
}
