import { IntlMessageFormat, type PrimitiveType } from 'intl-messageformat';
import { de } from './de.js';
import { type DomainMessageKey, type DomainMessages, en } from './en.js';
import type { Locale } from './locales.js';

export type { DomainMessageKey, DomainMessages } from './en.js';

/** Every language's domain words, by locale: the web apps merge them into their own catalogues. */
export const DOMAIN_MESSAGES: Readonly<Record<Locale, DomainMessages>> = { en, de };

export type MessageValues = Record<string, PrimitiveType>;

const compiled = new Map<string, IntlMessageFormat>();

/**
 * No ICU syntax character: the message is its own text. Such messages (every label) are read
 * without the ICU parser, which the public site's browser build leaves out (its catalogues are
 * compiled when it is built, `compileCatalogue`).
 */
const ICU_SYNTAX = /[{}<'#]/;

/** A domain message in `locale`, with its arguments filled in: `domainText('de', 'feed.entryTitle', {program, status})`. */
export function domainText(locale: Locale, key: DomainMessageKey, values?: MessageValues): string {
  const message = DOMAIN_MESSAGES[locale][key];
  if (!ICU_SYNTAX.test(message)) return message;
  const cacheKey = `${locale}\u0000${key}`;
  let format = compiled.get(cacheKey);
  if (!format) {
    format = new IntlMessageFormat(message, locale);
    compiled.set(cacheKey, format);
  }
  return String(format.format(values));
}

export type CompiledMessage = ReturnType<IntlMessageFormat['getAst']>;

/**
 * A catalogue parsed as `IntlMessageFormat` (and so react-intl) parses it when it formats a
 * message: done once when an app is built, its browser code needs no ICU parser.
 */
export function compileCatalogue<K extends string>(
  messages: Readonly<Record<K, string>>,
  locale: string,
): Record<K, CompiledMessage> {
  return Object.fromEntries(
    Object.entries<string>(messages).map(([key, message]) => [key, new IntlMessageFormat(message, locale).getAst()]),
  ) as Record<K, CompiledMessage>;
}

/**
 * The words for each value of an enumeration, read from the keys `${group}.${value}`:
 * `labelsOf('de', 'admissionStatus', ADMISSION_STATUSES)` → `{ SEEKING_PARTNERS: 'Partner gesucht', … }`.
 */
export function labelsOf<G extends MessageGroup, V extends MessageGroupValue<G>>(
  locale: Locale,
  group: G,
  values: readonly V[],
): Readonly<Record<V, string>> {
  return Object.fromEntries(
    values.map((value) => [value, domainText(locale, `${group}.${value}` as DomainMessageKey)]),
  ) as Record<V, string>;
}

/** `admissionStatus` of `admissionStatus.SEEKING_PARTNERS`… */
type MessageGroup<K = DomainMessageKey> = K extends `${infer G}.${string}` ? G : never;
/** …and the values it has words for, so that a value without words does not compile. */
type MessageGroupValue<G extends string, K = DomainMessageKey> = K extends `${G}.${infer V}` ? V : never;

/**
 * What is wrong with a set of catalogues, one sentence per problem (none: all is well): a key
 * missing from or extra in a catalogue compared with the reference one, a message that is not valid
 * ICU MessageFormat, or one whose arguments differ from the reference message's. For tests of every
 * package that has catalogues.
 */
export function catalogueProblems(
  catalogues: Readonly<Record<string, Readonly<Record<string, string>>>>,
  referenceLocale = 'en',
): string[] {
  const reference = catalogues[referenceLocale];
  if (!reference) return [`No "${referenceLocale}" catalogue.`];
  const problems: string[] = [];
  const argumentsByKey = new Map<string, string>();
  for (const [locale, messages] of Object.entries(catalogues)) {
    for (const key of Object.keys(reference)) if (!(key in messages)) problems.push(`${locale}: "${key}" is missing.`);
    for (const [key, message] of Object.entries(messages)) {
      if (!(key in reference)) {
        problems.push(`${locale}: "${key}" is not in the "${referenceLocale}" catalogue.`);
        continue;
      }
      let names: string;
      try {
        names = [...argumentNames(new IntlMessageFormat(message, locale).getAst())].sort().join(', ');
      } catch (error) {
        problems.push(`${locale}: "${key}" is not valid ICU MessageFormat (${(error as Error).message}).`);
        continue;
      }
      const expected = argumentsByKey.get(key);
      if (locale === referenceLocale || expected === undefined) argumentsByKey.set(key, names);
      if (expected !== undefined && expected !== names)
        problems.push(`${locale}: "${key}" has the arguments [${names}], the "${referenceLocale}" one [${expected}].`);
    }
  }
  return problems;
}

type MessageElement = ReturnType<IntlMessageFormat['getAst']>[number];

/** The argument names a parsed message uses, inside plurals, selects and tags too. */
function argumentNames(elements: readonly MessageElement[], names = new Set<string>()): Set<string> {
  for (const element of elements) {
    // Everything with a name but literal text (type 0) is an argument: simple, number, date, plural, select, tag.
    if ('value' in element && element.type !== 0) names.add(String(element.value));
    if ('options' in element)
      for (const option of Object.values(element.options)) argumentNames(option.value as MessageElement[], names);
    if ('children' in element) argumentNames(element.children as MessageElement[], names);
  }
  return names;
}
