import { rmSync } from 'node:fs';
import os from 'node:os';
import { killChildServers } from './child-server.js';

/** Whatever ends a benchmark (done, error, Ctrl-C) stops its servers and removes its scratch folder. */
export function cleanUpOnExit(scratch: string): void {
  process.on('exit', () => {
    killChildServers();
    rmSync(scratch, { recursive: true, force: true });
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      console.error(`\n${signal}: stopping the servers.`);
      process.exit(128 + os.constants.signals[signal]);
    });
  }
}
