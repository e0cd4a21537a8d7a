/** The fake Example RMM server, for the plugin's own tests and for the plugin guide. */
export { startExampleServer, type ExampleServer, type ExampleServerOptions } from './example-server.js';
export { exampleData, type ExampleCustomer, type ExampleDevice } from './example-data.js';
