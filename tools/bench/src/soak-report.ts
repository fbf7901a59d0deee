import { formatProbe } from './machine-probe.js';
import { type BenchReport, formatMs, formatTarget } from './report.js';
import { PEAK_RSS_TARGET_MB, type TargetCheck } from './results.js';
import { describeCpu, describePair, type GrowthFigures } from './soak-growth.js';
import type { IntervalRecord, KindTotals } from './soak-recorder.js';
import type { SoakSettings } from './soak-settings.js';

/** What `bench-results/soak.json` holds; `soak.md` is the same rendered by `renderSoakMarkdown`. */
export interface SoakReport {
  finishedAt: string;
  machine: BenchReport['machine'];
  settings: Omit<SoakSettings, 'postgresUrl'>;
  database: string;
  /** What makes these figures differ from a deployed server's (`SoakDatabase.caveats`). */
  caveats: string[];
  /** Seconds the load actually ran, and the length of one row of the table. */
  durationSeconds: number;
  intervalSeconds: number;
  mix: Array<{ kind: string; weight: number }>;
  subscriptions: SubscriptionFigures;
  intervals: IntervalRecord[];
  /** The soaked server against a fresh one (`soak-growth.ts`); null when SOAK_GROWTH_ROUNDS is 0. */
  growth: GrowthFigures | null;
  kinds: KindTotals[];
  /** Server faults: request errors plus subscriber failures. The target is 0. */
  errors: number;
  conflicts: number;
  /** Refusals other than CONFLICT: the soak asked for something wrong. Should be 0 too. */
  refused: number;
  rss: RssFigures;
  problems: Array<{ problem: string; count: number }>;
  targets: TargetCheck[];
}

export interface SubscriptionFigures {
  available: boolean;
  note: string;
  subscribers: number;
  /** Status changes the staff edits made, each of which every subscriber should hear of. */
  statusChanges: number;
  /** The fewest and most events one long-lived subscriber received. */
  eventsMin: number | null;
  eventsMax: number | null;
  failures: string[];
}

export interface RssFigures {
  /** The warm-up's (the first interval's) highest sample. */
  startMb: number | null;
  /** The last interval's highest sample. */
  endMb: number | null;
  growthPercent: number | null;
  /** VmHWM: the most the server held, start-up included. */
  peakMb: number | null;
}

export const RSS_GROWTH_TARGET_PERCENT = 10;
/** Issue 16: the soaked server's throughput at least this share of a fresh server's. */
export const FLAT_THROUGHPUT_SHARE = 0.95;

export function checkSoakTargets(errors: number, rss: RssFigures, growth: GrowthFigures | null): TargetCheck[] {
  return [
    {
      target: 'Errors (5xx, network errors, INTERNAL_SERVER_ERROR, subscription failures) = 0',
      met: errors === 0,
      actual: String(errors),
    },
    {
      target: `RSS growth after the warm-up (its peak to the last interval's) < ${RSS_GROWTH_TARGET_PERCENT} %`,
      met: rss.growthPercent === null ? null : rss.growthPercent < RSS_GROWTH_TARGET_PERCENT,
      actual:
        rss.growthPercent === null
          ? 'not measured (no /proc)'
          : `${formatMb(rss.startMb)} → ${formatMb(rss.endMb)} MB (${signed(rss.growthPercent)} %)`,
    },
    {
      target:
        `Throughput flat as the data grows: the soaked server's req/s ≥ ${FLAT_THROUGHPUT_SHARE}× a fresh server's ` +
        '(median of the pairs of alternating windows after the load)',
      met: growth?.ratio == null ? null : growth.ratio >= FLAT_THROUGHPUT_SHARE,
      actual:
        growth?.ratio == null
          ? 'not measured (SOAK_GROWTH_ROUNDS=0)'
          : `${growth.ratio.toFixed(2)}× (pairs: ${growth.pairs.map((pair) => `${pair.ratio.toFixed(2)}`).join(', ')})`,
    },
    {
      target: `Peak RSS (VmHWM, start-up included) ≤ ${PEAK_RSS_TARGET_MB} MB`,
      met: rss.peakMb === null ? null : rss.peakMb <= PEAK_RSS_TARGET_MB,
      actual: rss.peakMb === null ? 'not measured (no /proc)' : `${formatMb(rss.peakMb)} MB`,
    },
  ];
}

