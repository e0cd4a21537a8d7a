/**
 * `@rmm-hub/plugin-testkit` — what a plugin author tests with: the conformance suite, a test host
 * that boots the real wiring, an HTTP fixture recorder/replayer, and canary-secret scanning.
 * See docs/plugin-guide.md.
 */
export { startTestHost, type RecordedEvent, type TestHost, type TestHostOptions, type TestPlugin } from './test-host.js';
export { describeConformance, type DescribeOptions } from './conformance/describe-conformance.js';
export { runConformance, type CheckOutcome, type RunOptions } from './conformance/run-conformance.js';
export { CONFORMANCE_CHECKS, type ConformanceCheck, type ConformanceCheckName } from './conformance/conformance-checks.js';
export { ConformanceFailure } from './conformance/conformance-failure.js';
export { ConformanceSession, CONFORMANCE_INTEGRATION_ID, type Artefact, type Baseline, type Listing, type SessionHost } from './conformance/conformance-session.js';
export type { AgentActionsOptions, ConformanceOptions, ConformanceServer, InvalidConfigCase, RawConfig, RunScriptOptions } from './conformance/conformance-options.js';
export { countRequests, type RequestCounter, type SeenRequest } from './conformance/request-counter.js';
export { canaryForms, describeLeaks, findLeaks, type Canary, type Leak } from './canary.js';
export { startRecorder, type HttpRecorder, type RecorderOptions } from './recorder/http-recorder.js';
export { startReplayer, type HttpReplayer, type ReplayerOptions } from './recorder/http-replayer.js';
export { exchangeKey, HttpFixture, loadFixture, RecordedExchange, saveFixture } from './recorder/fixture-file.js';
export { createVirtualClock, type VirtualClock } from './virtual-clock.js';
export { FixtureScrubber, isSensitiveName, SCRUBBED } from './recorder/fixture-scrubber.js';
