const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' });

/** A listing date as people write it; UTC, so that the server-rendered page and the browser agree. */
export const formatDate = (iso: string) => dateFormat.format(new Date(iso));
