/**
 * What a link in the catalogue may point to, whichever way it came in (a staff edit or an import
 * of the docs page): a web page over http or https, or an email address. Any other scheme
 * (`javascript:`, `data:`, `vbscript:`, `file:` …) would run or open something on the reader's
 * machine when followed from the public site, so it is refused rather than stored.
 */
export const LINK_SCHEMES: readonly string[] = ['http:', 'https:', 'mailto:'];

/** The schemes in words, for messages: "Enter an absolute ${LINK_SCHEMES_TEXT} address". */
export const LINK_SCHEMES_TEXT = 'http://, https:// or mailto:';

/** Whether `value` is an absolute link with an allowed scheme: a host for http(s), an address for mailto. */
export function isCatalogLink(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  if (!LINK_SCHEMES.includes(url.protocol)) return false;
  return url.protocol === 'mailto:' ? url.pathname !== '' : url.hostname !== '';
}

/**
 * Whether a link as written on a page can be kept: a relative link (`test-spec.md`) is, since it is
 * resolved against the page's http(s) address; an absolute one needs an allowed scheme. The URL
 * parser reads the scheme as a browser would, so `JavaScript:` or `java&#9;script:` are caught too.
 */
export function hasAllowedScheme(href: string): boolean {
  if (!URL.canParse(href)) return true;
  return LINK_SCHEMES.includes(new URL(href).protocol);
}
