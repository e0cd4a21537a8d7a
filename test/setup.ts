// Loaded before every test file: tsyringe needs the Reflect metadata API at import time.
import 'reflect-metadata';
