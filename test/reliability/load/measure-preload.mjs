// Preloaded into the CLI child of the load test (`node --import <this> rmm-hub.js sync`):
// samples memory every 50 ms and writes the peaks, with CPU time, to $RMM_MEASURE_OUT at exit.
import { writeFileSync } from 'node:fs';
import { setInterval } from 'node:timers';

const out = process.env.RMM_MEASURE_OUT;
const peak = { rss: 0, heapUsed: 0, external: 0 };
const sample = () => {
  const m = process.memoryUsage();
  peak.rss = Math.max(peak.rss, m.rss);
  peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
  peak.external = Math.max(peak.external, m.external + m.arrayBuffers);
};
const timer = setInterval(sample, 50);
timer.unref();
process.on('exit', () => {
  sample();
  if (!out) return;
  const usage = process.resourceUsage();
  writeFileSync(out, JSON.stringify({ peakRssBytes: peak.rss, peakHeapUsedBytes: peak.heapUsed, peakExternalBytes: peak.external, maxRssKiB: usage.maxRSS, cpuUserMs: Math.round(usage.userCPUTime / 1000), cpuSystemMs: Math.round(usage.systemCPUTime / 1000) }));
});
