import { z } from 'zod';
import type { LabAvailability, SpecAvailability } from './availability.js';
import { isCatalogLink, LINK_SCHEMES_TEXT } from './link.js';
import { isSlug, SLUG_MAX_LENGTH, slugify } from './slug.js';
import { isEmail } from './staff.js';
import { parseWithoutEval } from './zod-setup.js';

parseWithoutEval();

/**
 * The rules of staff edits of the catalogue, as zod schemas of the edit forms' fields: the server
 * checks every edit with them, and a browser form can show the same messages before sending.
 * A failed check names the field at fault by its path in the input.
 */

export const NAME_MAX_LENGTH = 200;
export const SPEC_TITLE_MAX_LENGTH = 500;
export const WEB_ADDRESS_MAX_LENGTH = 2000;
export const INTERNAL_NOTES_MAX_LENGTH = 5000;

const requiredText = (what: string, max: number) =>
  z.string().trim().min(1, `Enter a ${what}.`).max(max, `Keep the ${what} to ${max} characters at most.`);

export const Name = requiredText('name', NAME_MAX_LENGTH);
export const SpecTitle = requiredText('title', SPEC_TITLE_MAX_LENGTH);

export const Slug = z
  .string()
  .trim()
  .refine(
    isSlug,
    `Use lower-case letters and digits joined by single hyphens, such as "ip-phones", at most ${SLUG_MAX_LENGTH} characters.`,
  );

export const WebAddress = z
  .string()
  .trim()
  .max(WEB_ADDRESS_MAX_LENGTH, `Keep the address to ${WEB_ADDRESS_MAX_LENGTH} characters at most.`)
  // The same rule as for links imported from the docs page (link.ts).
  .refine(isCatalogLink, `Enter an absolute ${LINK_SCHEMES_TEXT} address, such as https://example.com/certification.`);

export const ADMISSION_CONTACT_MAX_LENGTH = 320;

/** Where vendors write about joining a program: an email address (How to Join: "Email the alias"). */
export const AdmissionContact = z
  .string()
  .trim()
  .max(ADMISSION_CONTACT_MAX_LENGTH, `Keep the address to ${ADMISSION_CONTACT_MAX_LENGTH} characters at most.`)
  .refine(isEmail, 'Enter an email address, such as sbc-program@example.com.');

export const PartnerCapacity = z
  .number()
  .int('Enter a whole number of partners.')
  .min(0, 'The capacity cannot be negative; leave it empty when the program takes any number of partners.');

export const InternalNotes = z
  .string()
  .trim()
  .max(INTERNAL_NOTES_MAX_LENGTH, `Keep the notes to ${INTERNAL_NOTES_MAX_LENGTH} characters at most.`);

/**
 * A field that may be emptied: left out (undefined) it is kept, null or blank clears it. Forms
 * send an emptied text box as "", which means the same as null.
 */
const clearable = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? null : value), schema.nullish());

/** A field that cannot be empty, in a change: left out, or null, it is kept. */
const kept = <T extends z.ZodType>(schema: T) => schema.nullish().transform((value) => value ?? undefined);

/** The slug a name gets when none is given: "Call Recording & Compliance" → "call-recording-and-compliance". */
export function slugForName(name: string): string {
  return slugify(name).slice(0, SLUG_MAX_LENGTH).replace(/-+$/, '');
}

/** A new row's slug is its name's unless one is given; a name without letters or digits needs one. */
function withDefaultSlug<T extends { name: string; slug?: string | null }>(value: T, context: z.RefinementCtx) {
  const slug = value.slug ?? slugForName(value.name);
  if (!slug) {
    context.addIssue({ code: 'custom', path: ['slug'], message: 'No slug can be made from this name: give one.' });
    return z.NEVER;
  }
  return { ...value, slug };
}

export const NewCategory = z.object({ name: Name, slug: Slug.nullish() }).transform(withDefaultSlug);
export const CategoryChanges = z.object({ name: kept(Name), slug: kept(Slug) });

export const NewLab = z.object({ name: Name, slug: Slug.nullish(), url: clearable(WebAddress) }).transform(withDefaultSlug);
export const LabChanges = z.object({ name: kept(Name), slug: kept(Slug), url: clearable(WebAddress) });

export const NewSpec = z.object({ title: SpecTitle, url: clearable(WebAddress) });
export const SpecChanges = z.object({ title: kept(SpecTitle), url: clearable(WebAddress) });

/** The fields of a program that are checked on their own; its links are checked against the catalogue. */
export const NewProgram = z
  .object({
    name: Name,
    slug: Slug.nullish(),
    partnerCapacity: clearable(PartnerCapacity),
    internalNotes: clearable(InternalNotes),
    admissionContact: clearable(AdmissionContact),
  })
  .transform(withDefaultSlug);
export const ProgramChanges = z.object({
  name: kept(Name),
  slug: kept(Slug),
  partnerCapacity: clearable(PartnerCapacity),
  internalNotes: clearable(InternalNotes),
  admissionContact: clearable(AdmissionContact),
});

export type FieldSchema = z.ZodType;
/** What a schema of this module takes. */
export type FieldsIn<S extends FieldSchema> = z.input<S>;
/** What a schema of this module answers for valid input: fields that may be left out are optional. */
export type FieldsOf<S extends FieldSchema> = WithoutUndefined<z.output<S>>;
type WithoutUndefined<T> = T extends object
  ? { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
      [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
    }
  : T;
export type FieldCheck<T> = { ok: true; value: T } | { ok: false; field: string; message: string };

/**
 * Checks `input` against a schema of this module; a failure names the first field at fault. Fields
 * a change leaves out are not in the value, not even as undefined, so it can be spread over a row.
 */
export function checkFields<S extends FieldSchema>(schema: S, input: unknown): FieldCheck<FieldsOf<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: withoutUndefined(result.data) as FieldsOf<S> };
  const [issue] = result.error.issues;
  return { ok: false, field: issue?.path.join('.') ?? '', message: issue?.message ?? 'This is not valid.' };
}

function withoutUndefined<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

/** What a program lists, to check what it says about what it does not list. */
export interface ProgramListing {
  specCount: number;
  specAvailability: SpecAvailability | null;
  labCount: number;
  labAvailability: LabAvailability | null;
}

/**
 * Spec availability says how specs are had when the program lists none, lab availability why it
 * lists no lab: neither goes with a list that is not empty.
 */
export function listingProblem(
  listing: ProgramListing,
): { field: 'specAvailability' | 'labAvailability'; message: string } | null {
  if (listing.specCount > 0 && listing.specAvailability !== null) {
    return { field: 'specAvailability', message: 'A program that lists specs has no spec availability: leave it empty.' };
  }
  if (listing.labCount > 0 && listing.labAvailability !== null) {
    return { field: 'labAvailability', message: 'A program that lists labs has no lab availability: leave it empty.' };
  }
  return null;
}
