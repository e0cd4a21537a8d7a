// Run by response-size.test.ts in its own process, so its peak RSS is the client's alone:
// `node size-limit-child.mjs <core plugin-api entry> <base URL> <path>` makes one GET through the
// real HTTP client (default size limit) and prints what happened, with the peak RSS, as JSON.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const [entry, baseUrl, path] = process.argv.slice(2);
const { createHttpClient } = await import(pathToFileURL(entry).href);
const http = createHttpClient({ name: 'hostile', baseUrl, retry: { limit: 0 } });
const rssBeforeBytes = process.memoryUsage().rss;
const started = performance.now();
let outcome;
try {
  const response = await http.request({ method: 'GET', path, responseType: 'text' });
  outcome = { ok: true, bytes: response.body.length };
} catch (error) {
  outcome = { ok: false, code: error.code, context: error.context, message: error.message };
}
http.close();
process.stdout.write(JSON.stringify({ ...outcome, ms: Math.round(performance.now() - started), rssBeforeBytes, peakRssBytes: process.resourceUsage().maxRSS * 1024 }));
