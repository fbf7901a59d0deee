import { describe, expect, it } from 'vitest';
import { groupByCategory } from './category-groups.js';

describe('groupByCategory', () => {
  it('starts a new group wherever the category changes, so a category seen again is a group of its own', () => {
    const devices = { id: 'c1', name: 'Devices' };
    const video = { id: 'c2', name: 'Video' };
    const groups = groupByCategory([
      { name: 'A', category: devices },
      { name: 'B', category: video },
      { name: 'C', category: { ...devices } },
    ]);
    expect(groups.map((group) => [group.category.name, group.items.map((item) => item.name)])).toEqual([
      ['Devices', ['A']],
      ['Video', ['B']],
      ['Devices', ['C']],
    ]);
  });

  it('tells categories apart by the key given', () => {
    const groups = groupByCategory(
      [
        { name: 'A', category: { slug: 'devices' } },
        { name: 'B', category: { slug: 'devices' } },
        { name: 'C', category: { slug: 'video' } },
      ],
      (category) => category.slug,
    );
    expect(groups.map((group) => [group.category.slug, group.items.length])).toEqual([
      ['devices', 2],
      ['video', 1],
    ]);
  });

  it('has no group for no items', () => {
    expect(groupByCategory([])).toEqual([]);
  });
});
