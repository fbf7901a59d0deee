import type { Page, Response } from 'playwright-core';

/** Resolves once the page's app has hydrated the server's HTML (`useHydrationDone` marks `<html data-hydrated>`). */
export async function hydrated(page: Page): Promise<void> {
  await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
}

/**
 * Opens a page of the public site and waits for it to hydrate: until then its buttons and fields
 * are the server's HTML, without the app's handlers (a click would be lost, or send the form itself).
 */
export async function openPage(page: Page, url: string): Promise<Response | null> {
  const response = await page.goto(url);
  await hydrated(page);
  return response;
}

/** Reloads the page and waits for it to hydrate again. */
export async function reloadPage(page: Page): Promise<void> {
  await page.reload();
  await hydrated(page);
}
