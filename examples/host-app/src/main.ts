/** `node dist/main.js`: runs the example host application and prints what it did. */
import { runHostApp } from './host-app.js';

const summary = await runHostApp({ log: (line) => process.stderr.write(`${line}\n`) });
process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
