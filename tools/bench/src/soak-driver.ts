import { setTimeout as sleep } from 'node:timers/promises';
import { formatProbe, MachineProbe } from './machine-probe.js';
import { cpuTimeMs, machineBusyMs, rssMb } from './proc-stats.js';
import { formatMs } from './report.js';
import type { CpuShares, IntervalRecord, SoakRecorder } from './soak-recorder.js';
import type { LoadKind, TimedAttempt } from './soak-workload.js';

export interface DriveOptions {
  concurrency: number;
  durationMs: number;
  /** The server's process, read from /proc at the end of every interval. */
  pid: number;
}

export interface DriveResult {
  intervals: IntervalRecord[];
  intervalSeconds: number;
  /** From the start to the last answer: a little past the deadline, for requests already in flight. */
  durationSeconds: number;
}

const RSS_SAMPLE_MS = 1_000;

/** A tenth of the run, or a minute when the run is longer than ten: the report's "over time" rows. */
export function intervalMsFor(durationMs: number): number {
  return Math.min(60_000, durationMs / 10);
}

/**
 * Closed-loop load (`closedLoop`) for `durationMs`. At the end of every interval the recorder's
 * figures are closed with the server's RSS and CPU use.
 */
export async function driveMix(kinds: readonly LoadKind[], recorder: SoakRecorder, options: DriveOptions): Promise<DriveResult> {
  const intervalMs = intervalMsFor(options.durationMs);
  const started = performance.now();
  const intervals = new IntervalCloser(recorder, options.pid, started);
  const loops = closedLoop(kinds, recorder, options.concurrency, started + options.durationMs);

  const count = Math.ceil(options.durationMs / intervalMs - 1e-9);
  for (let index = 1; index < count; index++) {
    await sleep(Math.max(0, started + index * intervalMs - performance.now()));
    intervals.close((index * intervalMs) / 1000);
  }
  await loops;
  intervals.close(options.durationMs / 1000);
  await intervals.stop();
  return {
    intervals: intervals.records,
    intervalSeconds: intervalMs / 1000,
    durationSeconds: (performance.now() - started) / 1000,
  };
}

/**
 * `concurrency` loops until `deadline` (a `performance.now()` time), each drawing a kind by weight
 * and sending its request as soon as the previous one is answered; no new request starts after it.
 */
export async function closedLoop(
  kinds: readonly LoadKind[],
  recorder: SoakRecorder,
  concurrency: number,
  deadline: number,
): Promise<void> {
  const draw = weightedDraw(kinds);
  const loop = async () => {
    while (performance.now() < deadline) {
      const kind = draw();
      const began = performance.now();
      const attempt = await kind.run().catch((error: unknown): TimedAttempt => ({ outcome: 'error', detail: String(error) }));
      recorder.record(kind.name, attempt.latencyMs ?? performance.now() - began, attempt);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
}

/**
 * Ends each interval: the recorder's figures, with the server's memory and the CPU used since the
 * last one. RSS is sampled every second and the interval keeps its highest: garbage collection
 * makes RSS a sawtooth, and a single reading could fall anywhere on it, while a leak raises the peaks.
 */
class IntervalCloser {
  readonly records: IntervalRecord[] = [];
  private cpuBefore: CpuReading;
  private rssPeak: number | null = null;
  private readonly sampler: NodeJS.Timeout;
  private readonly probe = new MachineProbe();

  constructor(
    private readonly recorder: SoakRecorder,
    private readonly pid: number,
    private startedAt: number,
  ) {
    this.cpuBefore = readCpu(pid);
    this.sampler = setInterval(() => this.sampleRss(), RSS_SAMPLE_MS);
    this.sampler.unref();
  }

  close(nominalEndSeconds: number): void {
    const now = performance.now();
    const cpuNow = readCpu(this.pid);
    this.sampleRss();
    const seconds = (now - this.startedAt) / 1000;
    const record = this.recorder.closeInterval({
      endSeconds: nominalEndSeconds,
      seconds,
      warmUp: this.records.length === 0,
      rssMb: this.rssPeak,
      cpu: cpuShares(this.cpuBefore, cpuNow, seconds),
      machine: this.probe.takeInterval(),
    });
    this.records.push(record);
    this.startedAt = now;
    this.cpuBefore = cpuNow;
    this.rssPeak = null;
    console.log(describeInterval(record));
  }

  stop(): Promise<void> {
    clearInterval(this.sampler);
    return this.probe.stop();
  }

  private sampleRss(): void {
    const rss = rssMb(this.pid);
    if (rss !== null) this.rssPeak = Math.max(this.rssPeak ?? 0, rss);
  }
}

/** CPU milliseconds used so far by the server, by this process, and by the whole machine. */
interface CpuReading {
  server: number | null;
  soak: number;
  machine: number | null;
}

function readCpu(pid: number): CpuReading {
  const own = process.cpuUsage();
  return { server: cpuTimeMs(pid), soak: (own.user + own.system) / 1000, machine: machineBusyMs() };
}

function cpuShares(before: CpuReading, after: CpuReading, seconds: number): CpuShares {
  const percent = (from: number | null, to: number | null) =>
    from === null || to === null || seconds <= 0 ? null : ((to - from) / (seconds * 1000)) * 100;
  const server = percent(before.server, after.server);
  const soak = percent(before.soak, after.soak) ?? 0;
  const machine = percent(before.machine, after.machine);
  return { server, soak, others: machine === null || server === null ? null : Math.max(0, machine - server - soak) };
}

function describeInterval(record: IntervalRecord): string {
  const share = (value: number | null) => (value === null ? '–' : value.toFixed(0));
  return (
    `  until ${record.endSeconds.toFixed(0).padStart(4)} s  ${record.requestsPerSecond.toFixed(0).padStart(5)} req/s  ` +
    `p99 ${formatMs(record.all.p99Ms).padStart(5)} ms  errors ${record.errors}  conflicts ${record.conflicts}  ` +
    `RSS ${record.rssMb?.toFixed(0) ?? '–'} MB  CPU % server ${share(record.cpu.server)}, soak ${share(record.cpu.soak)}, ` +
    `others ${share(record.cpu.others)}  probe ms ${formatProbe(record.machine)}${record.warmUp ? '  (warm-up)' : ''}`
  );
}

/** Picks kinds in proportion to their weights. */
function weightedDraw(kinds: readonly LoadKind[]): () => LoadKind {
  const total = kinds.reduce((sum, kind) => sum + kind.weight, 0);
  return () => {
    let ticket = Math.random() * total;
    for (const kind of kinds) {
      ticket -= kind.weight;
      if (ticket < 0) return kind;
    }
    return kinds[kinds.length - 1] as LoadKind;
  };
}
