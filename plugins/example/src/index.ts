/**
 * `@rmm-hub/plugin-example` — a minimal rmm-hub plugin for the made-up Example RMM. The default
 * export is what the host discovers; the named exports are for tests and the guide.
 */
import { examplePlugin } from './example.plugin.js';

export default examplePlugin;
export { examplePlugin };
export { ExampleConfig, type ExampleConfigInput } from './config.js';
