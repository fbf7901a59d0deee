import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AttributeKind, listingKey, type ProductPageContent } from '../directory.js';
import { ProductPageParseError, parseProductPage } from './parse-product-page.js';
import { PRODUCT_PAGES, productPageUrl, recognizeProductPage } from './product-pages.js';

const FIXTURES = new URL('./fixtures/product-pages/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8');

/** The pages whose tables were read by hand into `<page>.expected.json`. */
const HAND_READ = [
  'certification__infra-sbc.md',
  'certification__services-sip-trunking.md',
  'certification__devices-pcs.md',
  'certification__infra-gateways.md',
  'certification__services-e911.md',
  'certification__devices-ip-phones.md',
];

interface ExpectedPage {
  heading: string;
  notes: Record<string, string>;
  tables: {
    group: string | null;
    columns: [string, AttributeKind][];
    listings: { vendor: string; website: string | null; name: string; attributes: Record<string, string[]>; notes: string[] }[];
  }[];
}

/** The parsed page in the shape of the hand-read files. */
function asExpected(page: ProductPageContent): ExpectedPage {
  const notes: Record<string, string> = {};
  for (const note of page.tables.flatMap((table) => table.listings.flatMap((listing) => listing.notes)))
    notes[note.marker] = note.text;
  return {
    heading: page.heading ?? '',
    notes,
    tables: page.tables.map((table) => ({
      group: table.group,
      columns: table.columns.map(({ name, kind }): [string, AttributeKind] => [name, kind]),
      listings: table.listings.map((listing) => ({
        vendor: listing.vendor.name,
        website: listing.vendor.website,
        name: listing.name,
        attributes: Object.fromEntries(listing.attributes.map(({ name, values }) => [name, values])),
        notes: listing.notes.map(({ marker }) => marker),
      })),
    })),
  };
}

describe('parseProductPage', () => {
  it.each(HAND_READ)('reads %s exactly as read by hand', (page) => {
    const expected = JSON.parse(read(page.replace(/\.md$/, '.expected.json'))) as ExpectedPage;
    const parsed = asExpected(parseProductPage(read(page), { page }));
    expect(parsed.heading).toBe(expected.heading);
    expect(parsed.notes).toStrictEqual(expected.notes);
    expect(parsed.tables.length).toBe(expected.tables.length);
    for (const [index, table] of parsed.tables.entries()) expect(table).toStrictEqual(expected.tables[index]);
  });

  it('reads every known product page, each listing once', () => {
    const files = PRODUCT_PAGES.map(({ path }) => fixtureName(path));
    for (const file of files) {
      const page = parseProductPage(read(file), { page: file });
      expect(recognizeProductPage(page.heading)?.path, file).toBe(pathOf(file));
      const keys = page.tables.flatMap((table) => table.listings.map(listingKey));
      expect(new Set(keys).size, file).toBe(keys.length);
    }
  });

  it('gives a product listed twice a second slug in page order (the PCs page lists some models twice)', () => {
    const listings = parseProductPage(read('certification__devices-pcs.md')).tables.flatMap((table) => table.listings);
    const p51 = listings.filter((listing) => listing.vendor.name === 'Lenovo' && listing.name === 'ThinkPad P51');
    expect(p51.map(({ slug, attributes }) => [slug, attributes[0]?.values])).toStrictEqual([
      ['thinkpad-p51', ['07/16/2018']],
      ['thinkpad-p51-2', ['12/07/2016']],
    ]);
  });

  it('carries the company down, decodes entities and keeps the vendor link', () => {
    const [table] = parseProductPage(
      page(
        '|Vendor|Product|Version|\n|--|--|--|\n|[AT&amp;T](https://att.example/)|One|1.0|\n| |Two &amp; Three|2.0 <br/> 2.1|\n',
      ),
    ).tables;
    expect(table?.listings.map(({ vendor, name, attributes }) => [vendor, name, attributes[0]?.values])).toStrictEqual([
      [{ name: 'AT&T', website: 'https://att.example/' }, 'One', ['1.0']],
      [{ name: 'AT&T', website: 'https://att.example/' }, 'Two & Three', ['2.0', '2.1']],
    ]);
  });

  it('leaves out tables that list no products', () => {
    const parsed = parseProductPage(
      page('|Version|Date|Specification|\n|--|--|--|\n|1|2020|x|\n\n## Phones\n\n|Manufacturer|Model|\n|--|--|\n|Acme|P1|\n'),
    );
    expect(parsed.tables.map(({ group, listings }) => [group, listings.length])).toStrictEqual([['Phones', 1]]);
  });

  it.each([
    ['a first row without company', '|Vendor|Product|\n|--|--|\n| |P1|\n', { table: 1, row: 1, cell: 'Vendor' }, /no company/],
    [
      'a row without product',
      '|Vendor|Product|\n|--|--|\n|Acme|P1|\n|Acme| |\n',
      { table: 1, row: 2, cell: 'Product' },
      /no product name/,
    ],
    [
      'a marker without note',
      '|Vendor|Product|\n|--|--|\n|Acme|P1 &Dagger;|\n',
      { table: 1, row: 1, cell: 'Product' },
      /no note/,
    ],
    [
      'a column without header',
      '|Vendor|Product| |\n|--|--|--|\n|Acme|P1|x|\n',
      { table: 1, row: null, cell: 'column 3' },
      /no header/,
    ],
    [
      'a link that is no web address',
      '|Vendor|Product|\n|--|--|\n|[Acme](ftp://acme.example/)|P1|\n',
      { table: 1, row: 1, cell: 'Vendor' },
      /not a web address/,
    ],
  ])('names the page, table, row and cell of %s', (_, table, location, message) => {
    const error = catchError(() => parseProductPage(page(table), { page: 'phones.md' }));
    expect(error).toBeInstanceOf(ProductPageParseError);
    expect(error).toMatchObject({ page: 'phones.md', ...location });
    expect((error as Error).message).toMatch(/^phones\.md, table 1 \(Phones\), (row \d+, )?cell "/);
    if (message) expect((error as Error).message).toMatch(message);
  });

  it('refuses a page without product tables', () => {
    expect(() =>
      parseProductPage(read('certification__devices-pcs.md').replace(/\|Manufacturer/g, '|Year'), { page: 'pcs.md' }),
    ).toThrow(/^pcs\.md: no product table found/);
  });

  it('publishes each known page where the docs site does, without .md', () => {
    expect(productPageUrl('certification/infra-sbc')).toBe(
      'https://learn.microsoft.com/en-us/skypeforbusiness/certification/infra-sbc',
    );
    expect(productPageUrl('devices/usb-devices')).toBe('https://learn.microsoft.com/en-us/microsoftteams/devices/usb-devices');
  });
});

function page(tables: string): string {
  return `---\ntitle: Phones\n---\n\n# Phones\n\n${tables}`;
}

function fixtureName(path: string): string {
  return `${path.startsWith('devices/') ? 'Teams__' : ''}${path.replace(/\//g, '__')}.md`;
}

function pathOf(file: string): string {
  return file
    .replace(/^Teams__/, '')
    .replace(/\.md$/, '')
    .replace(/__/g, '/');
}

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
