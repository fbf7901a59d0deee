import { z } from 'zod';
import { WebAddress } from './catalog-edit.js';
import { parseWithoutEval } from './zod-setup.js';

parseWithoutEval();

/**
 * The rules of staff edits of listings, as zod schemas of the console's form fields: the server
 * checks every edit with them (`validInput`), the form with `checkFields` before sending.
 */

export const PRODUCT_NAME_MAX_LENGTH = 300;
export const VENDOR_NAME_MAX_LENGTH = 200;
export const ATTRIBUTE_VALUE_MAX_LENGTH = 500;
export const ATTRIBUTES_MAX = 20;
export const LISTING_REASON_MAX_LENGTH = 1000;

const oneLine = (what: string, max: number) =>
  z
    .string()
    .transform((text) => text.replace(/\s+/g, ' ').trim())
    .pipe(z.string().min(1, `Enter the ${what}.`).max(max, `Keep the ${what} to ${max} characters at most.`));

export const ProductName = oneLine('product name', PRODUCT_NAME_MAX_LENGTH);
export const VendorName = oneLine('vendor name', VENDOR_NAME_MAX_LENGTH);

/** A vendor's website: http or https only (no mailto: a listing links to a site). */
export const VendorWebsite = WebAddress.refine((url) => /^https?:\/\//i.test(url), 'Enter an http:// or https:// address.');

const ListingAttribute = z.object({
  name: oneLine('column name', VENDOR_NAME_MAX_LENGTH),
  values: z
    .array(
      z.string().trim().max(ATTRIBUTE_VALUE_MAX_LENGTH, `Keep each value to ${ATTRIBUTE_VALUE_MAX_LENGTH} characters at most.`),
    )
    .max(20, 'At most 20 lines per value.')
    .transform((values) => values.filter((value) => value !== '')),
});

const Attributes = z.array(ListingAttribute).max(ATTRIBUTES_MAX, `At most ${ATTRIBUTES_MAX} attributes.`);

const Reason = z
  .string()
  .trim()
  .max(LISTING_REASON_MAX_LENGTH, `Keep the reason to ${LISTING_REASON_MAX_LENGTH} characters at most.`);

const OptionalWebsite = z.preprocess(
  (value) => (typeof value === 'string' && value.trim() === '' ? null : value),
  VendorWebsite.nullish(),
);

/** The fields of a new listing (the program is chosen apart). */
export const NewCertifiedProduct = z.object({
  vendorName: VendorName,
  vendorUrl: OptionalWebsite,
  name: ProductName,
  attributes: Attributes.nullish(),
});

/** Changes to a listing: left out (or null), a field is kept. The program is chosen apart. */
export const CertifiedProductChanges = z.object({
  name: ProductName.nullish(),
  vendorName: VendorName.nullish(),
  vendorUrl: OptionalWebsite,
  attributes: Attributes.nullish(),
  reason: Reason.nullish(),
});

export const ListingStatusChange = z.object({ reason: Reason.nullish() });
