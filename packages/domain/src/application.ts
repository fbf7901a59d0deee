import { z } from 'zod';
import { isCountryCode } from './countries.js';
import { labelsOf } from './i18n/messages.js';
import { isEmail } from './staff.js';
import { parseWithoutEval } from './zod-setup.js';

parseWithoutEval();

/**
 * A vendor's application to join a program: the states it goes through, who may move it where,
 * and the rules of the public submission form. The server enforces exactly these; the web apps use
 * them to show what is possible and to check a form before it is sent.
 */

export const ApplicationStatus = {
  /** Received; nobody has looked at it yet. */
  SUBMITTED: 'SUBMITTED',
  IN_REVIEW: 'IN_REVIEW',
  /** Waiting for the vendor to answer a question. */
  INFO_REQUESTED: 'INFO_REQUESTED',
  /** The program's detailed information was shared and its terms offered. */
  ACCEPTED: 'ACCEPTED',
  /** The terms are signed: the vendor is a partner of the program. */
  ONBOARDED: 'ONBOARDED',
  DECLINED: 'DECLINED',
  WITHDRAWN: 'WITHDRAWN',
} as const;
export type ApplicationStatus = (typeof ApplicationStatus)[keyof typeof ApplicationStatus];

export const APPLICATION_STATUSES: readonly ApplicationStatus[] = Object.values(ApplicationStatus);

/** In English; other languages: `labelsOf(locale, 'applicationStatus', APPLICATION_STATUSES)` (`./i18n/messages`). */
export const APPLICATION_STATUS_LABELS = /* @__PURE__ */ labelsOf('en', 'applicationStatus', APPLICATION_STATUSES);

/** Statuses in which an application is still going somewhere; the others are final. */
export const OPEN_APPLICATION_STATUSES: readonly ApplicationStatus[] = [
  ApplicationStatus.SUBMITTED,
  ApplicationStatus.IN_REVIEW,
  ApplicationStatus.INFO_REQUESTED,
  ApplicationStatus.ACCEPTED,
];

export function isOpenApplicationStatus(status: ApplicationStatus): boolean {
  return OPEN_APPLICATION_STATUSES.includes(status);
}

/** An application that holds one of a program's partner places: accepted, or onboarded. */
export const PARTNER_PLACE_STATUSES: readonly ApplicationStatus[] = [ApplicationStatus.ACCEPTED, ApplicationStatus.ONBOARDED];

/** The statuses that decide an application, for the time from submission to decision. */
export const DECISION_STATUSES: readonly ApplicationStatus[] = [ApplicationStatus.ACCEPTED, ApplicationStatus.DECLINED];

/** Who moves an application: staff review it; the applicant (holding the access token) withdraws or answers. */
export const ApplicationActor = {
  STAFF: 'STAFF',
  APPLICANT: 'APPLICANT',
} as const;
export type ApplicationActor = (typeof ApplicationActor)[keyof typeof ApplicationActor];

const { IN_REVIEW, INFO_REQUESTED, ACCEPTED, ONBOARDED, DECLINED, WITHDRAWN } = ApplicationStatus;

/**
 * SUBMITTED → IN_REVIEW → INFO_REQUESTED ⇄ IN_REVIEW → ACCEPTED → ONBOARDED, and DECLINED or
 * WITHDRAWN from any open state. Each move names who may make it: staff review and decide; the
 * applicant withdraws, and answering a question (INFO_REQUESTED → IN_REVIEW) is theirs too.
 */
export const APPLICATION_TRANSITIONS: Readonly<
  Record<ApplicationStatus, ReadonlyArray<{ to: ApplicationStatus; by: readonly ApplicationActor[] }>>
