import { describe, expect, it } from 'vitest';
import { checkProductForm, EMPTY_PRODUCT, formFieldOf, listingDifferences, valuesOf } from './product-form.js';

const SBC_COLUMNS = [
  { name: 'ExUM Support', kind: 'YES_NO' as const },
  { name: 'Software Version', kind: 'VERSIONS' as const },
  { name: 'Remarks', kind: 'TEXT' as const },
];

const filled = {
  ...EMPTY_PRODUCT,
  programId: 'UHJvZ3JhbTox',
  vendorName: ' Audiocodes ',
  name: 'Mediant 500 E-SBC',
  attributes: { 'ExUM Support': 'yes', 'Software Version': ' 4.2.4 \n\n05.01.00-R000 ' },
};

describe('the listing form', () => {
  it("sends the program's columns as the API takes them, a line each, empty ones left out", () => {
    expect(checkProductForm(filled, SBC_COLUMNS)).toEqual({
      ok: true,
      fields: {
        programId: 'UHJvZ3JhbTox',
        vendorName: 'Audiocodes',
        vendorUrl: null,
        name: 'Mediant 500 E-SBC',
        reason: null,
        attributes: [
          { name: 'ExUM Support', values: ['yes'] },
          { name: 'Software Version', values: ['4.2.4', '05.01.00-R000'] },
        ],
      },
    });
    const unticked = checkProductForm({ ...filled, attributes: {} }, SBC_COLUMNS);
    expect(unticked.ok && unticked.fields.attributes).toEqual([{ name: 'ExUM Support', values: ['no'] }]);
  });

  it('names the first field at fault, with what to do', () => {
    expect(checkProductForm({ ...filled, programId: '' }, SBC_COLUMNS)).toMatchObject({ ok: false, field: 'programId' });
    expect(checkProductForm({ ...filled, vendorName: '  ' }, SBC_COLUMNS)).toEqual({
      ok: false,
      field: 'vendorName',
      message: 'Enter the vendor name.',
    });
    expect(checkProductForm({ ...filled, vendorUrl: 'audiocodes.com' }, SBC_COLUMNS)).toMatchObject({
      ok: false,
      field: 'vendorUrl',
    });
    expect(checkProductForm({ ...filled, attributes: { 'ExUM Support': 'no\nperhaps' } }, SBC_COLUMNS)).toMatchObject({
      ok: false,
      field: 'attributes.ExUM Support',
    });
    expect(checkProductForm({ ...filled, attributes: { Remarks: 'x'.repeat(501) } }, SBC_COLUMNS)).toMatchObject({
      ok: false,
      field: 'attributes.Remarks',
    });
  });

  it('maps the API’s field names onto the form, and says what someone else changed', () => {
    expect(formFieldOf('input.name')).toBe('name');
    expect(formFieldOf('input.attributes.1.values', [{ name: 'ExUM Support' }, { name: 'Software Version' }])).toBe(
      'attributes.Software Version',
    );
    expect(formFieldOf('input.attributes.7.values')).toBeNull();
    expect(formFieldOf('input.expectedVersion')).toBeNull();
    const seen = valuesOf({
      name: 'SBC 1000',
      vendor: { name: 'Ribbon', url: null },
      program: { id: 'p' },
      attributes: [{ name: 'Software Version', values: ['5.0.0.395'] }],
    });
    const now = { ...seen, attributes: { 'Software Version': '5.0.0.395\n6.1.0 Build 457' } };
    expect(listingDifferences(seen, now)).toEqual([
      { label: 'Software Version', before: '5.0.0.395', after: '5.0.0.395, 6.1.0 Build 457' },
    ]);
  });
});
