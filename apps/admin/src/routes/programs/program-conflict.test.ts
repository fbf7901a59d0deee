import { CombinedGraphQLErrors } from '@apollo/client';
import { describe, expect, it } from 'vitest';
import { conflictOf, differences, type ProgramState } from './program-conflict.js';

const seen: ProgramState = {
  slug: 'sbc',
  name: 'SBC',
  categoryId: 'cat-1',
  admissionStatus: 'NOT_SEEKING_PARTNERS',
  specAvailability: null,
  labAvailability: null,
  partnerCapacity: null,
  internalNotes: null,
  position: 2,
  version: 3,
};

describe('differences', () => {
  it('says in words what someone else changed, field by field, leaving the version out', () => {
    const now: ProgramState = {
      ...seen,
      admissionStatus: 'SEEKING_PARTNERS',
      categoryId: 'cat-2',
      partnerCapacity: 5,
      position: 0,
      labAvailability: 'COMING_SOON',
      version: 5,
    };
    const names = new Map([
      ['cat-1', 'Devices'],
      ['cat-2', 'Infrastructure'],
    ]);
    expect(differences(seen, now, names)).toEqual([
      { field: 'admissionStatus', label: 'Status', before: 'Not seeking partners', after: 'Seeking partners' },
      { field: 'categoryId', label: 'Category', before: 'Devices', after: 'Infrastructure' },
      { field: 'position', label: 'Place in its category', before: '3', after: '1' },
      { field: 'labAvailability', label: 'Why no lab is listed', before: 'Not set', after: 'Coming soon' },
      { field: 'partnerCapacity', label: 'Partner capacity', before: 'No limit', after: '5' },
    ]);
  });

  it('finds nothing when only the version moved (specs or labs changed)', () => {
    expect(differences(seen, { ...seen, version: 4 })).toEqual([]);
  });
});

describe('conflictOf', () => {
  it("reads the program as it is now from the API's CONFLICT, and nothing from other errors", () => {
    const conflict = new CombinedGraphQLErrors({
      errors: [{ message: 'changed', extensions: { code: 'CONFLICT', currentVersion: 4, current: { ...seen, version: 4 } } }],
    });
    expect(conflictOf(conflict)).toEqual({ ...seen, version: 4 });
    const refused = new CombinedGraphQLErrors({ errors: [{ message: 'no', extensions: { code: 'BAD_USER_INPUT' } }] });
    expect(conflictOf(refused)).toBeNull();
    expect(conflictOf(new Error('offline'))).toBeNull();
  });
});
