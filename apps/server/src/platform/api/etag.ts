import { createHash } from 'node:crypto';

/** A strong validator: the same bytes always get the same tag, on every instance. */
export function strongEtag(body: string | Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
}

/** `If-None-Match` compares weakly (RFC 9110 §13.1.2): `W/` is ignored, `*` matches any answer. */
export function ifNoneMatchMatches(ifNoneMatch: string | undefined | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
