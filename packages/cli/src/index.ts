export { buildProgram, runCli } from './cli.js';
export { renderCliReference } from './cli-reference.js';
export { renderConfigReference } from './config-reference.js';
export { CLI_PACKAGE_JSON, discover, loadConfig } from './context.js';
export { runDemo, type DemoOptions, type DemoSummary } from './demo/run-demo.js';
export { DEMO_TARGETS, demoPasses, renderDemo } from './demo/demo-report.js';
export { DEMO_INTEGRATIONS, startDemoEnvironment, type DemoEnvironment, type DemoEnvironmentOptions } from './demo/demo-environment.js';
export { OUTPUT_SCHEMAS, outputJsonSchema, type OutputCommand } from './output-schemas.js';
