export { ScriptRouter, type ScriptAttempt, type ScriptRunOutcome, type ScriptSpec } from './script-router.js';
