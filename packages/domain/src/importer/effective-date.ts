/**
 * When a version of a page took effect. Docs pages carry it as `ms.date` in their front matter,
 * written the American way (`06/13/2018`, sometimes without leading zeros); the CLI takes an ISO
 * date or timestamp (`2018-06-13`, `2018-06-13T09:30:00Z`). A bare date means midnight UTC of that
 * day, so the same flag gives the same history on every machine whatever its time zone.
 */
/** The forms accepted, for the refusal of any other (the CLI's and the API's). */
export const EFFECTIVE_DATE_FORMS = 'a date such as 2018-06-13 or a timestamp with its zone such as 2018-06-13T09:30:00Z';

const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** The moment `text` names, or null when it is not one of the accepted forms or no real day. */
export function parseEffectiveDate(text: string): Date | null {
  const trimmed = text.trim();
  const us = US_DATE.exec(trimmed);
  if (us) return utcDay(Number(us[3]), Number(us[1]), Number(us[2]));
  if (ISO_DATE.test(trimmed)) {
    const [year, month, day] = trimmed.split('-').map(Number) as [number, number, number];
    return utcDay(year, month, day);
  }
  if (ISO_TIMESTAMP.test(trimmed)) {
    const moment = new Date(trimmed);
    return Number.isNaN(moment.getTime()) || !sameCalendarDay(trimmed, moment) ? null : moment;
  }
  return null;
}

/** Front matter's `ms.date` as YAML hands it over: a string, or a Date when written `2018-06-13`. */
export function effectiveDateOfFrontMatter(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === 'string') return parseEffectiveDate(value);
  return null;
}

function utcDay(year: number, month: number, day: number): Date | null {
  const moment = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 02/30 over to March: such a day does not exist.
  return moment.getUTCFullYear() === year && moment.getUTCMonth() === month - 1 && moment.getUTCDate() === day ? moment : null;
}

/** `2018-02-30T10:00Z` parses (rolled over to March) in some engines: refuse it like the bare date. */
function sameCalendarDay(text: string, moment: Date): boolean {
  const [year, month, day] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  const offset = /(?:Z|([+-])(\d{2}):(\d{2}))$/.exec(text);
  const minutes = offset?.[1] ? (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])) : 0;
  const local = new Date(moment.getTime() + minutes * 60_000);
  return local.getUTCFullYear() === year && local.getUTCMonth() === month - 1 && local.getUTCDate() === day;
}
