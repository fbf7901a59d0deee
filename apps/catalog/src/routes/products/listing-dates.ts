const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' });

/** A listing date as people write it; UTC, so that the server-rendered page and the browser agree. */
export const formatDate = (iso: string) => dateFormat.format(new Date(iso));

/** When a withdrawn listing was last withdrawn, from its status history; null if the history does not say. */
export function withdrawnOn(history: ReadonlyArray<{ to: string; changedAt: string }>): string | null {
  const withdrawals = history.filter((change) => change.to === 'WITHDRAWN');
  return withdrawals.at(-1)?.changedAt ?? null;
}
