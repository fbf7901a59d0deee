import { describe, expect, it } from 'vitest';
import { checkFields } from './catalog-edit.js';
import { scheduleChangeSchema, scheduledFields } from './scheduled-change.js';

const NOW = new Date('2026-12-03T12:00:00Z');

describe('scheduling a change', () => {
  const check = (input: Record<string, unknown>) => checkFields(scheduleChangeSchema(NOW), input);
  const valid = { effectiveAt: new Date('2027-03-01T08:00:00Z'), reason: ' Opening ', admissionStatus: 'SEEKING_PARTNERS' };

  it('takes a moment ahead with a reason, trimmed, not announced unless asked', () => {
    expect(check(valid)).toEqual({
      ok: true,
      value: { effectiveAt: valid.effectiveAt, reason: 'Opening', announce: false, admissionStatus: 'SEEKING_PARTNERS' },
    });
  });

  it('refuses a moment now or past, an invalid one, a missing reason, and closing', () => {
    expect(check({ ...valid, effectiveAt: NOW })).toMatchObject({
      ok: false,
      field: 'effectiveAt',
      message: 'Choose a moment in the future.',
    });
    expect(check({ ...valid, effectiveAt: new Date(Number.NaN) })).toMatchObject({ ok: false, field: 'effectiveAt' });
    expect(check({ ...valid, reason: '   ' })).toMatchObject({
      ok: false,
      field: 'reason',
      message: 'Say why, for the audit trail.',
    });
    expect(check({ ...valid, admissionStatus: 'CLOSED' })).toMatchObject({ ok: false, field: 'admissionStatus' });
  });

  it('names the fields a scheduled change sets', () => {
    expect(scheduledFields({ admissionStatus: 'SEEKING_PARTNERS', edits: { name: 'New' } })).toEqual(['admissionStatus', 'name']);
    expect(scheduledFields({ admissionStatus: null, edits: null })).toEqual([]);
  });
});
