import { describe, expect, it } from 'vitest';
import { effectiveDateOfFrontMatter, parseEffectiveDate } from './effective-date.js';

describe('the date a page version took effect', () => {
  it('reads ms.date the way docs pages write it, as midnight UTC', () => {
    expect(parseEffectiveDate('06/13/2018')?.toISOString()).toBe('2018-06-13T00:00:00.000Z');
    expect(parseEffectiveDate('6/3/2018')?.toISOString()).toBe('2018-06-03T00:00:00.000Z');
  });

  it('reads ISO dates and timestamps with a zone', () => {
    expect(parseEffectiveDate('2018-06-13')?.toISOString()).toBe('2018-06-13T00:00:00.000Z');
    expect(parseEffectiveDate('2018-06-13T09:30:00+02:00')?.toISOString()).toBe('2018-06-13T07:30:00.000Z');
    expect(parseEffectiveDate(' 2018-06-13T09:30Z ')?.toISOString()).toBe('2018-06-13T09:30:00.000Z');
  });

  it('refuses days that do not exist, ambiguous forms and timestamps without a zone', () => {
    for (const text of [
      '02/30/2018',
      '2018-02-30',
      '2018-02-30T10:00Z',
      '13/06/2018',
      '2018-6-13',
      'yesterday',
      '',
      '2018-06-13T09:30',
    ]) {
      expect(parseEffectiveDate(text), text).toBeNull();
    }
  });

  it('takes what YAML hands over for ms.date', () => {
    expect(effectiveDateOfFrontMatter('09/20/2018')?.toISOString()).toBe('2018-09-20T00:00:00.000Z');
    expect(effectiveDateOfFrontMatter(new Date('2018-09-20T00:00:00Z'))?.toISOString()).toBe('2018-09-20T00:00:00.000Z');
    expect(effectiveDateOfFrontMatter(20180920)).toBeNull();
    expect(effectiveDateOfFrontMatter(undefined)).toBeNull();
  });
});
