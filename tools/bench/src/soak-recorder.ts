import type { MachineSpeed } from './machine-probe.js';
import type { Attempt, Outcome } from './soak-client.js';

/** Latency of one kind of request over some stretch of the run. */
export interface LatencyFigures {
  requests: number;
  p50Ms: number | null;
  p99Ms: number | null;
}

/** One row of the report's "over time" table: a tenth of the run, or a minute of a longer one. */
export interface IntervalRecord {
  /** Seconds since the load started, at the end of this interval. */
  endSeconds: number;
  /** The first interval warms the server up (JIT, caches, pools): RSS is compared from its end. */
  warmUp: boolean;
  requestsPerSecond: number;
  all: LatencyFigures;
  byKind: Record<string, LatencyFigures>;
  errors: number;
  conflicts: number;
  /** The server's resident memory: the highest of the interval's samples; null without /proc. */
  rssMb: number | null;
  cpu: CpuShares;
  /** How fast the machine itself ran meanwhile (`machine-probe.ts`). */
  machine: MachineSpeed;
}

/**
 * CPU used over an interval, in % of one core, by the server, by the soak itself (near 100 it
 * cannot send faster: the figures are its limit, not the server's), and by every other process on
 * the machine (a busy neighbour slows both down). null where /proc is missing.
 */
export interface CpuShares {
  server: number | null;
  soak: number;
  others: number | null;
}

/** Everything one kind of request did over the whole run. */
export interface KindTotals extends LatencyFigures {
  kind: string;
  outcomes: Record<Outcome, number>;
  maxMs: number | null;
}

/** Distinct problems kept as examples for the report, each with how often it happened. */
const MAX_EXAMPLES = 20;

/** Collects every request's latency and outcome, by kind, per interval and for the whole run. */
export class SoakRecorder {
  private interval = new Map<string, number[]>();
  private intervalOutcomes = emptyOutcomes();
  private readonly totals = new Map<string, { latencies: number[]; outcomes: Record<Outcome, number> }>();
  /** Problem (error or unexpected refusal) → times seen. */
  readonly examples = new Map<string, number>();
  /** Answers recorded so far, of every kind and outcome, and how many of them were errors. */
  requests = 0;
  errors = 0;

  constructor(private readonly kinds: readonly string[]) {
    for (const kind of kinds) this.totals.set(kind, { latencies: [], outcomes: emptyOutcomes() });
  }

  record(kind: string, latencyMs: number, attempt: Attempt): void {
    this.requests++;
    if (attempt.outcome === 'error') this.errors++;
    const latencies = this.interval.get(kind) ?? [];
    latencies.push(latencyMs);
    this.interval.set(kind, latencies);
    this.intervalOutcomes[attempt.outcome]++;
    const totals = this.totals.get(kind);
    totals?.latencies.push(latencyMs);
    if (totals) totals.outcomes[attempt.outcome]++;
    if (attempt.detail) this.keepExample(`${kind} (${attempt.outcome}): ${attempt.detail}`);
  }

  /** Closes the interval that ends now, `seconds` long, and starts the next. */
  closeInterval(
    at: Pick<IntervalRecord, 'endSeconds' | 'warmUp' | 'rssMb' | 'cpu' | 'machine'> & { seconds: number },
  ): IntervalRecord {
    const byKind = Object.fromEntries(this.kinds.map((kind) => [kind, latencyFigures(this.interval.get(kind) ?? [])]));
    const all = latencyFigures([...this.interval.values()].flat());
    const record: IntervalRecord = {
      endSeconds: at.endSeconds,
      warmUp: at.warmUp,
      requestsPerSecond: at.seconds > 0 ? all.requests / at.seconds : 0,
      all,
      byKind,
      errors: this.intervalOutcomes.error,
      conflicts: this.intervalOutcomes.conflict,
      rssMb: at.rssMb,
      cpu: at.cpu,
      machine: at.machine,
    };
    this.interval = new Map();
    this.intervalOutcomes = emptyOutcomes();
    return record;
  }

  totalsByKind(): KindTotals[] {
    return this.kinds.map((kind) => {
      const { latencies, outcomes } = this.totals.get(kind) ?? { latencies: [], outcomes: emptyOutcomes() };
      return {
        kind,
        ...latencyFigures(latencies),
        outcomes,
        maxMs: latencies.length ? latencies.reduce((max, value) => Math.max(max, value)) : null,
      };
    });
  }

  private keepExample(problem: string): void {
    const seen = this.examples.get(problem);
    if (seen !== undefined) this.examples.set(problem, seen + 1);
    else if (this.examples.size < MAX_EXAMPLES) this.examples.set(problem, 1);
  }
}

function emptyOutcomes(): Record<Outcome, number> {
  return { ok: 0, conflict: 0, refused: 0, error: 0 };
}

/** Nearest-rank percentiles over every latency: exact, and cheap at the soak's volumes. */
export function latencyFigures(latencies: readonly number[]): LatencyFigures {
  if (latencies.length === 0) return { requests: 0, p50Ms: null, p99Ms: null };
  const sorted = Float64Array.from(latencies).sort();
  const rank = (share: number) => sorted[Math.max(0, Math.ceil(share * sorted.length) - 1)] ?? null;
  return { requests: sorted.length, p50Ms: rank(0.5), p99Ms: rank(0.99) };
}
