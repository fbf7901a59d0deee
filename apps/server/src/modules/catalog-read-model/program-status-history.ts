import type { AdmissionStatus } from '@certhub/domain/admission-status';
import { ProgramStatusChangeEntity } from '../program/program-status-change.entity.js';

/**
 * The status names a history holds, each once for the whole process: a change keeps the index of
 * its `from` and `to` here (0: no status, the first change of a program), not two strings.
 */
const statusNames: Array<AdmissionStatus | null> = [null];
const statusCodes = new Map<AdmissionStatus | null, number>([[null, 0]]);

function statusCode(status: AdmissionStatus | null): number {
  let code = statusCodes.get(status);
  if (code === undefined) {
    code = statusNames.length;
    if (code > 0xff) throw new Error(`More than 255 admission statuses in the status history (${status}).`);
    statusNames.push(status);
    statusCodes.set(status, code);
  }
  return code;
}

/**
 * The storage that histories of one program share: columns of numbers, 18 bytes a change where a
 * frozen entity took about 300 (the object, its Date, its two strings), and what the soak's live
 * heap grew by. `size` is how far the newest history written into it reaches; older histories
 * read only their own prefix, which nothing writes again.
 */
class HistoryColumns {
  size = 0;
  readonly ids: Float64Array;
  /** `changedAt` in milliseconds since the epoch, as its Date holds it. */
  readonly times: Float64Array;
  /** The `from` and `to` status codes of change i at 2i and 2i + 1. */
  readonly statuses: Uint8Array;

  constructor(readonly capacity: number) {
    this.ids = new Float64Array(capacity);
    this.times = new Float64Array(capacity);
    this.statuses = new Uint8Array(capacity * 2);
  }
}

/**
 * One program's public status history, by time, then id, as a read model carries it: never
 * changed once made, and shared with the models after it. `with` makes the next one: while this
 * is the newest history of its storage, the new changes are written after it in that storage (a
 * model carries its history without copying it at every revision); otherwise (storage full, or a
 * newer history already written there) into a copy. The GraphQL objects are made only when a field
 * asks for them (`changes`).
 */
export class ProgramStatusHistory {
  private constructor(
    readonly programId: number,
    private readonly columns: HistoryColumns | null,
    readonly length: number,
  ) {}

  static empty(programId: number): ProgramStatusHistory {
    return new ProgramStatusHistory(programId, null, 0);
  }

  /** This history with `changes` (of this program, in the history's order, none before this history's last) after it. */
  with(changes: readonly ProgramStatusChangeEntity[]): ProgramStatusHistory {
    const length = this.length + changes.length;
    let columns = this.columns;
    if (!columns || columns.size !== this.length || columns.capacity < length) {
      // Room for as many again: a history that grows is copied a logarithmic number of times.
      const copy = new HistoryColumns(Math.max(length, 2 * this.length, 4));
      if (columns) {
        copy.ids.set(columns.ids.subarray(0, this.length));
        copy.times.set(columns.times.subarray(0, this.length));
        copy.statuses.set(columns.statuses.subarray(0, 2 * this.length));
      }
      columns = copy;
    }
    let index = this.length;
    for (const change of changes) {
      columns.ids[index] = change.id;
      columns.times[index] = change.changedAt.getTime();
      columns.statuses[2 * index] = statusCode(change.from);
      columns.statuses[2 * index + 1] = statusCode(change.to);
      index++;
    }
    columns.size = length;
    return new ProgramStatusHistory(this.programId, columns, length);
  }

  /** Whether `change` comes after this history's last change in the history's order (by time, then id). */
  endsBefore(change: ProgramStatusChangeEntity): boolean {
    const last = this.length - 1;
    if (!this.columns || last < 0) return true;
    const time = change.changedAt.getTime();
    const lastTime = this.columns.times[last] as number;
    return time > lastTime || (time === lastTime && change.id > (this.columns.ids[last] as number));
  }

  /** The changes as the GraphQL type's objects, made now (the history keeps numbers only). */
  changes(): ProgramStatusChangeEntity[] {
    const changes = new Array<ProgramStatusChangeEntity>(this.length);
    for (let index = 0; index < this.length; index++) changes[index] = this.change(index);
    return changes;
  }

  /** When the status last changed at or before `moment`; null if it had not changed by then. */
  lastChangedAtOrBefore(moment: Date): Date | null {
    if (!this.columns) return null;
    const { times } = this.columns;
    const limit = moment.getTime();
    // The first change after `moment`, by bisection (the history is in time order).
    let low = 0;
    let high = this.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((times[middle] as number) <= limit) low = middle + 1;
      else high = middle;
    }
    return low === 0 ? null : new Date(times[low - 1] as number);
  }

  private change(index: number): ProgramStatusChangeEntity {
    const columns = this.columns as HistoryColumns;
    const change = new ProgramStatusChangeEntity();
    change.id = columns.ids[index] as number;
    change.from = statusNames[columns.statuses[2 * index] as number] ?? null;
    change.to = statusNames[columns.statuses[2 * index + 1] as number] as AdmissionStatus;
    change.programId = this.programId;
    change.changedAt = new Date(columns.times[index] as number);
    return change;
  }
}
