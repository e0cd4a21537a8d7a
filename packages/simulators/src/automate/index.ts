/** The simulated ConnectWise Automate server and its building blocks. */
export { startAutomateSim, type AutomateSim, type AutomateSimOptions } from './automate-sim.js';
export type { AutomateControl, AutomatePermissions } from './automate-control.js';
export type { MfaMode } from './automate-auth.js';
export { AUTOMATE_BASE } from './automate-routes.js';
export { parseCondition, type ConditionNode, type ConditionLiteral, type ComparisonOp } from './condition-parser.js';
export { ConditionSyntaxError } from './condition-lexer.js';
export { evaluateCondition, ConditionFieldError } from './condition-evaluator.js';
export { base32Decode, base32Encode, generateTotpSecret, totpCode, verifyTotp } from './totp.js';
export { createSampleAutomateFleet, QUOTED_CLIENT_NAME, type SampleFleetOptions } from './sample-fleet.js';
