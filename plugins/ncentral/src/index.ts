/**
 * `@rmm-hub/plugin-ncentral` — the N-able N-central v2 (REST) integration.
 * The default export is the plugin; the named exports serve tests and other tooling.
 */
import { ncentralPlugin } from './ncentral.plugin.js';

export default ncentralPlugin;
export { createNcentralIntegration, ncentralPlugin, type NcentralIntegration } from './ncentral.plugin.js';
export { NcentralConfig, DEFAULT_ENDPOINT_CAPS, type NcentralConfigInput } from './config.schema.js';
export { NcentralApi } from './client.js';
export { parseAssets } from './asset-parser.js';
export { parseDevice } from './device-parser.js';
export { parseNcTimestamp, toId } from './nc-values.js';
export { EXPIRED_PASSWORD_HINT } from './nc-errors.js';