export function renderSoakMarkdown(report: SoakReport): string {
  const { settings, machine } = report;
  return [
    '# CertHub soak benchmark',
    '',
    `${report.finishedAt}; Node ${machine.node}, ${machine.platform}, ${machine.cpus} × ${machine.cpuModel}.`,
    `${(report.durationSeconds / 60).toFixed(1)} min of mixed load over loopback against the built server (NODE_ENV=production, ` +
      `RATE_LIMIT=off, APPLICATIONS_PER_HOUR=0) on a fresh ${report.database} database it seeded itself; ${settings.concurrency} ` +
      'requests in flight, each sent as soon as the one before it was answered. The load generator shares the machine with the server.',
    `Mix (weights): ${report.mix.map(({ kind, weight }) => `${kind} ${weight}`).join(', ')}.`,
    describeSubscriptions(report.subscriptions),
    '',
    '## Targets',
    '',
    ...report.targets.map((check) => `- ${formatTarget(check)}`),
    ...report.caveats.map((caveat) => `- **Caveat:** ${caveat}`),
    `- Also: ${report.conflicts} CONFLICT answers to staff edits (expected: concurrent edits of the same programs); ` +
      `${report.refused} other refusals${report.refused > 0 ? ' (**the soak sent something the server refused: see Problems**)' : ''}.`,
    `- RSS peak (VmHWM, start-up included): ${formatMb(report.rss.peakMb)} MB.`,
    `- ${describeFirstAndLast(report.intervals)}`,
    '',
    ...renderGrowth(report.growth),
    `## Over time (every ${formatSeconds(report.intervalSeconds)}; p99 in ms by kind)`,
    '',
    renderIntervals(report),
    '',
    'The first row is the warm-up; RSS growth is from its figure to the last. RSS is the highest of the samples taken every second ' +
      'in the interval (garbage collection makes it a sawtooth; a leak raises the peaks). CPU in % of one core: the server, the soak itself (near ' +
      '100 it cannot send faster), and every other process on the machine (a busy neighbour slows every figure down). ' +
      'Probe: the median time, once a second in a worker thread of the soak, of a fixed arithmetic loop and of 200,000 dependent ' +
      'reads scattered over 32 MiB. Its work does not depend on the server, but its time does include waiting for a core ' +
      "the server and the soak keep busy (mostly the loop's); where the reads slow down at a steady CPU share, the machine itself " +
      'ran slower (on a shared host, its neighbours), and the throughput of that interval says less about the server.',
    '',
    '## By kind, whole run',
    '',
    renderKinds(report.kinds),
    '',
    '## Problems',
    '',
    ...(report.problems.length
      ? report.problems.map(({ problem, count }) => `- ${count} × ${problem}`)
      : ['None: no errors and no unexpected refusals.']),
    '',
  ].join('\n');
}

/**
 * The issue's first reading of "flat": two single intervals. Shown, not judged: on a shared host
 * one minute differs from the next by up to a fifth with the machine's own speed.
 */
function describeFirstAndLast(intervals: readonly IntervalRecord[]): string {
  const measured = intervals.filter((interval) => !interval.warmUp);
  const first = measured[0];
  const last = measured.at(-1);
  if (!first || !last || first === last || first.requestsPerSecond <= 0) {
    return 'The last interval against the first after the warm-up: not measured (fewer than two intervals after the warm-up).';
  }
  const ratio = last.requestsPerSecond / first.requestsPerSecond;
  return (
    `The last interval against the first after the warm-up: ${last.requestsPerSecond.toFixed(0)} against ` +
    `${first.requestsPerSecond.toFixed(0)} req/s (${ratio.toFixed(2)}×), probe ${formatProbe(last.machine)} against ` +
    `${formatProbe(first.machine)} ms. Not judged: single intervals move with the machine's own speed (the probe); ` +
    'the flatness target is judged against a fresh server, below.'
  );
}

