import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { RESULTS_FOLDER } from './paths.js';
import { describeStatements, type Ratios, type ServerResult, type TargetCheck } from './results.js';
import type { BenchSettings } from './settings.js';

export const RATE_LIMIT_NOTE =
  'Rate limits: OFF. The servers run with RATE_LIMIT=off: every request comes from one address, whose budget would ' +
  'refuse most of the load with 429. The operation limits, the cost estimate and the JSON request log stay on.';

/** What `bench-results/latest.json` holds; `latest.md` is the same rendered by `renderMarkdown`. */
export interface BenchReport {
  finishedAt: string;
  machine: { node: string; platform: string; cpus: number; cpuModel: string };
  settings: BenchSettings;
  roundChoice: string;
  rateLimits: string;
  /** The ceiling first; ratios are to it. */
  servers: Array<ServerResult & { ratiosToCeiling: Ratios }>;
  targets: TargetCheck[];
}

export function describeMachine(): BenchReport['machine'] {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
  };
}

export function renderMarkdown(report: BenchReport): string {
  const { settings, machine } = report;
  return [
    '# CertHub benchmark: the whole-catalogue query',
    '',
    `${report.finishedAt}; Node ${machine.node}, ${machine.platform}, ${machine.cpus} × ${machine.cpuModel}.`,
    `autocannon over loopback, ${settings.connections} connections, the request named in each row; per run ${settings.warmupSeconds} s warm-up ` +
      `(discarded), then ${settings.durationSeconds} s measured. ${settings.rounds} round(s), servers interleaved in table order; ` +
      `${report.roundChoice}. The load generator shares the machine with the servers.`,
    report.rateLimits,
    ...(settings.cpuProfile ? ['', '**CertHub ran under --cpu-prof: its figures are slowed by the profiler.**'] : []),
    '',
    renderTable(report.servers),
    '',
    'In parentheses: ratio to the ceiling, a bare node:http server answering GET with the same bytes (n/a where the ceiling',
    "measured 0, under autocannon's 1 ms resolution). CPU is the server process only (user + system, from /proc), until",
    'it is idle again, per request sent; peak RSS is its VmHWM (MB = 2^20 bytes), start-up included.',
    '',
    `Rounds (req/s): ${report.servers.map((server) => `${server.name} ${server.rounds.map((r) => formatCount(r.requestsPerSecond)).join(' / ')}`).join('; ')}.`,
    ...failureLines(report.servers),
    '',
    '## Targets',
    '',
    ...report.targets.map((check) => `- ${formatTarget(check)}`),
    '',
  ].join('\n');
}

/** One line per target, as printed and as written: `PASS`, `MISSED` or `UNKNOWN`, then the figures. */
export function formatTarget({ target, met, actual }: TargetCheck): string {
  const verdict = met === null ? 'UNKNOWN' : met ? 'PASS' : 'MISSED';
  return `${verdict.padEnd(7)} ${target}: ${actual}`;
}

export function writeReport(report: BenchReport, markdown: string): Promise<string[]> {
  return writeResults('latest', report, markdown);
}

/** `bench-results/<name>.json` and `<name>.md`: every benchmark's figures, and the same for people. */
export async function writeResults(name: string, report: unknown, markdown: string): Promise<string[]> {
  const jsonFile = path.join(RESULTS_FOLDER, `${name}.json`);
  const markdownFile = path.join(RESULTS_FOLDER, `${name}.md`);
  await mkdir(RESULTS_FOLDER, { recursive: true });
  await Promise.all([writeFile(jsonFile, `${JSON.stringify(report, null, 2)}\n`), writeFile(markdownFile, markdown)]);
  return [jsonFile, markdownFile];
}

function renderTable(servers: BenchReport['servers']): string {
  const header = ['Server', 'Programs', 'req/s', 'p50 ms', 'p99 ms', 'CPU ms/req', 'Peak RSS MB', 'SQL statements/req'];
  const rows = servers.map(({ name, programs, reported, peakRssMb, statementsPerRequest, ratiosToCeiling: ratios }, index) => {
    // The ceiling's own row carries no ratio: it would always say 1×.
    const withRatio = (value: string, ratio: number | null) =>
      index === 0 || value === '–' ? value : `${value} (${formatRatio(ratio)})`;
    return [
      name,
      programs.toLocaleString('en-US'),
      withRatio(formatCount(reported.requestsPerSecond), ratios.requestsPerSecond),
      withRatio(formatMs(reported.p50Ms), ratios.p50Ms),
      withRatio(formatMs(reported.p99Ms), ratios.p99Ms),
      withRatio(formatMs(reported.cpuMsPerRequest), ratios.cpuMsPerRequest),
      withRatio(peakRssMb === null ? '–' : peakRssMb.toFixed(0), ratios.peakRssMb),
      describeStatements(statementsPerRequest),
    ];
  });
  const alignment = header.map((_, column) => (column === 0 ? '---' : '---:'));
  return [header, alignment, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

function failureLines(servers: BenchReport['servers']): string[] {
  const failing = servers.filter((server) => server.rounds.some((round) => round.failures > 0));
  if (failing.length === 0) return ['Failed requests: none.'];
  return failing.map(
    (server) =>
      `**Failed requests (errors, timeouts, non-2xx) at ${server.name}, per round: ${server.rounds.map((r) => r.failures).join(' / ')}: its figures are suspect.**`,
  );
}

function formatCount(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(1);
}

/** Three significant digits at most, never exponent notation. */
export function formatMs(value: number | null): string {
  if (value === null) return '–';
  return value >= 100 ? value.toFixed(0) : Number(value.toPrecision(3)).toString();
}

function formatRatio(ratio: number | null): string {
  if (ratio === null) return 'n/a';
  if (ratio < 0.01) return `${Number(ratio.toPrecision(2))}×`;
  if (ratio < 1) return `${ratio.toFixed(3)}×`;
  if (ratio < 10) return `${ratio.toFixed(1)}×`;
  return `${ratio.toFixed(0)}×`;
}
