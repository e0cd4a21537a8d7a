#!/usr/bin/env node
// reflect-metadata must load before tsyringe, which core imports.
import 'reflect-metadata';

import { runCli } from './cli.js';

process.exitCode = await runCli(process.argv.slice(2));