function renderGrowth(growth: GrowthFigures | null): string[] {
  if (!growth) return [];
  return [
    '## Against a fresh server',
    '',
    `After the load, the soaked server and a fresh one (same build and settings, its own new database, ${growth.freshWarmUpSeconds.toFixed(0)} s ` +
      `of the same mix to warm up) took turns under the mix in ${growth.windowSeconds.toFixed(0)} s windows, the order alternating ` +
      "(ABBA…), so each pair's two windows ran on the machine as it was at that moment. Median of the soaked server's " +
      `req/s over the fresh one's: **${growth.ratio?.toFixed(2) ?? '–'}×**. CPU per answer (medians over the pairs): soaked ` +
      `${describeCpu(growth.grownCpuMsPerAnswer)}, fresh ${describeCpu(growth.freshCpuMsPerAnswer)}.`,
    '',
    ...growth.pairs.map((pair, index) => `${index + 1}. ${describePair(pair)}`),
    '',
  ];
}

function describeSubscriptions(figures: SubscriptionFigures): string {
  if (!figures.available) return `${capitalise(figures.note)}: the mix has no subscription kind.`;
  return (
    `${capitalise(figures.note)}: ${figures.subscribers} subscribers connected throughout heard of ${figures.eventsMin ?? '–'} ` +
    `to ${figures.eventsMax ?? '–'} of the ${figures.statusChanges} status changes made; the subscription kind connects, ` +
    'subscribes to one program, holds 50 ms and leaves (its latency: to the connection acknowledgement).'
  );
}

function renderIntervals(report: SoakReport): string {
  const kinds = report.mix.map(({ kind }) => kind);
  const header = [
    'Until',
    'req/s',
    'p50 all',
    'p99 all',
    ...kinds,
    'errors',
    'conflicts',
    'RSS MB',
    'CPU % server / soak / others',
    'probe ms arithmetic / memory',
  ];
  const rows = report.intervals.map((interval) => [
    `${formatSeconds(interval.endSeconds)}${interval.warmUp ? ' (warm-up)' : ''}`,
    interval.requestsPerSecond.toFixed(0),
    formatMs(interval.all.p50Ms),
    formatMs(interval.all.p99Ms),
    ...kinds.map((kind) => formatMs(interval.byKind[kind]?.p99Ms ?? null)),
    String(interval.errors),
    String(interval.conflicts),
    formatMb(interval.rssMb),
    [interval.cpu.server, interval.cpu.soak, interval.cpu.others]
      .map((share) => (share === null ? '–' : share.toFixed(0)))
      .join(' / '),
    formatProbe(interval.machine),
  ]);
  return table(header, rows);
}

function renderKinds(kinds: readonly KindTotals[]): string {
  const header = ['Kind', 'requests', 'ok', 'conflicts', 'refused', 'errors', 'p50 ms', 'p99 ms', 'max ms'];
  const rows = kinds.map((totals) => [
    totals.kind,
    String(totals.requests),
    String(totals.outcomes.ok),
    String(totals.outcomes.conflict),
    String(totals.outcomes.refused),
    String(totals.outcomes.error),
    formatMs(totals.p50Ms),
    formatMs(totals.p99Ms),
    formatMs(totals.maxMs),
  ]);
  return table(header, rows);
}

function table(header: string[], rows: string[][]): string {
  const alignment = header.map((_, column) => (column === 0 ? '---' : '---:'));
  return [header, alignment, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

function formatMb(value: number | null): string {
  return value === null ? '–' : value.toFixed(0);
}

function formatSeconds(seconds: number): string {
  return seconds >= 60 && Number.isInteger(seconds / 60) ? `${seconds / 60} min` : `${seconds.toFixed(0)} s`;
}

function signed(value: number): string {
  return `${value >= 0 ? '+' : ''}${value.toFixed(1)}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
