import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { REFERENCE_LENGTH, referenceFromBytes } from '@certhub/domain/application';

/** 32 random bytes, base64url: the secret an applicant follows their application with. */
export function newAccessToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored instead of the token: SHA-256, hex. A copy of the database opens no application. */
export function hashAccessToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Compares a presented token with a stored hash in constant time. */
export function accessTokenMatches(token: string, storedHash: string): boolean {
  const presented = Buffer.from(hashAccessToken(token), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

/** A hash no token has: compared against when a reference is unknown, so that both take as long. */
export const NO_APPLICATION_HASH = hashAccessToken('no application has this reference');

export function newReference(): string {
  return referenceFromBytes(randomBytes(REFERENCE_LENGTH));
}