> = {
  SUBMITTED: [
    { to: IN_REVIEW, by: ['STAFF'] },
    { to: DECLINED, by: ['STAFF'] },
    { to: WITHDRAWN, by: ['APPLICANT'] },
  ],
  IN_REVIEW: [
    { to: INFO_REQUESTED, by: ['STAFF'] },
    { to: ACCEPTED, by: ['STAFF'] },
    { to: DECLINED, by: ['STAFF'] },
    { to: WITHDRAWN, by: ['APPLICANT'] },
  ],
  INFO_REQUESTED: [
    { to: IN_REVIEW, by: ['STAFF', 'APPLICANT'] },
    { to: DECLINED, by: ['STAFF'] },
    { to: WITHDRAWN, by: ['APPLICANT'] },
  ],
  ACCEPTED: [
    { to: ONBOARDED, by: ['STAFF'] },
    { to: DECLINED, by: ['STAFF'] },
    { to: WITHDRAWN, by: ['APPLICANT'] },
  ],
  ONBOARDED: [],
  DECLINED: [],
  WITHDRAWN: [],
};

/** Where an application in `status` can go next; by one actor when `by` is given, by anyone otherwise. */
export function allowedTransitions(status: ApplicationStatus, by?: ApplicationActor): ApplicationStatus[] {
  return APPLICATION_TRANSITIONS[status].filter((move) => !by || move.by.includes(by)).map((move) => move.to);
}

export function canTransition(from: ApplicationStatus, to: ApplicationStatus, by?: ApplicationActor): boolean {
  return allowedTransitions(from, by).includes(to);
}

/** Why `by` cannot move an application from `from` to `to`, naming the moves it can make; null when it can. */
export function transitionProblem(from: ApplicationStatus, to: ApplicationStatus, by: ApplicationActor): string | null {
  if (canTransition(from, to, by)) return null;
  const label = STATE_PHRASES[from];
  const allowed = allowedTransitions(from, by);
  if (!isOpenApplicationStatus(from)) return `This application is ${label}: it is closed and can change no more.`;
  if (!allowed.length) return `An application that is ${label} cannot be moved to ${to}.`;
  if (canTransition(from, to)) {
    const who = by === ApplicationActor.STAFF ? 'the applicant' : 'staff';
    return `Only ${who} can move an application to ${to}. An application that is ${label} can go to ${joinOr(allowed)}.`;
  }
  return `An application that is ${label} can go to ${joinOr(allowed)}, not to ${to}.`;
}

/** How a sentence says that an application is in a status. */
const STATE_PHRASES: Readonly<Record<ApplicationStatus, string>> = {
  SUBMITTED: 'submitted',
  IN_REVIEW: 'in review',
  INFO_REQUESTED: 'waiting for more information',
  ACCEPTED: 'accepted',
  ONBOARDED: 'onboarded',
  DECLINED: 'declined',
  WITHDRAWN: 'withdrawn',
};

