/**
 * The browser the console suite drives: Debian's `chromium` when the machine has one, else the
 * headless Chromium that `@sparticuz/chromium` ships inside its npm package (unpacked to the
 * temporary folder on first use), so a fresh clone needs neither root nor a system package.
 * When neither can start, this throws with what to do: the suite fails, it never skips.
 */
import { existsSync } from 'node:fs';

import chromium from '@sparticuz/chromium';
import puppeteer, { type Browser } from 'puppeteer-core';

const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** A started browser, and how long it took to be ready for a page. */
export interface LaunchedBrowser {
  browser: Browser;
  executable: string;
  startupMs: number;
}

export async function launchBrowser(): Promise<LaunchedBrowser> {
  const started = performance.now();
  const system = SYSTEM_CHROMIUM.find((path) => existsSync(path));
  // No GPU here: software rendering keeps the bundled build from looking for one.
  chromium.setGraphicsMode = false;
  const executable = system ?? (await chromium.executablePath());
  // Not the package's own flags: they turn off web security and run one process, and the suite
  // must see the page as a browser does (CSP, same-origin cookies, separate contexts).
  const args = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'];
  let browser: Browser;
  try {
    browser = await puppeteer.launch({ executablePath: executable, args, headless: system ? true : 'shell', defaultViewport: { width: 1280, height: 800 } });
  } catch (error) {
    throw new Error(
      `The console suite could not start a browser (${executable}): ${(error as Error).message}\n` +
        'Run `npm run setup` so @sparticuz/chromium is installed, or install Debian\'s `chromium` package.',
    );
  }
  return { browser, executable, startupMs: Math.round(performance.now() - started) };
}
