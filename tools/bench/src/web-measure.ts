import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import lighthouse from 'lighthouse';
import { type Browser, chromium } from 'playwright-core';
import { freePort } from './child-server.js';
import { RESULTS_FOLDER } from './paths.js';

/** What a visitor's browser saw of one public page, on loopback with nothing throttled. */
export interface PageLoad {
  /** Bytes of JavaScript on the wire (compressed, headers included, as Chromium counts them) until the page is idle. */
  javascriptBytes: number;
  /** Of which scripts: how many files. */
  scripts: number;
  /** The `Accept-Encoding` the browser sent for its scripts, and the codings they came in (none: "identity"). */
  acceptEncoding: string;
  scriptCodings: string[];
  ttfbMs: number;
  fcpMs: number | null;
  lcpMs: number | null;
}

/** A page loaded over https (judged, as deployed), over plain http (for information), and Lighthouse's view of it over https. */
export interface PageMeasurement extends PageLoad {
  plainHttp: PageLoad;
  lighthouse: LighthouseScores;
}

/**
 * Lighthouse 12's category scores, 0 to 100, for its default (mobile, simulated slow 4G) run: of the
 * median run by performance when it ran several times.
 */
export interface LighthouseScores {
  performance: number;
  /** Each run's performance score, in the order they ran. */
  performanceRuns: number[];
  accessibility: number;
  bestPractices: number;
  seo: number;
  /** Lighthouse's own simulated figures, and what lowered the scores below 100. */
  simulatedFcpMs: number;
  simulatedLcpMs: number;
  /** Simulated total blocking time, and the longest simulated main-thread tasks behind it ("120 ms main-abc.js"). */
  totalBlockingTimeMs: number;
  longTasks: string[];
  failedAudits: string[];
  /** Lighthouse's measure of the machine's CPU speed during the run: a busy machine scores lower, and so do its pages. */
  benchmarkIndex: number;
}

/** The browser tests' flags (packages/e2e-support): Debian's chromium as root, in a closed network. */
const CHROMIUM_ARGS = createRequire(import.meta.url)('@certhub/e2e-support/chromium-args.json') as string[];

/** A page that is not there (yet): a 404, or a page in another language than the one asked for. */
export class PageNotAvailable extends Error {}

/**
 * Debian's chromium with the browser tests' flags and a debugging port for Lighthouse: the one
 * browser both measurements use. It accepts any certificate: the TLS front's is made for the run.
 */
export async function openBrowser(): Promise<{ browser: Browser; debuggingPort: number }> {
  const debuggingPort = await freePort();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, '--ignore-certificate-errors', `--remote-debugging-port=${debuggingPort}`],
  });
  return { browser, debuggingPort };
}

/**
 * The page at `path`: loaded from the https front (`httpsOrigin`, what is judged) and from the
 * server itself (`httpOrigin`, plain http: what Chromium gets without TLS, for information), each
 * in a fresh context, then Lighthouse's run over https.
 */
export async function measurePage(
  browser: Browser,
  debuggingPort: number,
  origins: { httpsOrigin: string; httpOrigin: string },
  path: string,
  expectedLang: string,
  lighthouseRuns: number,
): Promise<PageMeasurement> {
  const url = `${origins.httpsOrigin}${path}`;
  const load = await loadPage(browser, url, expectedLang);
  const plainHttp = await loadPage(browser, `${origins.httpOrigin}${path}`, expectedLang);
  const runs: Omit<LighthouseScores, 'performanceRuns'>[] = [];
  for (let run = 1; run <= lighthouseRuns; run++) runs.push(await lighthouseScores(url, debuggingPort, run));
  const median = [...runs].sort((a, b) => a.performance - b.performance)[Math.floor((runs.length - 1) / 2)];
  if (!median) throw new Error(`Lighthouse did not run for ${url}.`);
  return { ...load, plainHttp, lighthouse: { ...median, performanceRuns: runs.map((run) => run.performance) } };
}

