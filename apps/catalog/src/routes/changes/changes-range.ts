import { parseHistoryDate } from '@certhub/domain/catalog-history';

/** The days of the "What changed" page: changes after the end of `from`, up to the end of `to` (UTC). */
export interface ChangesRange {
  from: string;
  to: string;
  /** Both are days (YYYY-MM-DD) and `from` is not after `to`. */
  valid: boolean;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The range of the address; without one, the year up to `today`. */
export function rangeFromSearchParams(params: URLSearchParams, today: Date): ChangesRange {
  const to = params.get('to') || isoDay(today);
  const from = params.get('from') || isoDay(yearBefore(isDay(to) ? new Date(`${to}T00:00:00Z`) : today));
  return { from, to, valid: isDay(from) && isDay(to) && from <= to };
}

export function rangeToSearch({ from, to }: Pick<ChangesRange, 'from' | 'to'>): string {
  return `?${new URLSearchParams({ from, to })}`;
}

function isDay(text: string): boolean {
  return DAY.test(text) && parseHistoryDate(text) !== null;
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function yearBefore(date: Date): Date {
  const before = new Date(date);
  before.setUTCFullYear(before.getUTCFullYear() - 1);
  return before;
}
