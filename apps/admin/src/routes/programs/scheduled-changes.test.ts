import { CombinedGraphQLErrors } from '@apollo/client';
import { ErrorCode, ErrorReason } from '@certhub/domain/error-codes';
import { describe, expect, it } from 'vitest';
import { momentOfLocalInput, pendingScheduledChangesOf } from './scheduled-changes.js';

const refusal = (extensions: Record<string, unknown>) =>
  new CombinedGraphQLErrors({ errors: [{ message: 'Refused', extensions }] });

describe('scheduled changes in the console', () => {
  it('tells a refusal for pending scheduled changes from other conflicts', () => {
    const listed = [
      {
        id: 'x',
        effectiveAt: '2027-03-01T08:00:00.000Z',
        admissionStatus: 'SEEKING_PARTNERS',
        fields: ['admissionStatus'],
        reason: 'Plan',
      },
    ];
    expect(
      pendingScheduledChangesOf(
        refusal({ code: ErrorCode.CONFLICT, reason: ErrorReason.SCHEDULED_CHANGE_PENDING, scheduledChanges: listed }),
      ),
    ).toEqual(listed);
    expect(pendingScheduledChangesOf(refusal({ code: ErrorCode.CONFLICT, current: {} }))).toBeNull();
    expect(pendingScheduledChangesOf(refusal({ code: ErrorCode.BAD_USER_INPUT }))).toBeNull();
  });

  it('reads a datetime-local value in the local time zone, and nothing else', () => {
    expect(momentOfLocalInput('2027-03-01T09:00')?.getTime()).toBe(new Date(2027, 2, 1, 9, 0).getTime());
    expect(momentOfLocalInput('')).toBeNull();
    expect(momentOfLocalInput('tomorrow')).toBeNull();
  });
});
