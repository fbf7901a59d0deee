import { labelsOf } from './i18n/messages.js';

/**
 * Whether, and how, a program admits new partners. `CLOSED` programs are kept with their history
 * but are not part of the public catalogue (the docs page: "Programs that are not listed below are
 * currently closed").
 */
export const AdmissionStatus = {
  SEEKING_PARTNERS: 'SEEKING_PARTNERS',
  NOT_SEEKING_PARTNERS: 'NOT_SEEKING_PARTNERS',
  /** Vendors go straight to a certification lab: no admission review by the program. */
  NO_ADMISSION_REVIEW: 'NO_ADMISSION_REVIEW',
  CLOSED: 'CLOSED',
} as const;
export type AdmissionStatus = (typeof AdmissionStatus)[keyof typeof AdmissionStatus];

export const ADMISSION_STATUSES: readonly AdmissionStatus[] = Object.values(AdmissionStatus);

/** Statuses a public visitor can see: everything but closed programs. */
export const PUBLIC_ADMISSION_STATUSES: readonly AdmissionStatus[] = [
  AdmissionStatus.SEEKING_PARTNERS,
  AdmissionStatus.NOT_SEEKING_PARTNERS,
  AdmissionStatus.NO_ADMISSION_REVIEW,
];

/** In English; other languages: `labelsOf(locale, 'admissionStatus', ADMISSION_STATUSES)` (`./i18n/messages`). */
export const ADMISSION_STATUS_LABELS = /* @__PURE__ */ labelsOf('en', 'admissionStatus', ADMISSION_STATUSES);

export function isAdmissionStatus(value: unknown): value is AdmissionStatus {
  return typeof value === 'string' && (ADMISSION_STATUSES as readonly string[]).includes(value);
}

export function isPubliclyListed(status: AdmissionStatus): boolean {
  return PUBLIC_ADMISSION_STATUSES.includes(status);
}

/** Only a program that is seeking partners takes applications through CertHub. */
export function acceptsApplications(status: AdmissionStatus): boolean {
  return status === AdmissionStatus.SEEKING_PARTNERS;
}

/** Badge text: short enough for a table cell, still plain words. */
export const ADMISSION_STATUS_SHORT_LABELS = /* @__PURE__ */ labelsOf('en', 'admissionStatusShort', ADMISSION_STATUSES);

/** What a vendor should do next, by status: the program page's call to action. */
export const ADMISSION_STATUS_NEXT_STEPS = /* @__PURE__ */ labelsOf('en', 'admissionStatusNextStep', ADMISSION_STATUSES);
