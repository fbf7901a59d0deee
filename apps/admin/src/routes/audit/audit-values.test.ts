import { describe, expect, it } from 'vitest';
import { describeValue, isUndoable, periodOf } from './audit-values.js';

describe('the audit log', () => {
  it('shows values in words: lists of specs and labs by name', () => {
    expect(describeValue(null)).toBe('—');
    expect(describeValue('SEEKING_PARTNERS')).toBe('Seeking partners');
    expect(describeValue('Devices')).toBe('Devices');
    expect(describeValue(5)).toBe('5');
    expect(describeValue([])).toBe('None');
    expect(
      describeValue([
        { name: 'AST', url: 'https://ast.example' },
        { name: 'Tekvizion', url: null },
      ]),
    ).toBe('AST, Tekvizion');
    expect(describeValue([{ title: 'SBC Specs', url: null }])).toBe('SBC Specs');
    expect(describeValue({ other: 1 })).toBe('{"other":1}');
  });

  it('reads a period of whole days, the last one included', () => {
    const { from, to } = periodOf('2026-03-01', '2026-03-02');
    expect(new Date(from as string).getDate()).toBe(1);
    expect(new Date(to as string).getTime() - new Date(from as string).getTime()).toBe(2 * 24 * 3600_000);
    expect(periodOf(null, 'not a day')).toEqual({});
  });

  it("offers to undo staff members' status changes only", () => {
    expect(isUndoable({ action: 'admission-status-changed', entityType: 'Program', actorId: 'VXNlcjox' })).toBe(true);
    expect(isUndoable({ action: 'admission-status-changed', entityType: 'Program', actorId: null })).toBe(false);
    expect(isUndoable({ action: 'program-updated', entityType: 'Program', actorId: 'VXNlcjox' })).toBe(false);
  });
});
