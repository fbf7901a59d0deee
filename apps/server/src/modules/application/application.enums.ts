import { APPLICATION_STATUS_LABELS, ApplicationActor, ApplicationStatus } from '@certhub/domain/application';
import { registerEnumType } from 'type-graphql';
import { graphqlEnum } from '../../shared/graphql-enum.js';

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

export const ApplicationEventKind = graphqlEnum('ApplicationEventKind', 'What an entry of an application timeline is.', {
  // The first entry of every timeline is one: the application was submitted.
  STATUS_CHANGE: 'A change of status, with the message that went with it, if any.',
  // Both staff and the applicant see it.
  MESSAGE: 'A message between staff and the applicant.',
  NOTE: 'An internal note: staff only.',
});
export type ApplicationEventKind = (typeof ApplicationEventKind)[keyof typeof ApplicationEventKind];
