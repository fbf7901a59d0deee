import autocannon from 'autocannon';
import type { ChildServer } from './child-server.js';
import { REQUEST_BODY, REQUEST_HEADERS } from './graphql-request.js';
import { cpuTimeMs } from './proc-stats.js';
import type { BenchSettings } from './settings.js';

/** One measured run against one server. */
export interface Measurement {
  /** Successful (2xx) answers per second. */
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** The server process's CPU time (user + system) over the run, per answer; null without /proc. */
  cpuMsPerRequest: number | null;
  /** Connection errors, timeouts and non-2xx answers: any makes the run suspect. */
  failures: number;
}

/** Warms the server up, then measures it under load for the configured duration. */
export async function measure(server: ChildServer, settings: BenchSettings): Promise<Measurement> {
  if (settings.warmupSeconds > 0) await drive(server, settings, settings.warmupSeconds);
  const cpuBefore = cpuTimeMs(server.pid);
  const result = await drive(server, settings, settings.durationSeconds);
  const cpuAfter = cpuTimeMs(server.pid);
  const answered = result['2xx'];
  return {
    requestsPerSecond: answered / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    cpuMsPerRequest: cpuBefore === null || cpuAfter === null || answered === 0 ? null : (cpuAfter - cpuBefore) / answered,
    failures: result.errors + result.non2xx,
  };
}

/** Closed-loop load: each connection sends the next request as soon as the previous one is answered. */
function drive(server: ChildServer, settings: BenchSettings, seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url: `${server.origin}/graphql`,
    method: 'POST',
    headers: REQUEST_HEADERS,
    body: REQUEST_BODY,
    connections: settings.connections,
    duration: seconds,
    // A slow server should show as high latency, not as dropped requests.
    timeout: 30,
  });
}
