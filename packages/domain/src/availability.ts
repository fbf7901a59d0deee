import { labelsOf } from './i18n/messages.js';

/** How a program's specs can be had when the catalogue lists none. */
export const SpecAvailability = {
  /** "Available on admission to program". */
  ON_ADMISSION: 'ON_ADMISSION',
} as const;
export type SpecAvailability = (typeof SpecAvailability)[keyof typeof SpecAvailability];
export const SPEC_AVAILABILITIES: readonly SpecAvailability[] = Object.values(SpecAvailability);

/** Why a program lists no certification lab. */
export const LabAvailability = {
  /** "N/A": the program certifies without a lab. */
  NOT_APPLICABLE: 'NOT_APPLICABLE',
  /** "Coming Soon": labs are being appointed. */
  COMING_SOON: 'COMING_SOON',
} as const;
export type LabAvailability = (typeof LabAvailability)[keyof typeof LabAvailability];
export const LAB_AVAILABILITIES: readonly LabAvailability[] = Object.values(LabAvailability);

/** In English; other languages: `labelsOf(locale, …)` (`./i18n/messages`). */
export const SPEC_AVAILABILITY_LABELS = /* @__PURE__ */ labelsOf('en', 'specAvailability', SPEC_AVAILABILITIES);

export const LAB_AVAILABILITY_LABELS = /* @__PURE__ */ labelsOf('en', 'labAvailability', LAB_AVAILABILITIES);
