import { groupByCategory } from '@certhub/domain/category-groups';
import { describe, expect, it } from 'vitest';
import { filterFromSearchParams, filterToSearchParams, toProgramFilter } from './programs-filter.js';

describe('the programs filter', () => {
  it('round-trips through the address, ignoring what is not a status', () => {
    const filter = filterFromSearchParams(new URLSearchParams('status=CLOSED&category=devices&q=phone'));
    expect(filter).toEqual({ status: 'CLOSED', category: 'devices', search: 'phone' });
    expect(filterToSearchParams(filter).toString()).toBe('status=CLOSED&category=devices&q=phone');
    expect(filterFromSearchParams(new URLSearchParams('status=MAYBE'))).toEqual({ status: null, category: null, search: '' });
  });

  it('asks the API for closed programs too unless a status is chosen', () => {
    expect(toProgramFilter({ status: null, category: null, search: '  ' })).toEqual({
      admissionStatus: ['SEEKING_PARTNERS', 'NOT_SEEKING_PARTNERS', 'NO_ADMISSION_REVIEW', 'CLOSED'],
    });
    expect(toProgramFilter({ status: 'SEEKING_PARTNERS', category: 'video', search: ' usb ' })).toEqual({
      admissionStatus: ['SEEKING_PARTNERS'],
      categorySlug: 'video',
      search: 'usb',
    });
  });

  it('groups consecutive programs by category, keeping the order', () => {
    const devices = { id: 'c1', name: 'Devices' };
    const video = { id: 'c2', name: 'Video' };
    const groups = groupByCategory([
      { name: 'A', category: devices },
      { name: 'B', category: devices },
      { name: 'C', category: video },
    ]);
    expect(groups.map((group) => [group.category.name, group.items.map((item) => item.name)])).toEqual([
      ['Devices', ['A', 'B']],
      ['Video', ['C']],
    ]);
  });
});
