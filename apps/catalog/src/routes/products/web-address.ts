/** A website's name for a link's text; the address whole if it is not a URL the browser can read. */
export function hostnameOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}
