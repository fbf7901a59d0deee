import { describe, expect, it } from 'vitest';
import { rangeFromSearchParams, rangeToSearch } from './changes-range.js';

const TODAY = new Date('2026-12-03T15:00:00Z');
const range = (search: string) => rangeFromSearchParams(new URLSearchParams(search), TODAY);

describe('the range of the "What changed" page', () => {
  it('is the year up to today when the address gives none', () => {
    expect(range('')).toStrictEqual({ from: '2025-12-03', to: '2026-12-03', valid: true });
  });

  it('takes the days of the address, and a year before `to` when only `to` is given', () => {
    expect(range('?from=2018-06-12&to=2018-09-30')).toStrictEqual({ from: '2018-06-12', to: '2018-09-30', valid: true });
    expect(range('?to=2019-08-06')).toStrictEqual({ from: '2018-08-06', to: '2019-08-06', valid: true });
  });

  it('is not valid with a day that does not exist, a date-time, or backwards', () => {
    expect(range('?from=2018-02-30&to=2018-09-30').valid).toBe(false);
    expect(range('?from=2018-06-12T00:00:00Z&to=2018-09-30').valid).toBe(false);
    expect(range('?from=2018-09-30&to=2018-06-12').valid).toBe(false);
    expect(range('?from=yesterday').valid).toBe(false);
  });

  it('writes the address back', () => {
    expect(rangeToSearch({ from: '2018-06-12', to: '2018-09-30' })).toBe('?from=2018-06-12&to=2018-09-30');
  });
});
