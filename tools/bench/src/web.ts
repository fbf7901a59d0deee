import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runSigningKey, startChildServer } from './child-server.js';
import { cleanUpOnExit } from './clean-up.js';
import { prepareSeedDatabase } from './databases.js';
import { BENCH_ADMIN } from './freshness.js';
import { REPO_ROOT, RESULTS_FOLDER, SERVER_ENV, SERVER_MAIN, SERVER_NODE_FLAGS } from './paths.js';
import { describeMachine } from './report.js';
import { readWebRuns } from './settings.js';
import { measurePage, openBrowser, type PageMeasurement, PageNotAvailable } from './web-measure.js';
import { startTlsProxy } from './web-tls-proxy.js';

/**
 * `pnpm bench:web`: the public pages as a first-time visitor's browser gets them from the built
 * server (NODE_ENV=production, a fresh database seeded with the docs page's catalogue) behind a
 * TLS front, as deployed (browsers offer brotli over https only), in Debian's chromium: JavaScript
 * on the wire before any interaction (over plain http too, for information), time to first byte,
 * first and largest contentful paint (on loopback, nothing throttled), and Lighthouse 12's scores
 * (its default mobile run, simulated slow 4G) in the same browser, over https. A report, not a
 * test: it exits 0 whether or not the targets are met, and says which were not.
 */
const PROGRAM = 'ip-phones';
const PAGES = [
  { name: 'Catalogue', path: '/' },
  { name: 'Program', path: `/programs/${PROGRAM}` },
  { name: 'Join', path: '/join' },
];
const LANGUAGES = [
  { lang: 'en', prefix: '' },
  { lang: 'de', prefix: '/de' },
];

/** The budgets (issue 15): each page, each language. */
const TARGETS = {
  javascriptKb: 150,
  performance: 95,
  accessibility: 100,
  bestPractices: 95,
  seo: 100,
};

type Outcome = { page: string; url: string; measurement: PageMeasurement } | { page: string; url: string; missing: string };

async function main(): Promise<void> {
  const lighthouseRuns = readWebRuns();
  // Each page's Lighthouse reports of this run only (web-measure.ts writes them).
  rmSync(path.join(RESULTS_FOLDER, 'lighthouse'), { recursive: true, force: true });
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'certhub-bench-web-'));
  cleanUpOnExit(scratch);
  console.log("Preparing a database with the seed page's catalogue…");
  const database = await prepareSeedDatabase(scratch);
  const server = await startChildServer({
    name: 'CertHub',
    script: SERVER_MAIN,
    nodeFlags: SERVER_NODE_FLAGS,
    env: {
      ...SERVER_ENV,
      NODE_ENV: 'production',
      DIRECTORY_SIGNING_KEY: runSigningKey(),
      DATABASE_URL: database.url,
      ADMIN_EMAIL: BENCH_ADMIN.email,
      ADMIN_PASSWORD: BENCH_ADMIN.password,
      // Lighthouse loads each page several times from one address.
      RATE_LIMIT: 'off',
    },
  });
  const tls = await startTlsProxy(server.origin, scratch);
  const origins = { httpsOrigin: tls.origin, httpOrigin: server.origin };
  const { browser, debuggingPort } = await openBrowser();
  const outcomes: Outcome[] = [];
  try {
    for (const { lang, prefix } of LANGUAGES) {
      for (const page of PAGES) {
        const address = `${prefix}${page.path === '/' && prefix ? '/' : page.path}`;
        const url = `${tls.origin}${address}`;
        const name = `${page.name} (${lang})`;
        try {
          const measurement = await measurePage(browser, debuggingPort, origins, address, lang, lighthouseRuns);
          outcomes.push({ page: name, url, measurement });
          console.log(`  ${name.padEnd(16)} ${describe(measurement)}`);
        } catch (error) {
          if (!(error instanceof PageNotAvailable)) throw error;
          outcomes.push({ page: name, url, missing: error.message });
          console.log(`  ${name.padEnd(16)} not available (${error.message})`);
        }
      }
    }
  } finally {
    await browser.close();
    await tls.close();
    await server.stop();
  }
  const markdown = render(outcomes, tls.origin, lighthouseRuns);
  mkdirSync(RESULTS_FOLDER, { recursive: true });
  const file = path.join(RESULTS_FOLDER, 'web.md');
  writeFileSync(file, markdown);
  console.log(`\n${markdown}`);
  console.log(`Written to ${path.relative(REPO_ROOT, file)}.`);
}

function describe(m: PageMeasurement): string {
  const { lighthouse: l } = m;
  return `JS ${kb(m.javascriptBytes)} KB in ${m.scripts} (${m.scriptCodings.join('/')}; http: ${kb(m.plainHttp.javascriptBytes)} KB, ${m.plainHttp.scriptCodings.join('/')})  TTFB ${ms(m.ttfbMs)}  FCP ${ms(m.fcpMs)}  LCP ${ms(m.lcpMs)}  Lighthouse ${performanceOf(l)}/${l.accessibility}/${l.bestPractices}/${l.seo}  TBT ${ms(l.totalBlockingTimeMs)} (${l.longTasks.join(', ') || 'no long task'})`;
}

/** The median run's performance, and each run's when there were several: "95 (92, 95, 97)". */
const performanceOf = (l: PageMeasurement['lighthouse']) =>
  l.performanceRuns.length > 1 ? `${l.performance} (${l.performanceRuns.join(', ')})` : String(l.performance);

const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const ms = (value: number | null) => (value === null ? '–' : `${Math.round(value)} ms`);

