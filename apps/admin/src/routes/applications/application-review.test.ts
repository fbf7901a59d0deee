import { describe, expect, it } from 'vitest';
import { capacityWarning, messageRequired, moveLabel, staffMoves, statusesOf } from './application-review.js';

describe('the review of an application', () => {
  it('offers staff only the moves of the state machine that are theirs', () => {
    expect(staffMoves('SUBMITTED')).toEqual(['IN_REVIEW', 'DECLINED']);
    expect(staffMoves('IN_REVIEW')).toEqual(['INFO_REQUESTED', 'ACCEPTED', 'DECLINED']);
    expect(staffMoves('INFO_REQUESTED')).toEqual(['IN_REVIEW', 'DECLINED']);
    expect(staffMoves('ACCEPTED')).toEqual(['ONBOARDED', 'DECLINED']);
    expect(staffMoves('ONBOARDED')).toEqual([]);
    expect(staffMoves('WITHDRAWN')).toEqual([]);
  });

  it('names each move as what it does', () => {
    expect(moveLabel('SUBMITTED', 'IN_REVIEW')).toBe('Start the review');
    expect(moveLabel('INFO_REQUESTED', 'IN_REVIEW')).toBe('Resume the review');
    expect(moveLabel('ACCEPTED', 'ONBOARDED')).toBe('Mark as onboarded');
    expect(messageRequired('INFO_REQUESTED')).toBe(true);
    expect(messageRequired('DECLINED')).toBe(false);
  });

  it('warns before the last partner place goes, and when none is left', () => {
    expect(capacityWarning('ACCEPTED', { partnerCapacity: null, partnerPlacesTaken: 9 })).toBeNull();
    expect(capacityWarning('ACCEPTED', { partnerCapacity: 3, partnerPlacesTaken: 1 })).toBeNull();
    expect(capacityWarning('ACCEPTED', { partnerCapacity: 3, partnerPlacesTaken: 2 })).toBe(
      'Accepting takes the last partner place (2 of 3 taken).',
    );
    expect(capacityWarning('ACCEPTED', { partnerCapacity: 3, partnerPlacesTaken: 3 })).toMatch(/^No partner place is left/);
    expect(capacityWarning(null, { partnerCapacity: 3, partnerPlacesTaken: 3 })).toBe(
      'The program is full: 3 of 3 partner places are taken.',
    );
  });

  it('filters the inbox by the open statuses unless told otherwise', () => {
    expect(statusesOf('OPEN')).toEqual(['SUBMITTED', 'IN_REVIEW', 'INFO_REQUESTED', 'ACCEPTED']);
    expect(statusesOf('ALL')).toBeNull();
    expect(statusesOf('DECLINED')).toEqual(['DECLINED']);
  });
});
