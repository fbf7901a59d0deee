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
