import { median } from './results.js';
import { closedLoop } from './soak-driver.js';
import type { SoakRecorder } from './soak-recorder.js';
import type { LoadKind } from './soak-workload.js';

/**
 * Whether the soaked server got slower as its data grew, with the machine's own speed taken out.
 *
 * Comparing the last minute of the soak with the first after the warm-up measures the machine as
 * much as the server: on a shared host the same work takes up to a fifth longer in one minute than
 * in the next (docs/benchmark.md, the machine probe). So, after the load, the soaked server and a
 * fresh one (same build, settings and mix, its own new database, warmed up as the soak's first
 * interval warms up the soaked one) take turns under the same mix in short windows, in the order
 * ABBA…, and each adjacent pair gives a ratio measured under the same conditions, as `pnpm bench`
 * pairs its rows with the ceiling. The median of the pairs is the soaked server's throughput as a
 * share of what the same code serves before its data has grown. Each window settles first
 * (`SETTLE_SHARE`, not counted).
 */

/** A server under the soak's mix: the kinds that send to it and the recorder its answers go to. */
export interface MixTarget {
  kinds: readonly LoadKind[];
  recorder: SoakRecorder;
  /** CPU time used so far by its process and by its database's server processes (PostgreSQL), in ms; null where unknown. */
  cpuMs(): Promise<CpuReading>;
}

export interface CpuReading {
  server: number | null;
  database: number | null;
}

/** One window's answers per second and CPU per answer. */
interface WindowFigures {
  requestsPerSecond: number;
  cpuMsPerAnswer: CpuReading;
}

export interface GrowthOptions {
  rounds: number;
  windowMs: number;
  /** The fresh server's warm-up before the first window: the soak's own warm-up interval. */
  warmUpMs: number;
  concurrency: number;
}

export interface GrowthPair {
  grownRequestsPerSecond: number;
  freshRequestsPerSecond: number;
  /** Where each one's time went: CPU ms per answer of the server process and of its database's processes. */
  grownCpuMsPerAnswer: CpuReading;
  freshCpuMsPerAnswer: CpuReading;
  /** Grown over fresh. */
  ratio: number;
  grownFirst: boolean;
}

export interface GrowthFigures {
  windowSeconds: number;
  freshWarmUpSeconds: number;
  pairs: GrowthPair[];
  /** The median of the pairs' ratios; null when no pair had answers from the fresh server. */
  ratio: number | null;
  /** The medians over the pairs of each one's CPU per answer. */
  grownCpuMsPerAnswer: CpuReading;
  freshCpuMsPerAnswer: CpuReading;
}

export async function compareGrownWithFresh(grown: MixTarget, fresh: MixTarget, options: GrowthOptions): Promise<GrowthFigures> {
  // Both keep working while the fresh one warms up: a server left idle meanwhile has its heap
  // shrunk by V8 and ran slower for its next minute (the soaked one, 0.87 to 0.93× in an A/A run).
  for (let warmedMs = 0; warmedMs < options.warmUpMs; warmedMs += options.windowMs) {
    await closedLoop(fresh.kinds, fresh.recorder, options.concurrency, performance.now() + options.windowMs);
    await closedLoop(grown.kinds, grown.recorder, options.concurrency, performance.now() + options.windowMs);
  }
  const pairs: GrowthPair[] = [];
  for (let round = 0; round < options.rounds; round++) {
    const grownFirst = round % 2 === 0;
    const first = await measureWindow(grownFirst ? grown : fresh, options.windowMs, options.concurrency);
    const second = await measureWindow(grownFirst ? fresh : grown, options.windowMs, options.concurrency);
    const [grownWindow, freshWindow] = grownFirst ? [first, second] : [second, first];
    if (freshWindow.requestsPerSecond <= 0) continue;
    const pair = {
      grownRequestsPerSecond: grownWindow.requestsPerSecond,
      freshRequestsPerSecond: freshWindow.requestsPerSecond,
      grownCpuMsPerAnswer: grownWindow.cpuMsPerAnswer,
      freshCpuMsPerAnswer: freshWindow.cpuMsPerAnswer,
      ratio: grownWindow.requestsPerSecond / freshWindow.requestsPerSecond,
      grownFirst,
    };
    pairs.push(pair);
    console.log(`  ${describePair(pair)}`);
  }
  return {
    windowSeconds: options.windowMs / 1000,
    freshWarmUpSeconds: options.warmUpMs / 1000,
    pairs,
    ratio: median(pairs.map((pair) => pair.ratio)),
    grownCpuMsPerAnswer: medianCpu(pairs.map((pair) => pair.grownCpuMsPerAnswer)),
    freshCpuMsPerAnswer: medianCpu(pairs.map((pair) => pair.freshCpuMsPerAnswer)),
  };
}

function medianCpu(readings: CpuReading[]): CpuReading {
  const known = (values: (number | null)[]) => values.filter((value): value is number => value !== null);
  return {
    server: median(known(readings.map((reading) => reading.server))),
    database: median(known(readings.map((reading) => reading.database))),
  };
}

/** "1.23 ms server + 0.45 ms database", or only the server's where the database is in the process (SQLite). */
export function describeCpu(reading: CpuReading): string {
  const ms = (value: number | null) => (value === null ? '–' : `${value.toFixed(2)} ms`);
  return reading.database === null
    ? `${ms(reading.server)} server`
    : `${ms(reading.server)} server + ${ms(reading.database)} database`;
}

export function describePair(pair: GrowthPair): string {
  const rate = (value: number) => `${value.toFixed(0)} req/s`;
  const [first, second] = pair.grownFirst
    ? [`soaked ${rate(pair.grownRequestsPerSecond)}`, `fresh ${rate(pair.freshRequestsPerSecond)}`]
    : [`fresh ${rate(pair.freshRequestsPerSecond)}`, `soaked ${rate(pair.grownRequestsPerSecond)}`];
  return (
    `${first}, then ${second}: ${pair.ratio.toFixed(2)}×; CPU per answer ${describeCpu(pair.grownCpuMsPerAnswer)} ` +
    `against ${describeCpu(pair.freshCpuMsPerAnswer)}`
  );
}

/**
 * How long each window runs before its answers are counted, as a share of its counted time. A server that has just stopped being
 * loaded goes on working for a moment (the notifications its applications queued, collecting the
 * garbage of the burst), and that work took CPU from the first seconds of the next window: in a
 * quiet PostgreSQL run, a window that followed the other server's ran 10 to 25 % slower than one
 * that followed its own.
 */
const SETTLE_SHARE = 1 / 3;

/** Runs the mix against `target` to settle, then for `durationMs`; the answers per second of the second part and their CPU. */
async function measureWindow(target: MixTarget, durationMs: number, concurrency: number): Promise<WindowFigures> {
  await closedLoop(target.kinds, target.recorder, concurrency, performance.now() + durationMs * SETTLE_SHARE);
  const before = target.recorder.requests;
  const cpuBefore = await target.cpuMs();
  const started = performance.now();
  await closedLoop(target.kinds, target.recorder, concurrency, started + durationMs);
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = await target.cpuMs();
  const answers = target.recorder.requests - before;
  const perAnswer = (from: number | null, to: number | null) =>
    from === null || to === null || answers === 0 ? null : (to - from) / answers;
  return {
    requestsPerSecond: answers / seconds,
    cpuMsPerAnswer: {
      server: perAnswer(cpuBefore.server, cpuAfter.server),
      database: perAnswer(cpuBefore.database, cpuAfter.database),
    },
  };
}
