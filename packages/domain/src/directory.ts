import { slugify } from './slug.js';

/**
 * The directory: which products each certification program has certified. A listing is never
 * deleted: a product the program no longer lists is WITHDRAWN, and LISTED again if it returns.
 */
export enum ListingStatus {
  LISTED = 'LISTED',
  WITHDRAWN = 'WITHDRAWN',
}

export const LISTING_STATUS_LABELS: Record<ListingStatus, string> = {
  [ListingStatus.LISTED]: 'Listed',
  [ListingStatus.WITHDRAWN]: 'Withdrawn',
};

export const LISTING_STATUSES: readonly ListingStatus[] = Object.values(ListingStatus);

export function isListingStatus(value: string): value is ListingStatus {
  return (LISTING_STATUSES as readonly string[]).includes(value);
}

/** How a program's attribute column reads its cells. */
export enum AttributeKind {
  /** Free text ("6/2019", "Compliance"). */
  TEXT = 'TEXT',
  /** A tick (`&#x2714;`) or nothing; one value per line when the cell has several. */
  YES_NO = 'YES_NO',
  /** Software or firmware versions, one per line ("4.2.4", "05.01.00-R000"). */
  VERSIONS = 'VERSIONS',
}

export const YES = 'yes';
export const NO = 'no';

/** A column a program declares for its listings, in page order. */
export interface AttributeColumn {
  name: string;
  kind: AttributeKind;
}

/**
 * One attribute of a listing. `values` holds one entry per line of the cell (`<br/>` separates
 * lines); a YES_NO value is `yes` or `no` per line, so "SBC SWe" (ExUM on its second version only)
 * keeps which version has it.
 */
export interface AttributeValue {
  name: string;
  kind: AttributeKind;
  values: string[];
}

/** A footnote: the marker as the page writes it (‡) and the note under the table that it refers to. */
export interface ListingNote {
  marker: string;
  text: string;
}

export interface VendorRef {
  name: string;
  /** The vendor's site, as linked from the company cell; null when the page gives none. */
  website: string | null;
}

/** A product row of a page, the company carried down from the rows above when left blank. */
export interface ParsedListing {
  vendor: VendorRef;
  name: string;
  /**
   * Unique among the vendor's listings in the program: the slug of the name, with "-2", "-3"… for a
   * product the page lists more than once (the PCs page lists some models twice, with other dates).
   */
  slug: string;
  /** The heading the table sits under ("Monitors"), null for a table under the page title only. */
  group: string | null;
  attributes: AttributeValue[];
  notes: ListingNote[];
}

export interface ParsedProductTable {
  /** 1-based, in page order, counting product tables only. */
  number: number;
  group: string | null;
  companyHeader: string;
  productHeader: string;
  columns: AttributeColumn[];
  listings: ParsedListing[];
}

export interface ProductPageContent {
  title: string;
  /** The page's first heading, which tells which program's page it is. */
  heading: string | null;
  tables: ParsedProductTable[];
}

/** A slug for a vendor or product name ("AT&T" → "at-and-t"); never empty. */
export function directorySlug(name: string): string {
  return slugify(name).slice(0, 100).replace(/-+$/, '') || 'unnamed';
}

/** The key a listing is matched by across imports, within its program: its vendor's slug and its own. */
export function listingKey(listing: { vendor: { name: string }; slug: string }): string {
  return `${directorySlug(listing.vendor.name)}/${listing.slug}`;
}

/**
 * What searching compares: accents folded, case, punctuation and spacing ignored, so "ribbon sbc",
 * "Telefonica" or "e-sbc" match "Ribbon Communications SBC 1000", "Telefónica" and "E SBC". Stored
 * beside each listing (and vendor) so that both databases compare the same text with a plain LIKE.
 */
export function searchKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The versions of a listing: every line of its VERSIONS attributes. */
export function listingVersions(attributes: readonly AttributeValue[]): string[] {
  return attributes.filter(({ kind }) => kind === AttributeKind.VERSIONS).flatMap(({ values }) => values);
}

/** An attribute as one line of text for tables and exports: lines joined by " / ", yes-no as Yes/No. */
export function attributeText({ kind, values }: AttributeValue): string {
  const lines = kind === AttributeKind.YES_NO ? values.map((value) => (value === YES ? 'Yes' : 'No')) : values;
  return lines.join(' / ');
}
