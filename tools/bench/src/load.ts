import { execFile } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import type autocannon from 'autocannon';
import type { ChildServer } from './child-server.js';
import type { BenchRequest } from './graphql-request.js';
import { LOAD_GENERATOR } from './paths.js';
import { cpuTimeMs } from './proc-stats.js';

const run = promisify(execFile);

import type { BenchSettings } from './settings.js';

/** One measured run against one server. */
export interface Measurement {
  /** Successful answers (2xx, or 304 where the request expects it) per second. */
  requestsPerSecond: number;
  /** Latency of the successful answers; null when none came back within the run. */
  p50Ms: number | null;
  p99Ms: number | null;
  /** The server process's CPU time (user + system) per request it received; null without /proc. */
  cpuMsPerRequest: number | null;
  /** Connection errors, timeouts and non-2xx answers: any makes the run suspect. */
  failures: number;
}

/** A server is idle again once it uses less than this share of a core. */
const IDLE_CPU_SHARE = 0.05;
const IDLE_SAMPLE_MS = 250;
const IDLE_TIMEOUT_MS = 60_000;

/**
 * Warms the server up, then measures it under load for the configured duration.
 *
 * When autocannon stops it drops the requests still in flight, but the server finishes them all
 * the same (nothing cancels a GraphQL execution): on a slow server that is seconds of work. So the
 * benchmark waits for the server to go idle after each run, lest that work land in the next
 * measurement (this server's or a neighbour's, which shares the CPUs), and the CPU time is taken
 * up to that point and divided by every request sent, answered in the window or not.
 */
export async function measure(server: ChildServer, request: BenchRequest, settings: BenchSettings): Promise<Measurement> {
  if (settings.warmupSeconds > 0) {
    await drive(server, request, settings, settings.warmupSeconds);
    await waitUntilIdle(server.pid);
  }
  const cpuBefore = cpuTimeMs(server.pid);
  const result = await drive(server, request, settings, settings.durationSeconds);
  await waitUntilIdle(server.pid);
  const cpuAfter = cpuTimeMs(server.pid);
  const answered = request.status === 304 ? result['3xx'] : result['2xx'];
  const sent = result.requests.sent;
  return {
    requestsPerSecond: answered / result.duration,
    p50Ms: answered > 0 ? result.latency.p50 : null,
    p99Ms: answered > 0 ? result.latency.p99 : null,
    cpuMsPerRequest: cpuBefore === null || cpuAfter === null || sent === 0 ? null : (cpuAfter - cpuBefore) / sent,
    // Anything but the expected status counts: a 200 where a 304 was expected means the validator changed.
    failures: result.errors + result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'] - answered,
  };
}

/** Closed-loop load (each connection sends the next request once the previous one is answered), from a fresh process. */
async function drive(
  server: ChildServer,
  request: BenchRequest,
  settings: BenchSettings,
  seconds: number,
): Promise<autocannon.Result> {
  const options: autocannon.Options = {
    url: `${server.origin}${request.path}`,
    method: request.method,
    headers: request.headers,
    body: request.body,
    connections: settings.connections,
    duration: seconds,
    // A slow server should show as high latency, not as dropped requests.
    timeout: 30,
  };
  // Read by load-generator.ts, which makes each body new (functions do not cross to its process).
  if (request.freshMarker) Object.assign(options, { freshMarker: request.freshMarker });
  const { stdout } = await run(process.execPath, [LOAD_GENERATOR, JSON.stringify(options)], { maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout) as autocannon.Result;
}

/** Returns once the process's CPU use falls under `IDLE_CPU_SHARE` (after a pause where /proc is missing). */
async function waitUntilIdle(pid: number): Promise<void> {
  const deadline = Date.now() + IDLE_TIMEOUT_MS;
  let previous = cpuTimeMs(pid);
  while (Date.now() < deadline) {
    await sleep(IDLE_SAMPLE_MS);
    const current = cpuTimeMs(pid);
    if (previous === null || current === null) return;
    if (current - previous < IDLE_SAMPLE_MS * IDLE_CPU_SHARE) return;
    previous = current;
  }
}