/** Loads `url` in a fresh context (an empty cache: a first visit) and reads what the visit cost. */
async function loadPage(browser: Browser, url: string, expectedLang: string): Promise<PageLoad> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    const scriptRequests = new Set<string>();
    const acceptEncodings = new Set<string>();
    const scriptCodings = new Set<string>();
    let javascriptBytes = 0;
    // The headers as sent, which Chromium completes after the page's request (Accept-Encoding among them).
    const sentHeaders = new Map<string, Record<string, string>>();
    cdp.on('Network.requestWillBeSentExtraInfo', (event) => {
      sentHeaders.set(event.requestId, event.headers as Record<string, string>);
    });
    cdp.on('Network.responseReceived', (event) => {
      if (event.type !== 'Script') return;
      scriptRequests.add(event.requestId);
      const headers = Object.fromEntries(
        Object.entries(event.response.headers).map(([name, value]) => [name.toLowerCase(), value]),
      );
      scriptCodings.add(headers['content-encoding'] || 'identity');
    });
    cdp.on('Network.loadingFinished', (event) => {
      if (!scriptRequests.has(event.requestId)) return;
      javascriptBytes += event.encodedDataLength;
      const sent = sentHeaders.get(event.requestId) ?? {};
      const acceptEncoding = Object.entries(sent).find(([name]) => name.toLowerCase() === 'accept-encoding')?.[1];
      if (acceptEncoding) acceptEncodings.add(acceptEncoding);
    });
    const response = await page.goto(url, { waitUntil: 'networkidle' });
    const status = response?.status() ?? 0;
    const lang = await page.evaluate(() => document.documentElement.lang);
    if (status === 404 || status === 410 || !lang.startsWith(expectedLang)) {
      throw new PageNotAvailable(`${url} answered ${status} in lang "${lang}"`);
    }
    const timings = await page.evaluate(async () => {
      // Buffered: the entries recorded before this script ran; none after a second means there was none.
      const lastEntry = (type: string) =>
        new Promise<PerformanceEntry | null>((resolve) => {
          new PerformanceObserver((list) => resolve(list.getEntries().at(-1) ?? null)).observe({ type, buffered: true });
          setTimeout(() => resolve(null), 1000);
        });
      const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const paints = await new Promise<PerformanceEntry[]>((resolve) => {
        new PerformanceObserver((list) => resolve(list.getEntries())).observe({ type: 'paint', buffered: true });
        setTimeout(() => resolve([]), 1000);
      });
      const lcp = await lastEntry('largest-contentful-paint');
      return {
        ttfbMs: navigation.responseStart,
        fcpMs: paints.find((entry) => entry.name === 'first-contentful-paint')?.startTime ?? null,
        lcpMs: lcp?.startTime ?? null,
      };
    });
    return {
      javascriptBytes,
      scripts: scriptRequests.size,
      acceptEncoding: [...acceptEncodings].join(' | ') || 'not seen',
      scriptCodings: [...scriptCodings],
      ...timings,
    };
  } finally {
    await context.close();
  }
}

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];

async function lighthouseScores(url: string, port: number, run: number): Promise<Omit<LighthouseScores, 'performanceRuns'>> {
  const result = await lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES });
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}.`);
  const { categories, audits, runtimeError, environment } = result.lhr;
  if (runtimeError) throw new Error(`Lighthouse could not measure ${url}: ${runtimeError.message}`);
  // The whole report beside the summary, to look into a score (the simulated tasks, the network graph).
  const reports = path.join(RESULTS_FOLDER, 'lighthouse');
  mkdirSync(reports, { recursive: true });
  writeFileSync(
    path.join(reports, `${new URL(url).pathname.replace(/\W+/g, '-').replace(/^-|-$/g, '') || 'root'}-${run}.json`),
    JSON.stringify(result.lhr),
  );
  const score = (id: string) => Math.round((categories[id]?.score ?? 0) * 100);
  // Audits that count towards a score and did not pass, with what they weigh: what to fix next.
  const failedAudits = CATEGORIES.flatMap((category) =>
    (categories[category]?.auditRefs ?? [])
      .filter((ref) => ref.weight > 0 && (audits[ref.id]?.score ?? 1) < 0.9)
      .map((ref) => `${category}: ${ref.id} (${audits[ref.id]?.displayValue ?? audits[ref.id]?.score})`),
  );
  return {
    performance: score('performance'),
    accessibility: score('accessibility'),
    bestPractices: score('best-practices'),
    seo: score('seo'),
    simulatedFcpMs: Math.round(audits['first-contentful-paint']?.numericValue ?? 0),
    simulatedLcpMs: Math.round(audits['largest-contentful-paint']?.numericValue ?? 0),
    totalBlockingTimeMs: Math.round(audits['total-blocking-time']?.numericValue ?? 0),
    longTasks: longTasksOf(audits['long-tasks']?.details),
    failedAudits,
    benchmarkIndex: Math.round(environment.benchmarkIndex),
  };
}

/** Lighthouse's `long-tasks` audit (simulated durations when it simulates): the five longest, with the script each is attributed to. */
function longTasksOf(details: unknown): string[] {
  const items = (details as { items?: { url?: string; duration?: number }[] } | undefined)?.items ?? [];
  return items.slice(0, 5).map(({ url, duration }) => {
    const file = (url ?? '').replace(/^https?:\/\/[^/]+/, '').replace(/^\/assets\//, '') || '(page)';
    return `${Math.round(duration ?? 0)} ms ${file}`;
  });
}
