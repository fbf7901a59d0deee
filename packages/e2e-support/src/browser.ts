import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, chromium, type Page } from 'playwright-core';
import { chromiumPath } from './chromium.js';

/** Debian's chromium (or CHROMIUM_PATH), as root in a closed network: no sandbox, no background connections. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Fails the test on any console error or uncaught exception in the page (but the status of a page answered 404 or 410). */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // A page answered 404 or 410 on purpose (nothing there, a closed program): Chromium reports the
    // document's status, which is no fault. A file that fails to load is still one.
    if (message.text().startsWith('Failed to load resource') && message.location().url === page.url()) return;
    problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return problems;
}

/**
 * Records the page's Content-Security-Policy violations as the browser reports them to the page
 * (`securitypolicyviolation` events), from before its first script. Call it before `goto`.
 */
export async function watchContentSecurityPolicy(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeBinding('reportPolicyViolation', (_source, violation: string) => {
    violations.push(violation);
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { reportPolicyViolation(text: string): void }).reportPolicyViolation;
      report(`${event.effectiveDirective} refused ${event.blockedURI || 'an inline source'} on ${event.documentURI}`);
    });
  });
  return violations;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's WCAG 2 A/AA rules on the page as it is; answers the serious and critical violations. */
export async function accessibilityViolations(page: Page): Promise<Array<{ id: string; impact: string; targets: string[] }>> {
  // Evaluated by the debugging protocol: an inline <script> tag would be refused by the page's CSP.
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            context: Document,
            options: object,
          ): Promise<{ violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown[] }> }> }>;
        };
      }
    ).axe;
    const { violations } = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => ({
        id: violation.id,
        impact: violation.impact ?? '',
        targets: violation.nodes.map((node) => String(node.target)),
      }));
  });
}

/**
 * Resolves once the page has sent the graphql-ws `subscribe` message of this operation: call it
 * before the page opens its socket (before `goto`). A change made after it resolves reaches the page.
 */
export function subscriptionSent(page: Page, operationName: string): Promise<void> {
  return new Promise((resolve) => {
    page.on('websocket', (socket) => {
      socket.on('framesent', ({ payload }) => {
        try {
          const message = JSON.parse(String(payload)) as { type?: string; payload?: { operationName?: string } };
          if (message.type === 'subscribe' && message.payload?.operationName === operationName) resolve();
        } catch {
          // Not a graphql-ws message.
        }
      });
    });
  });
}
