import { describe, expect, it } from 'vitest';
import {
  CategoryChanges,
  checkFields,
  INTERNAL_NOTES_MAX_LENGTH,
  LabChanges,
  listingProblem,
  NewCategory,
  NewLab,
  NewProgram,
  NewSpec,
  ProgramChanges,
  slugForName,
} from './catalog-edit.js';

const problem = (schema: Parameters<typeof checkFields>[0], input: unknown) => {
  const result = checkFields(schema, input);
  return result.ok ? null : { field: result.field, message: result.message };
};

describe('catalogue edit rules', () => {
  it('gives a new row the slug of its name unless one is given', () => {
    expect(checkFields(NewCategory, { name: '  Call Recording & Compliance ' })).toEqual({
      ok: true,
      value: { name: 'Call Recording & Compliance', slug: 'call-recording-and-compliance' },
    });
    expect(checkFields(NewLab, { name: 'Wipro', slug: 'wipro-labs' })).toMatchObject({ ok: true, value: { slug: 'wipro-labs' } });
    expect(problem(NewCategory, { name: '!!!' })).toMatchObject({ field: 'slug', message: expect.stringMatching(/give one/) });
    expect(slugForName(`${'a'.repeat(99)} b`)).toBe('a'.repeat(99));
  });

  it('refuses empty or long names, bad slugs, and names the field', () => {
    expect(problem(NewCategory, { name: '   ' })).toMatchObject({ field: 'name', message: 'Enter a name.' });
    expect(problem(NewProgram, { name: 'x'.repeat(201) })).toMatchObject({
      field: 'name',
      message: expect.stringMatching(/200/),
    });
    expect(problem(NewProgram, { name: 'x'.repeat(200) })).toBeNull();
    for (const slug of ['IP-Phones', 'ip--phones', '-ip', 'ip phones', 'a'.repeat(101), '']) {
      expect(problem(NewLab, { name: 'Lab', slug })).toMatchObject({ field: 'slug' });
    }
    expect(problem(NewSpec, { title: '' })).toMatchObject({ field: 'title', message: 'Enter a title.' });
  });

  it('accepts only absolute http(s) and mailto addresses, and clears with null or a blank', () => {
    expect(checkFields(NewSpec, { title: 'Spec', url: 'https://example.com/certification?x=1' })).toMatchObject({ ok: true });
    expect(checkFields(NewLab, { name: 'Lab', url: 'mailto:lab@example.com' })).toMatchObject({ ok: true });
    for (const address of [
      'example.com',
      '/test-spec.md',
      'ftp://example.com',
      'javascript:alert(1)',
      'data:text/html,x',
      'https://',
    ]) {
      expect(problem(NewSpec, { title: 'Spec', url: address })).toMatchObject({ field: 'url' });
    }
    expect(problem(LabChanges, { url: `https://example.com/${'a'.repeat(2000)}` })).toMatchObject({ field: 'url' });
    expect(checkFields(LabChanges, { url: '  ' })).toEqual({ ok: true, value: { url: null } });
    expect(checkFields(LabChanges, { url: null })).toEqual({ ok: true, value: { url: null } });
    expect(checkFields(LabChanges, {})).toStrictEqual({ ok: true, value: {} });
  });

  it('keeps a field that cannot be empty when a change leaves it out or sends null', () => {
    expect(checkFields(CategoryChanges, { name: null, slug: undefined })).toStrictEqual({ ok: true, value: {} });
    expect(checkFields(CategoryChanges, { name: ' Video ' })).toEqual({ ok: true, value: { name: 'Video' } });
  });

  it('takes a capacity of zero or more whole partners, and notes up to the limit', () => {
    expect(checkFields(ProgramChanges, { partnerCapacity: 0 })).toEqual({ ok: true, value: { partnerCapacity: 0 } });
    expect(checkFields(ProgramChanges, { partnerCapacity: null })).toEqual({ ok: true, value: { partnerCapacity: null } });
    expect(problem(ProgramChanges, { partnerCapacity: -1 })).toMatchObject({ field: 'partnerCapacity' });
    expect(problem(ProgramChanges, { partnerCapacity: 1.5 })).toMatchObject({ field: 'partnerCapacity' });
    expect(problem(ProgramChanges, { internalNotes: 'x'.repeat(INTERNAL_NOTES_MAX_LENGTH + 1) })).toMatchObject({
      field: 'internalNotes',
    });
    expect(checkFields(ProgramChanges, { internalNotes: ' Call them first. ' })).toEqual({
      ok: true,
      value: { internalNotes: 'Call them first.' },
    });
  });

  it('says how specs are had, or why no lab is listed, only for a program that lists none', () => {
    const listing = { specCount: 0, specAvailability: null, labCount: 0, labAvailability: null };
    expect(listingProblem({ ...listing, specAvailability: 'ON_ADMISSION' })).toBeNull();
    expect(listingProblem({ ...listing, specCount: 1, specAvailability: 'ON_ADMISSION' })).toMatchObject({
      field: 'specAvailability',
    });
    expect(listingProblem({ ...listing, labCount: 2, labAvailability: 'COMING_SOON' })).toMatchObject({
      field: 'labAvailability',
    });
    expect(listingProblem({ ...listing, specCount: 1, labCount: 1 })).toBeNull();
  });
});
