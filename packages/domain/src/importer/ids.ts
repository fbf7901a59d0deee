import { slugify } from '../slug.js';

/** How many words of a text make its id when it matches no known one. */
const ID_WORD_COUNT = 6;

export interface IdScheme {
  /** Every id `knownIdsOf` can return. */
  knownIds: readonly string[];
  /** The known ids a text may take, best first. */
  knownIdsOf: (text: string) => readonly string[];
  /** Used when a text's first words give no slug. */
  fallbackId: string;
}

/**
 * Stable ids for a list of texts (requirements, notes). Each known id goes to the first text that
 * claims it; other texts get the slug of their first words, made unique and never equal to a known
 * id, so that an added text cannot take the id of one that vendors already refer to.
 */
export function assignIds(texts: readonly string[], scheme: IdScheme): { id: string; text: string }[] {
  const taken = new Set<string>(scheme.knownIds);
  const claimedKnown = new Set<string>();
  const idOf = (text: string): string => {
    const known = scheme.knownIdsOf(text).find((id) => !claimedKnown.has(id));
    if (known === undefined) return claimUniqueId(slugOfFirstWords(text) || scheme.fallbackId, taken);
    claimedKnown.add(known);
    return known;
  };
  return texts.map((text) => ({ id: idOf(text), text }));
}

/** `candidate`, or `candidate-2`, `candidate-3`… whichever is free; records it as taken. */
function claimUniqueId(candidate: string, taken: Set<string>): string {
  let id = candidate;
  for (let suffix = 2; taken.has(id); suffix += 1) {
    id = `${candidate}-${suffix}`;
  }
  taken.add(id);
  return id;
}

function slugOfFirstWords(text: string): string {
  return slugify(text.split(' ').slice(0, ID_WORD_COUNT).join(' '));
}
