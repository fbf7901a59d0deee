import { APPLICATION_STATUS_LABELS, ApplicationActor, ApplicationStatus } from '@certhub/domain/application';
import { registerEnumType } from 'type-graphql';

registerEnumType(ApplicationStatus, {
  name: 'ApplicationStatus',
  description:
    'Where an application is: SUBMITTED → IN_REVIEW → INFO_REQUESTED ⇄ IN_REVIEW → ACCEPTED → ONBOARDED, or DECLINED or WITHDRAWN from any open state.',
  valuesConfig: Object.fromEntries(
    Object.entries(APPLICATION_STATUS_LABELS).map(([status, label]) => [status, { description: label }]),
  ) as Record<ApplicationStatus, { description: string }>,
});

registerEnumType(ApplicationActor, {
  name: 'ApplicationActor',
  description: 'Who wrote an entry of an application: staff, or the applicant with the access token.',
  valuesConfig: {
    STAFF: { description: 'A staff member.' },
    APPLICANT: { description: 'The applicant, using the reference and access token.' },
  },
});

export const ApplicationEventKind = {
  /** The application moved from one status to another (the first entry: it was submitted). */
  STATUS_CHANGE: 'STATUS_CHANGE',
  /** A message between staff and the applicant: both see it. */
  MESSAGE: 'MESSAGE',
  /** A note among staff: the applicant never sees it. */
  NOTE: 'NOTE',
} as const;
export type ApplicationEventKind = (typeof ApplicationEventKind)[keyof typeof ApplicationEventKind];

registerEnumType(ApplicationEventKind, {
  name: 'ApplicationEventKind',
  description: 'What an entry of an application timeline is.',
  valuesConfig: {
    STATUS_CHANGE: { description: 'A change of status, with the message that went with it, if any.' },
    MESSAGE: { description: 'A message between staff and the applicant.' },
    NOTE: { description: 'An internal note: staff only.' },
  },
});
