/**
 * The six general requirements of the "How to Join" page, with the stable ids vendors attest to.
 * The importer gives a requirement one of these ids when its text matches (ignoring case and
 * spacing), so that rewording elsewhere on the page never changes what an attestation refers to.
 */
export const KNOWN_REQUIREMENTS = [
  {
    id: 'proven-record',
    text: 'A proven record of developing and marketing enterprise grade and industry leading communications products',
  },
  {
    id: 'technical-ability',
    text: 'Evidence of ability to achieve the technical requirements of the program',
  },
  {
    id: 'global-support',
    text: 'Established global support channels (some programs may also require global enterprise sales channels)',
  },
  {
    id: 'premier-support',
    text: 'Commitment to acquire a Premier support contract or equivalent benefit as required by the program',
  },
  {
    id: 'testing-fees-and-trials',
    text: 'Commitment to pay testing fees* and support customer trials as required by the program',
  },
  {
    id: 'usage-data',
    text: 'Commitment to share product usage data for purposes of enhancing customer support and program planning',
  },
] as const;

export type KnownRequirementId = (typeof KNOWN_REQUIREMENTS)[number]['id'];

export const KNOWN_REQUIREMENT_IDS: readonly KnownRequirementId[] = KNOWN_REQUIREMENTS.map((requirement) => requirement.id);

/** Ids of the page's two notes, which other texts point at ("testing fees*"). */
export const KnownNoteId = {
  TESTING_FEES: 'testing-fees',
  INDEPENDENT_LABS: 'independent-labs',
} as const;
export type KnownNoteId = (typeof KnownNoteId)[keyof typeof KnownNoteId];
