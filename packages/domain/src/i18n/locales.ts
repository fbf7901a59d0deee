/**
 * The languages CertHub speaks. English is the default and has no path prefix (`/programs/x`);
 * every other language lives under its code (`/de/programs/x`). Adding a language: its code here,
 * its name in LOCALE_NAMES, and a message catalogue beside `en.ts` in every package that has one.
 */
export const LOCALES = ['en', 'de'] as const;
export type Locale = (typeof LOCALES)[number];

export const DEFAULT_LOCALE: Locale = 'en';

/** Each language's name in itself, as a language switcher shows it. */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = {
  en: 'English',
  de: 'Deutsch',
};

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The locale a path is in (`/de/join` → de, `/join` → en) and the path without its prefix. */
export function splitLocalePath(pathname: string): { locale: Locale; path: string } {
  const [, first = '', ...rest] = pathname.split('/');
  if (isLocale(first) && first !== DEFAULT_LOCALE) return { locale: first, path: `/${rest.join('/')}` };
  return { locale: DEFAULT_LOCALE, path: pathname || '/' };
}

/** A path of the site in `locale`: `localePath('de', '/join')` → `/de/join`, `localePath('de', '/')` → `/de/`. */
export function localePath(locale: Locale, path: string): string {
  const absolute = path.startsWith('/') ? path : `/${path}`;
  return locale === DEFAULT_LOCALE ? absolute : `/${locale}${absolute}`;
}

/**
 * The first of the visitor's preferred languages (`navigator.languages`, or an `Accept-Language`
 * header's tags in order) that CertHub speaks, or null. Only ever a suggestion: pages never vary by it.
 */
export function preferredLocale(languageTags: readonly string[]): Locale | null {
  for (const tag of languageTags) {
    const language = tag.trim().split(/[-_;]/)[0]?.toLowerCase();
    if (isLocale(language)) return language;
  }
  return null;
}