function joinOr(items: readonly string[]): string {
  return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

// ---------------------------------------------------------------------------------------------
// The submission form

export const COMPANY_NAME_MAX_LENGTH = 200;
export const COMPANY_WEBSITE_MAX_LENGTH = 500;
export const CONTACT_NAME_MAX_LENGTH = 200;
export const CONTACT_EMAIL_MAX_LENGTH = 320;
export const CONTACT_PHONE_MAX_LENGTH = 40;
export const PRODUCT_SUMMARY_MAX_LENGTH = 2000;
export const APPLICATION_MESSAGE_MAX_LENGTH = 5000;
/** Replies, staff messages and internal notes on an application. */
export const APPLICATION_NOTE_MAX_LENGTH = 5000;
/** Why an applicant withdraws, or why staff move an application: a line or two. */
export const APPLICATION_REASON_MAX_LENGTH = 1000;
export const REQUIREMENT_ID_MAX_LENGTH = 100;
export const MAX_ATTESTATIONS = 50;

/** Digits with the usual separators, an optional leading +, and an optional extension. */
const PHONE_PATTERN = /^\+?[0-9(][0-9 ().-]{3,30}[0-9)](?:\s*(?:x|ext\.?)\s*[0-9]{1,6})?$/i;

export function isPhoneNumber(value: string): boolean {
  return value.length <= CONTACT_PHONE_MAX_LENGTH && PHONE_PATTERN.test(value);
}

/** An absolute http(s) address with a host name: a company's public site. */
export function isCompanyWebsite(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.');
}

const requiredText = (what: string, max: number) =>
  z.string().trim().min(1, `Enter ${what}.`).max(max, `Keep ${what} to ${max} characters at most.`);

/** A blank optional field ("" from a form) means the same as leaving it out. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? null : value), schema.nullish());

/**
 * The form's fields and their rules. It does not know the requirements of the day: use
 * `applicationSubmissionFor`, or `checkApplicationSubmission`, with the ids of the `requirements`
 * query, to also check that each one is attested.
 */
export const ApplicationSubmission = z.object({
  companyName: requiredText('the company name', COMPANY_NAME_MAX_LENGTH),
  companyWebsite: z
    .string()
    .trim()
    .min(1, "Enter the company's website.")
    .max(COMPANY_WEBSITE_MAX_LENGTH, `Keep the address to ${COMPANY_WEBSITE_MAX_LENGTH} characters at most.`)
    .refine(isCompanyWebsite, 'Enter the full address of the website, such as https://example.com.'),
  headquartersCountry: z
    .string()
    .trim()
    .toUpperCase()
    .refine(isCountryCode, 'Choose the country of the headquarters (a two-letter ISO 3166-1 code, such as DE or US).'),
  contactName: requiredText('the name of a contact person', CONTACT_NAME_MAX_LENGTH),
  contactEmail: z
    .string()
    .trim()
    .min(1, 'Enter an email address to reach the contact person.')
    .max(CONTACT_EMAIL_MAX_LENGTH, `Keep the email address to ${CONTACT_EMAIL_MAX_LENGTH} characters at most.`)
    .refine(isEmail, 'Enter an email address, such as jane@example.com.'),
  contactPhone: optional(
    z
      .string()
      .trim()
      .max(CONTACT_PHONE_MAX_LENGTH, `Keep the phone number to ${CONTACT_PHONE_MAX_LENGTH} characters at most.`)
      .refine(isPhoneNumber, 'Enter a phone number with its country code, such as +49 30 1234567.'),
  ),
  productSummary: requiredText('a summary of the product', PRODUCT_SUMMARY_MAX_LENGTH),
  message: requiredText('a message for the program', APPLICATION_MESSAGE_MAX_LENGTH),
  attestedRequirementIds: z
    .array(z.string().trim().min(1).max(REQUIREMENT_ID_MAX_LENGTH, 'This is not a requirement id.'))
    .max(MAX_ATTESTATIONS, 'This is not a list of requirement ids.')
    .transform((ids) => [...new Set(ids)]),
});
export type ApplicationSubmissionInput = z.input<typeof ApplicationSubmission>;
export type ApplicationSubmissionFields = z.output<typeof ApplicationSubmission>;

/** The form's rules, with every requirement of `requirementIds` to be attested, and nothing else. */
export function applicationSubmissionFor(requirementIds: readonly string[]) {
  return ApplicationSubmission.superRefine((value, context) => {
    const missing = requirementIds.filter((id) => !value.attestedRequirementIds.includes(id));
    const unknown = value.attestedRequirementIds.filter((id) => !requirementIds.includes(id));
    if (unknown.length) {
      context.addIssue({
        code: 'custom',
        path: ['attestedRequirementIds'],
        message: `These are not requirements of the program: ${unknown.join(', ')}.`,
      });
    } else if (missing.length) {
      context.addIssue({
        code: 'custom',
        path: ['attestedRequirementIds'],
        message: `Confirm that the company meets every general requirement; not yet confirmed: ${missing.join(', ')}.`,
      });
    }
  });
}

/**
 * What is wrong with a field, for a form to say it in its own language: left empty, longer than
 * `max` characters, or not what the field takes.
 */
export type FieldProblemKind = 'required' | 'tooLong' | 'invalid';

export interface FieldProblem {
  /** The field's path in the input, such as "contactEmail". */
  field: string;
  /** In English (the API's words). */
  message: string;
  problem: FieldProblemKind;
  /** `tooLong`: the most characters (or items) the field takes. */
  max?: number;
}

export type SubmissionCheck = { ok: true; value: ApplicationSubmissionFields } | { ok: false; problems: FieldProblem[] };

/** Checks a whole form at once: every field at fault, each with its first problem, in form order. */
export function checkApplicationSubmission(input: unknown, requirementIds: readonly string[]): SubmissionCheck {
  const result = applicationSubmissionFor(requirementIds).safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const problems = new Map<string, FieldProblem>();
  for (const issue of result.error.issues) {
    const field = issue.path.map(String).join('.');
    if (problems.has(field)) continue;
    const { message } = issue;
    if (issue.code === 'too_small') problems.set(field, { field, message, problem: 'required' });
    else if (issue.code === 'too_big') problems.set(field, { field, message, problem: 'tooLong', max: Number(issue.maximum) });
    else problems.set(field, { field, message, problem: 'invalid' });
  }
  return { ok: false, problems: [...problems.values()] };
}

/** Trims a reply, message, note or reason; null when blank, a problem when too long. */
export function checkApplicationText(
  text: string | null | undefined,
  max: number,
): { ok: true; value: string | null } | { ok: false; message: string } {
  const trimmed = text?.trim() ?? '';
  if (trimmed.length > max) return { ok: false, message: `Keep it to ${max} characters at most.` };
  return { ok: true, value: trimmed || null };
}

// ---------------------------------------------------------------------------------------------
// Duplicates

/** Words that only say what kind of company it is: "Acme Inc." and "ACME" are one company. */
const LEGAL_FORMS = new Set([
  'ab',
  'ag',
  'aps',
  'as',
  'bv',
  'co',
  'company',
  'corp',
  'corporation',
  'gmbh',
  'inc',
  'incorporated',
  'kg',
  'kk',
  'limited',
  'llc',
  'llp',
  'lp',
  'ltd',
  'nv',
  'oy',
  'plc',
  'pte',
  'pty',
  'sa',
  'sarl',
  'sas',
  'spa',
  'srl',
]);

export const COMPANY_KEY_MAX_LENGTH = 200;

/**
 * A company name as duplicates are compared: no case, accents, punctuation, spacing or trailing
 * legal form. "Acme Networks, Inc." and "ACME networks" give the same key.
 */
export function companyKey(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  while (words.length > 1 && LEGAL_FORMS.has(words.at(-1) as string)) words.pop();
  return words.join('').slice(0, COMPANY_KEY_MAX_LENGTH);
}

/** The host of a company's website as duplicates are compared: lower case, without "www.". */
export function websiteHost(website: string): string | null {
  if (!URL.canParse(website)) return null;
  return new URL(website).hostname.toLowerCase().replace(/^www\./, '') || null;
}

// ---------------------------------------------------------------------------------------------
// References

/** Crockford's base 32: no I, L, O or U, so a reference read aloud or copied by hand survives. */
export const REFERENCE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const REFERENCE_PREFIX = 'APP-';
export const REFERENCE_LENGTH = 5;
export const REFERENCE_PATTERN = /^APP-[0-9A-HJKMNP-TV-Z]{5}$/;

/** A reference such as APP-7K2Q9 from `REFERENCE_LENGTH` random bytes. */
export function referenceFromBytes(bytes: ArrayLike<number>): string {
  if (bytes.length < REFERENCE_LENGTH) throw new Error(`A reference needs ${REFERENCE_LENGTH} random bytes.`);
  let code = '';
  for (let index = 0; index < REFERENCE_LENGTH; index++) code += REFERENCE_ALPHABET[(bytes[index] as number) & 31];
  return REFERENCE_PREFIX + code;
}

/**
 * A reference as someone typed it, made canonical: any case, spaces, with or without "APP-", and
 * the letters people confuse with digits (O for 0, I and L for 1). Null when it cannot be one.
 */
export function normalizeReference(input: string): string | null {
  const compact = input.toUpperCase().replace(/[\s-]/g, '');
  const code = (compact.startsWith('APP') && compact.length === 3 + REFERENCE_LENGTH ? compact.slice(3) : compact)
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  const reference = REFERENCE_PREFIX + code;
  return REFERENCE_PATTERN.test(reference) ? reference : null;
}
