import type { Locale } from '@certhub/domain/i18n/locales';
import type { SiteMessages } from '../site-messages.js';
import { messages as de } from './de.js';
import { messages as en } from './en.js';

/** The words of the language suggestion, which a page shows in another language than its own (`LanguageSuggestion`). */
export const SUGGESTION_KEYS = ['languageSuggestion.text', 'languageSuggestion.switch', 'languageSuggestion.dismiss'] as const;

export type SuggestionWords = Pick<SiteMessages, (typeof SUGGESTION_KEYS)[number]>;

/**
 * The suggestion's words in every language, and nothing else of the catalogues: a page offering
 * another language needs no more of it. A build compiles them (`vite.config.ts`), as the catalogues.
 */
export const SUGGESTION_WORDS: Readonly<Record<Locale, SuggestionWords>> = {
  en: pick(en),
  de: pick(de),
};

function pick(messages: SiteMessages): SuggestionWords {
  return Object.fromEntries(SUGGESTION_KEYS.map((key) => [key, messages[key]])) as SuggestionWords;
}
