import { AdmissionStatus } from '@certhub/domain/admission-status';
import { describe, expect, it } from 'vitest';
import { ProgramStatusChangeEntity } from '../program/program-status-change.entity.js';
import { ProgramStatusHistory } from './program-status-history.js';

const PROGRAM_ID = 7;
const START = Date.parse('2026-01-01T00:00:00.000Z');

/** A change as the read model hydrates it from a row. */
function change(id: number, from: AdmissionStatus | null, to: AdmissionStatus, minutes: number): ProgramStatusChangeEntity {
  return Object.assign(new ProgramStatusChangeEntity(), {
    id,
    from,
    to,
    programId: PROGRAM_ID,
    changedAt: new Date(START + minutes * 60_000),
  });
}

const SEEKING = AdmissionStatus.SEEKING_PARTNERS;
const NOT_SEEKING = AdmissionStatus.NOT_SEEKING_PARTNERS;

/** Each model keeps the history it was built with, while later models' histories share its storage. */
describe('a program status history carried from model to model', () => {
  it('gives back the changes it was given, as the GraphQL objects, in order', () => {
    const given = [change(1, null, SEEKING, 0), change(4, SEEKING, NOT_SEEKING, 1.5), change(9, NOT_SEEKING, SEEKING, 1.5)];
    const history = ProgramStatusHistory.empty(PROGRAM_ID).with(given);
    expect(history.length).toBe(3);
    const changes = history.changes();
    expect(changes).toEqual(given);
    expect(changes[0]).toBeInstanceOf(ProgramStatusChangeEntity);
    expect(ProgramStatusHistory.empty(PROGRAM_ID).changes()).toEqual([]);
  });

  it('leaves an older history as it was when newer ones grow from it, or from each other', () => {
    const first = ProgramStatusHistory.empty(PROGRAM_ID).with([change(1, null, SEEKING, 0)]);
    const second = first.with([change(2, SEEKING, NOT_SEEKING, 1)]);
    // Grown past the storage's first size (4), so the next ones are copies.
    const long = second.with([3, 4, 5, 6, 7].map((id) => change(id, NOT_SEEKING, SEEKING, id)));
    // A second history from `first` (a build that did not finish, then another): it must not see or overwrite `second`'s change.
    const branch = first.with([change(20, SEEKING, AdmissionStatus.CLOSED, 2)]);
    expect(first.changes().map((c) => c.id)).toEqual([1]);
    expect(second.changes().map((c) => c.id)).toEqual([1, 2]);
    expect(long.changes().map((c) => c.id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(branch.changes().map((c) => [c.id, c.to])).toEqual([
      [1, SEEKING],
      [20, AdmissionStatus.CLOSED],
    ]);
    // And a history grown from `second` again after `long` was written into the same storage.
    expect(
      second
        .with([change(30, NOT_SEEKING, SEEKING, 3)])
        .changes()
        .map((c) => c.id),
    ).toEqual([1, 2, 30]);
    expect(long.changes().map((c) => c.id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('orders a new change after its last one by time, then id', () => {
    const history = ProgramStatusHistory.empty(PROGRAM_ID).with([change(5, null, SEEKING, 10)]);
    expect(ProgramStatusHistory.empty(PROGRAM_ID).endsBefore(change(1, null, SEEKING, 0))).toBe(true);
    expect(history.endsBefore(change(6, SEEKING, NOT_SEEKING, 11))).toBe(true);
    expect(history.endsBefore(change(6, SEEKING, NOT_SEEKING, 10))).toBe(true);
    expect(history.endsBefore(change(4, SEEKING, NOT_SEEKING, 10))).toBe(false);
    expect(history.endsBefore(change(6, SEEKING, NOT_SEEKING, 9))).toBe(false);
  });

  it('finds when the status last changed at or before a moment', () => {
    const history = ProgramStatusHistory.empty(PROGRAM_ID).with([
      change(1, null, SEEKING, 0),
      change(2, SEEKING, NOT_SEEKING, 5),
      change(3, NOT_SEEKING, SEEKING, 5),
      change(4, SEEKING, NOT_SEEKING, 9),
    ]);
    const at = (minutes: number) => history.lastChangedAtOrBefore(new Date(START + minutes * 60_000))?.toISOString() ?? null;
    expect(at(-1)).toBeNull();
    expect(at(0)).toBe('2026-01-01T00:00:00.000Z');
    expect(at(4.9)).toBe('2026-01-01T00:00:00.000Z');
    expect(at(5)).toBe('2026-01-01T00:05:00.000Z');
    expect(at(100)).toBe('2026-01-01T00:09:00.000Z');
    expect(ProgramStatusHistory.empty(PROGRAM_ID).lastChangedAtOrBefore(new Date(START))).toBeNull();
  });
});
