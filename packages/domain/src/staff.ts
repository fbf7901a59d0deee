import { z } from 'zod';
import { parseWithoutEval } from './zod-setup.js';

parseWithoutEval();

/** What a staff member may do. ADMIN can do everything an EDITOR can. */
export const StaffRole = {
  /** Edits the catalogue and reviews applications. */
  EDITOR: 'EDITOR',
  /** Also manages staff accounts and API settings. */
  ADMIN: 'ADMIN',
} as const;
export type StaffRole = (typeof StaffRole)[keyof typeof StaffRole];

export const STAFF_ROLES: readonly StaffRole[] = Object.values(StaffRole);

const RANK: Readonly<Record<StaffRole, number>> = { EDITOR: 1, ADMIN: 2 };

export function roleAllows(role: StaffRole, required: StaffRole): boolean {
  return RANK[role] >= RANK[required];
}

export function isStaffRole(value: unknown): value is StaffRole {
  return typeof value === 'string' && (STAFF_ROLES as readonly string[]).includes(value);
}

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

/**
 * Why a password is not acceptable, or null. Length over composition rules (NIST SP 800-63B);
 * `isCommon` answers whether the password is on a list of common passwords, which the caller owns
 * because the list is too large for the browser bundle.
 */
export function passwordProblem(
  password: string,
  { email, isCommon }: { email?: string; isCommon?: (password: string) => boolean } = {},
): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (password.length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  if (new Set(password).size < 4) return 'Use more than a few different characters.';
  const lower = password.toLowerCase();
  const mailbox = email?.toLowerCase().split('@')[0];
  if (mailbox && mailbox.length >= 4 && lower.includes(mailbox)) return 'Do not use your email address in your password.';
  if (isCommon?.(lower)) return 'This password is too common: choose one that is harder to guess.';
  return null;
}

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+$/;

/** Email addresses are compared without regard to case or surrounding spaces. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function isEmail(email: string): boolean {
  return email.length <= 320 && EMAIL_PATTERN.test(email);
}

export const DISPLAY_NAME_MAX_LENGTH = 200;

/** A staff account's sign-in address, compared as `normalizeEmail` writes it. */
export const StaffEmail = z.string().transform(normalizeEmail).refine(isEmail, 'Enter a valid email address.');

/** The name shown for a staff member. */
export const DisplayName = z
  .string()
  .trim()
  .min(1, `Enter a name of 1 to ${DISPLAY_NAME_MAX_LENGTH} characters.`)
  .max(DISPLAY_NAME_MAX_LENGTH, `Enter a name of 1 to ${DISPLAY_NAME_MAX_LENGTH} characters.`);

/**
 * The rules of the staff account forms (the console's user form) and of the server's
 * `createUser`/`updateUser`: check with `checkFields` (catalog-edit.ts), which names the field at fault.
 * The password is checked on its own (`passwordProblem`), with the server's list of common ones.
 */
export const NewStaffUser = z.object({
  email: StaffEmail,
  displayName: DisplayName,
  role: z.enum(StaffRole),
});

/** Changes to a staff account: a field left out, or null, is kept. */
export const StaffUserChanges = z.object({
  displayName: DisplayName.nullish().transform((value) => value ?? undefined),
  role: z
    .enum(StaffRole)
    .nullish()
    .transform((value) => value ?? undefined),
  disabled: z
    .boolean()
    .nullish()
    .transform((value) => value ?? undefined),
});
