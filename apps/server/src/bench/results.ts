import type { Measurement } from './load.js';

/** Everything measured about one server over the whole benchmark. */
export interface ServerResult {
  name: string;
  /** Programs in the catalogue it serves (the ceiling's canned answer holds the small catalogue). */
  programs: number;
  /** SQL statements CertHub ran for one whole-catalogue request; null for the ceiling. */
  statementsPerRequest: StatementCounts | null;
  /** VmHWM after all rounds: the most memory it ever held, start-up included; null without /proc. */
  peakRssMb: number | null;
  rounds: Measurement[];
  /** The round reported, see `bestRound`. */
  reported: Measurement;
}

/** A server's figures divided by the ceiling's: how much of what this machine can do it achieves. */
export interface Ratios {
  requestsPerSecond: number | null;
  p50Ms: number | null;
  p99Ms: number | null;
  cpuMsPerRequest: number | null;
  peakRssMb: number | null;
}

export interface TargetCheck {
  target: string;
  /** null when it could not be measured here (no /proc). */
  met: boolean | null;
  actual: string;
}

export const ROUND_CHOICE =
  "each server's best round by req/s is reported (with that round's latency and CPU): a busy machine only ever " +
  'slows a run down, so the best round is the closest to what the server can do; every round is listed below';

/** The round with the most requests per second; see `ROUND_CHOICE` for why. */
export function bestRound(rounds: Measurement[]): Measurement {
  const [first, ...rest] = rounds;
  if (!first) throw new Error('No rounds were measured.');
  return rest.reduce((best, round) => (round.requestsPerSecond > best.requestsPerSecond ? round : best), first);
}

export function ratiosTo(ceiling: ServerResult, server: ServerResult): Ratios {
  const base = ceiling.reported;
  const own = server.reported;
  return {
    requestsPerSecond: ratio(own.requestsPerSecond, base.requestsPerSecond),
    p50Ms: ratio(own.p50Ms, base.p50Ms),
    p99Ms: ratio(own.p99Ms, base.p99Ms),
    cpuMsPerRequest: ratio(own.cpuMsPerRequest, base.cpuMsPerRequest),
    peakRssMb: ratio(server.peakRssMb, ceiling.peakRssMb),
  };
}

/** null when either side is unknown, or the ceiling's is 0 (a latency under autocannon's 1 ms resolution). */
function ratio(value: number | null, base: number | null): number | null {
  return value === null || base === null || base === 0 ? null : value / base;
}

export const THROUGHPUT_TARGET = 0.045;
export const PEAK_RSS_TARGET_MB = 250;

/** The benchmark's targets, from the servers' results: the small and large catalogues and the ceiling. */
export function checkTargets(ceiling: ServerResult, small: ServerResult, large: ServerResult): TargetCheck[] {
  const throughput = ratiosTo(ceiling, small).requestsPerSecond;
  return [
    {
      target: `CertHub at ${small.programs} programs serves ≥ ${THROUGHPUT_TARGET}× the ceiling's req/s`,
      met: throughput === null ? null : throughput >= THROUGHPUT_TARGET,
      actual: throughput === null ? 'not measured' : `${throughput.toFixed(3)}×`,
    },
    {
      target: `Peak RSS at ${large.programs.toLocaleString('en-US')} programs ≤ ${PEAK_RSS_TARGET_MB} MB`,
      met: large.peakRssMb === null ? null : large.peakRssMb <= PEAK_RSS_TARGET_MB,
      actual: large.peakRssMb === null ? 'not measured (no /proc)' : `${large.peakRssMb.toFixed(0)} MB`,
    },
    {
      target: `SQL statements per request equal at ${small.programs} and ${large.programs.toLocaleString('en-US')} programs`,
      met:
        small.statementsPerRequest === null || large.statementsPerRequest === null
          ? null
          : describeStatements(small.statementsPerRequest) === describeStatements(large.statementsPerRequest),
      actual: `${describeStatements(small.statementsPerRequest)} and ${describeStatements(large.statementsPerRequest)}`,
    },
  ];
}

/** Statements for the first answer (read from the database) and for a repeated one (from the cache). */
export interface StatementCounts {
  first: number;
  repeated: number;
}

export function describeStatements(counts: StatementCounts | null): string {
  return counts === null ? '–' : `${counts.first} first, ${counts.repeated} repeated`;
}