/** Each target of each page, met or not. */
function targetLines(outcome: Outcome): string[] {
  if ('missing' in outcome) return [`- not available  ${outcome.page}: ${outcome.missing}`];
  const { measurement: m } = outcome;
  const l = m.lighthouse;
  const check = (met: boolean, what: string) => `- ${met ? 'met    ' : 'NOT MET'}  ${outcome.page}: ${what}`;
  return [
    check(
      m.javascriptBytes <= TARGETS.javascriptKb * 1024,
      `initial JavaScript ≤ ${TARGETS.javascriptKb} KB compressed, over https (${kb(m.javascriptBytes)} KB)`,
    ),
    check(
      l.performance >= TARGETS.performance,
      `Lighthouse performance ≥ ${TARGETS.performance} (${performanceOf(l)}${l.performanceRuns.length > 1 ? ': the median run' : ''})`,
    ),
    check(l.accessibility >= TARGETS.accessibility, `Lighthouse accessibility ${TARGETS.accessibility} (${l.accessibility})`),
    check(l.bestPractices >= TARGETS.bestPractices, `Lighthouse best practices ≥ ${TARGETS.bestPractices} (${l.bestPractices})`),
    check(l.seo >= TARGETS.seo, `Lighthouse SEO ${TARGETS.seo} (${l.seo})`),
  ];
}

function describeMachineText(): string {
  const { node, platform, cpus, cpuModel } = describeMachine();
  return `Node ${node}, ${platform}, ${cpus} × ${cpuModel}`;
}

function describeIndex(outcomes: Outcome[]): string {
  const indexes = outcomes.flatMap((outcome) => ('missing' in outcome ? [] : [outcome.measurement.lighthouse.benchmarkIndex]));
  return indexes.length ? `${Math.min(...indexes)} to ${Math.max(...indexes)}` : 'not measured';
}

/** The `Accept-Encoding` values Chromium sent for scripts, over https or over plain http, across the pages. */
function acceptEncodingOf(outcomes: Outcome[], scheme: 'https' | 'http'): string {
  const values = new Set(
    outcomes.flatMap((outcome) =>
      'missing' in outcome
        ? []
        : [scheme === 'https' ? outcome.measurement.acceptEncoding : outcome.measurement.plainHttp.acceptEncoding],
    ),
  );
  return [...values].join(' | ') || 'not seen';
}

function render(outcomes: Outcome[], origin: string, lighthouseRuns: number): string {
  const rows = outcomes.map((outcome) => {
    const address = outcome.url.slice(origin.length);
    if ('missing' in outcome) return `| ${outcome.page} | \`${address}\` | not available | | | | | | | | | | |`;
    const { measurement: m } = outcome;
    const l = m.lighthouse;
    return `| ${outcome.page} | \`${address}\` | ${kb(m.javascriptBytes)} (${m.scripts}) | ${kb(m.plainHttp.javascriptBytes)} | ${ms(m.ttfbMs)} | ${ms(m.fcpMs)} | ${ms(m.lcpMs)} | ${ms(l.simulatedFcpMs)} / ${ms(l.simulatedLcpMs)} | ${ms(l.totalBlockingTimeMs)} | ${performanceOf(l)} | ${l.accessibility} | ${l.bestPractices} | ${l.seo} |`;
  });
  const lowered = outcomes.flatMap((outcome) =>
    'missing' in outcome || outcome.measurement.lighthouse.failedAudits.length === 0
      ? []
      : [`- ${outcome.page}: ${outcome.measurement.lighthouse.failedAudits.join('; ')}`],
  );
  return [
    '# Web benchmark',
    '',
    `${new Date().toISOString()}; ${describeMachineText()}; Lighthouse's benchmark index of this machine while it ran (its`,
    `CPU speed, higher is faster; a typical desktop is about 1,500 and its simulated mobile CPU is 4× slower still): ${describeIndex(outcomes)}.`,
    '',
    "The built server (NODE_ENV=production) on a fresh SQLite database with the seed page's catalogue, behind a TLS",
    "front on loopback (a self-signed certificate made for the run), as deployed; Debian's chromium, a fresh browser",
    'context per page (an empty cache: a first visit). JavaScript: bytes on the wire (compressed, headers included, as',
    'Chromium counts them) of every script loaded until the network is idle, before any interaction, over https (judged;',
    'Chromium asks for brotli) and over plain http from the server itself (for information). TTFB, FCP and LCP: the',
    "page's own Performance API over https on loopback, nothing throttled. Lighthouse 12: its default run over https",
    '(mobile, simulated slow 4G and a 4× slower CPU) in the same browser; its simulated FCP, LCP and total blocking time beside the scores;',
    `performance: the median of ${lighthouseRuns} run(s) a page (BENCH_WEB_RUNS), each run's score beside it; the other figures are the median run's.`,
    '',
    `What Chromium asked for: over https \`${acceptEncodingOf(outcomes, 'https')}\`, over http \`${acceptEncodingOf(outcomes, 'http')}\`.`,
    '',
    '| Page | Address | JS KB https (files) | JS KB http | TTFB | FCP | LCP | Lighthouse FCP / LCP | Lighthouse TBT | Performance | Accessibility | Best practices | SEO |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    '## Targets',
    '',
    ...outcomes.flatMap(targetLines),
    '',
    '## Long tasks (Lighthouse, simulated: the five longest of each page, with the script each is attributed to)',
    '',
    ...outcomes.flatMap((outcome) =>
      'missing' in outcome ? [] : [`- ${outcome.page}: ${outcome.measurement.lighthouse.longTasks.join(', ') || 'none'}`],
    ),
    '',
    ...(lowered.length ? ['## What lowered the scores (audits below 0.9 that weigh in a category)', '', ...lowered, ''] : []),
  ].join('\n');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
