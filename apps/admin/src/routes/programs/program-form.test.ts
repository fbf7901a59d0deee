import { describe, expect, it } from 'vitest';
import { checkProgramForm, EMPTY_PROGRAM, formFieldOf } from './program-form.js';

const filled = { ...EMPTY_PROGRAM, name: 'Desk Phones', categoryId: 'cat-1' };

describe('the program form', () => {
  it("checks with the domain's rules, naming the first field at fault", () => {
    expect(checkProgramForm({ ...filled, name: ' ' }, { creating: true })).toEqual({
      ok: false,
      field: 'name',
      message: 'Enter a name.',
    });
    expect(checkProgramForm({ ...filled, slug: 'Not A Slug' }, { creating: true })).toMatchObject({ ok: false, field: 'slug' });
    expect(checkProgramForm({ ...filled, partnerCapacity: '-1' }, { creating: true })).toMatchObject({
      ok: false,
      field: 'partnerCapacity',
    });
    expect(checkProgramForm({ ...filled, partnerCapacity: 'many' }, { creating: true })).toMatchObject({
      ok: false,
      field: 'partnerCapacity',
    });
    expect(checkProgramForm({ ...filled, categoryId: '' }, { creating: true })).toMatchObject({ ok: false, field: 'categoryId' });
    expect(checkProgramForm({ ...filled, labIds: ['lab-1'], labAvailability: 'COMING_SOON' }, { creating: false })).toEqual({
      ok: false,
      field: 'labAvailability',
      message: 'A program that lists labs has no lab availability: leave it empty.',
    });
    expect(checkProgramForm({ ...filled, position: '0' }, { creating: false })).toMatchObject({ ok: false, field: 'position' });
    expect(checkProgramForm({ ...filled, admissionContact: 'join us' }, { creating: false })).toEqual({
      ok: false,
      field: 'admissionContact',
      message: 'Enter an email address, such as sbc-program@example.com.',
    });
  });

  it('sends the admission contact trimmed, and an emptied one as null (cleared)', () => {
    const set = checkProgramForm({ ...filled, admissionContact: ' sbc@example.com ' }, { creating: false });
    expect(set).toMatchObject({ ok: true, fields: { admissionContact: 'sbc@example.com' } });
    const cleared = checkProgramForm({ ...filled, admissionContact: '  ' }, { creating: true });
    expect(cleared).toMatchObject({ ok: true, fields: { admissionContact: null } });
  });

  it('answers what the API takes: empty boxes as null, places from 0', () => {
    expect(
      checkProgramForm(
        { ...filled, partnerCapacity: ' 4 ', internalNotes: '  ', position: '2', specIds: ['spec-1'] },
        { creating: false },
      ),
    ).toEqual({
      ok: true,
      fields: {
        name: 'Desk Phones',
        slug: null,
        categoryId: 'cat-1',
        specIds: ['spec-1'],
        specAvailability: null,
        labIds: [],
        labAvailability: null,
        partnerCapacity: 4,
        internalNotes: null,
        admissionContact: null,
        position: 1,
      },
    });
  });

  it('puts API errors on the fields of the form', () => {
    expect(formFieldOf('input.slug')).toBe('slug');
    expect(formFieldOf('input.specIds')).toBe('specIds');
    expect(formFieldOf('expectedVersion')).toBeNull();
    expect(formFieldOf(null)).toBeNull();
  });
});
