import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Deliveries carry `CertHub-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`,
 * keyed with the endpoint's secret. A receiver recomputes it over the raw body, compares in
 * constant time, and refuses a timestamp older than a few minutes (replays).
 */
export const SIGNATURE_HEADER = 'certhub-signature';

export function signatureHeader(secret: string, body: string, timestampSeconds: number): string {
  return `t=${timestampSeconds},v1=${hmac(secret, timestampSeconds, body)}`;
}

/** What a receiver does; exported for the tests and as the documented reference implementation. */
export function verifySignature(
  secret: string,
  body: string,
  header: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const parts = Object.fromEntries(header.split(',').map((part) => part.split('=') as [string, string]));
  const timestamp = Number(parts.t);
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > toleranceSeconds || !parts.v1) return false;
  const expected = Buffer.from(hmac(secret, timestamp, body), 'hex');
  const presented = Buffer.from(parts.v1, 'hex');
  return expected.length === presented.length && timingSafeEqual(expected, presented);
}

function hmac(secret: string, timestampSeconds: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
}
