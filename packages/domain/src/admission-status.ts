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

export const ADMISSION_STATUS_LABELS: Readonly<Record<AdmissionStatus, string>> = {
  SEEKING_PARTNERS: 'Seeking partners',
  NOT_SEEKING_PARTNERS: 'Not seeking partners',
  NO_ADMISSION_REVIEW: 'No admission review required: contact labs for testing',
  CLOSED: 'Closed',
};

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
export const ADMISSION_STATUS_SHORT_LABELS: Readonly<Record<AdmissionStatus, string>> = {
  SEEKING_PARTNERS: 'Seeking partners',
  NOT_SEEKING_PARTNERS: 'Not seeking partners',
  NO_ADMISSION_REVIEW: 'Contact labs',
  CLOSED: 'Closed',
};

/** What a vendor should do next, by status: the program page's call to action. */
export const ADMISSION_STATUS_NEXT_STEPS: Readonly<Record<AdmissionStatus, string>> = {
  SEEKING_PARTNERS: 'This program is seeking partners: vendors that meet the requirements can apply now.',
  NOT_SEEKING_PARTNERS:
    'This program has enough partners for now and is not taking applications. Its status is updated as needs change.',
  NO_ADMISSION_REVIEW: 'No admission review is needed: contact one of the certification labs to arrange testing.',
  CLOSED: 'This program is closed: it no longer certifies new products and is not taking applications.',
};
