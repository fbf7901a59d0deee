import { ADMISSION_STATUS_LABELS, isAdmissionStatus } from '@certhub/domain/admission-status';

/** A field's value before or after a change, in words: statuses by their labels, lists of specs and labs by name. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (isAdmissionStatus(value)) return ADMISSION_STATUS_LABELS[value];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    if (!value.length) return 'None';
    return value.map((item) => (typeof item === 'object' && item ? nameOf(item) : describeValue(item))).join(', ');
  }
  if (typeof value === 'object') return nameOf(value as Record<string, unknown>);
  return JSON.stringify(value);
}

function nameOf(item: Record<string, unknown>): string {
  for (const key of ['name', 'title', 'text']) if (typeof item[key] === 'string') return item[key] as string;
  return JSON.stringify(item);
}

/** The audit log's period as the API takes it: from the start of one day to the start of the day after another. */
export function periodOf(fromDay: string | null, toDay: string | null): { from?: string; to?: string } {
  const startOf = (day: string) => new Date(`${day}T00:00:00`);
  const period: { from?: string; to?: string } = {};
  if (fromDay && !Number.isNaN(startOf(fromDay).getTime())) period.from = startOf(fromDay).toISOString();
  if (toDay && !Number.isNaN(startOf(toDay).getTime())) {
    const end = startOf(toDay);
    end.setDate(end.getDate() + 1);
    period.to = end.toISOString();
  }
  return period;
}

/** Status changes of programs by staff can be undone as a batch (the server checks that nothing changed since). */
const UNDOABLE_ACTIONS = new Set(['admission-status-changed', 'program-closed', 'program-reopened']);

export function isUndoable(event: { action: string; entityType: string; actorId?: string | null }): boolean {
  return event.entityType === 'Program' && UNDOABLE_ACTIONS.has(event.action) && Boolean(event.actorId);
}
