/**
 * The console suite's browser starts on this machine and runs a page's script: the guarantee
 * every other console test rests on (a missing browser fails here first, by name).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { launchBrowser, type LaunchedBrowser } from './support/browser.js';

let launched: LaunchedBrowser;

beforeAll(async () => {
  launched = await launchBrowser();
});

afterAll(async () => {
  await launched?.browser.close();
});

it('starts a headless Chromium that runs script and reports itself', async () => {
  const page = await launched.browser.newPage();
  await page.setContent('<p id="out"></p>');
  // A string, as the test project is typed for Node, not the DOM.
  const sum = await page.evaluate("document.getElementById('out').textContent = String(20 + 22)");
  expect(sum).toBe('42');
  expect(await launched.browser.version()).toMatch(/Chrom(e|ium)\/\d+/);
  process.stderr.write(`console browser: ${await launched.browser.version()} from ${launched.executable}, ready in ${launched.startupMs} ms\n`);
});
