/**
 * Named checks for the report: a test records its check only after its assertions passed, and
 * the file saves what it recorded when it ends. A failed test therefore leaves its line out of
 * docs/reliability.md instead of claiming it.
 */
import { afterAll } from 'vitest';

import { saveSuiteResult } from './results.js';

/** One passed check: what was tried, and what held. */
export interface Check {
  name: string;
  detail: string;
}

const recorded = new Map<string, Check[]>();

/** Records a passed check under `suite`. */
export function recordCheck(suite: string, name: string, detail: string): void {
  const list = recorded.get(suite) ?? [];
  list.push({ name, detail });
  recorded.set(suite, list);
}

/** Saves the file's checks of `suite` when the file ends (call once at module level); `expected` checks make it complete. */
export function saveChecksAfterAll(suite: string, expected: number, extra: () => Record<string, unknown> = () => ({})): void {
  const started = performance.now();
  afterAll(() => {
    const checks = recorded.get(suite) ?? [];
    saveSuiteResult(suite, { checks, ...extra() }, performance.now() - started, { passed: checks.length, expected });
  });
}
