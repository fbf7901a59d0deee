import type { ViteUserConfig } from 'vitest/config';

/** Where the browser tests that passed only on a retry are listed, beside vitest's JSON report. */
export const RETRIED_REPORT: string;

/** Vitest's configuration of a web app's browser tests (plain JavaScript: vitest's config loader runs it on Node 20). */
export function browserTestConfig(): ViteUserConfig;
