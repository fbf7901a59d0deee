import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { accessibilityViolations, launchBrowser, watchConsole } from './browser.js';
import { type CertHubOptions, type RunningCertHub, startCertHub } from './certhub.js';

/** A browser window of its own (cookies included), its console watched for errors. */
export interface Window {
  context: BrowserContext;
  page: Page;
  problems: string[];
}

/** The desktop window the browser tests open unless told otherwise. */
export const DESKTOP = { width: 1280, height: 900 };

/**
 * One server (the built one, on a fresh database) and one browser for a test file: `open()` gives
 * a fresh window (a new browser context, so a session of its own), closed after the test, which
 * fails on any console error of its windows.
 */
export function browserSuite(options: CertHubOptions = {}) {
  const state = {} as { certhub: RunningCertHub; browser: Browser };
  const opened: Window[] = [];
  beforeAll(async () => {
    [state.certhub, state.browser] = await Promise.all([startCertHub(options), launchBrowser()]);
  });
  afterAll(async () => {
    await state.browser?.close();
    await state.certhub?.stop();
  });
  afterEach(async () => {
    const windows = opened.splice(0);
    for (const window of windows) await window.context.close();
    expect(windows.flatMap((window) => window.problems)).toEqual([]);
  });

  return {
    get certhub() {
      return state.certhub;
    },
    get browser() {
      return state.browser;
    },
    /** A new window, desktop-sized unless `options` say otherwise (a viewport, a locale, JavaScript off…). */
    async open(options: BrowserContextOptions = {}): Promise<Window> {
      const context = await state.browser.newContext({ viewport: DESKTOP, ...options });
      const page = await context.newPage();
      const window = { context, page, problems: watchConsole(page) };
      opened.push(window);
      return window;
    },
  };
}

export type BrowserSuite = ReturnType<typeof browserSuite>;

/** Fails with the serious and critical axe-core violations of the page as it is. */
export async function expectAccessible(page: Page): Promise<void> {
  expect(await accessibilityViolations(page)).toEqual([]);
}
