import { createRequire } from 'node:module';
import lighthouse from 'lighthouse';
import { type Browser, chromium } from 'playwright-core';
import { freePort } from './child-server.js';

/** What a visitor's browser saw of one public page, on loopback with nothing throttled, and Lighthouse's view of it. */
export interface PageMeasurement {
  /** Bytes of JavaScript on the wire (compressed, headers included, as Chromium counts them) until the page is idle. */
  javascriptBytes: number;
  /** Of which scripts: how many files. */
  scripts: number;
  ttfbMs: number;
  fcpMs: number | null;
  lcpMs: number | null;
  lighthouse: LighthouseScores;
}

/** Lighthouse 12's category scores, 0 to 100, for its default (mobile, simulated slow 4G) run. */
export interface LighthouseScores {
  performance: number;
  accessibility: number;
  bestPractices: number;
  seo: number;
  /** Lighthouse's own simulated figures, and what lowered the scores below 100. */
  simulatedFcpMs: number;
  simulatedLcpMs: number;
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
 * browser both measurements use.
 */
export async function openBrowser(): Promise<{ browser: Browser; debuggingPort: number }> {
  const debuggingPort = await freePort();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, `--remote-debugging-port=${debuggingPort}`],
  });
  return { browser, debuggingPort };
}

/** Loads `url` in a fresh context (an empty cache: a first visit) and reads what the visit cost. */
export async function measurePage(
  browser: Browser,
  debuggingPort: number,
  url: string,
  expectedLang: string,
): Promise<PageMeasurement> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    const scriptRequests = new Set<string>();
    let javascriptBytes = 0;
    cdp.on('Network.responseReceived', (event) => {
      if (event.type === 'Script') scriptRequests.add(event.requestId);
    });
    cdp.on('Network.loadingFinished', (event) => {
      if (scriptRequests.has(event.requestId)) javascriptBytes += event.encodedDataLength;
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
      ...timings,
      lighthouse: await lighthouseScores(url, debuggingPort),
    };
  } finally {
    await context.close();
  }
}

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];

async function lighthouseScores(url: string, port: number): Promise<LighthouseScores> {
  const result = await lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES });
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}.`);
  const { categories, audits, runtimeError, environment } = result.lhr;
  if (runtimeError) throw new Error(`Lighthouse could not measure ${url}: ${runtimeError.message}`);
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
    failedAudits,
    benchmarkIndex: Math.round(environment.benchmarkIndex),
  };
}
