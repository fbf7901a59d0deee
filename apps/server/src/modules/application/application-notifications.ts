import type { ApplicationStatus } from '@certhub/domain/application';
import type { NewNotification } from '../../platform/notification/outbox.js';
import type { ApplicationEntity } from './application.entity.js';

/** What the notifications of an application need to know about it. */
export interface NotifiedApplication
  extends Pick<ApplicationEntity, 'id' | 'reference' | 'companyName' | 'contactName' | 'contactEmail'> {
  programName: string;
}

const SIGNATURE = '\n\n-- \nCertHub, on behalf of the program. Quote your reference in any correspondence.';

const FOLLOW =
  'Follow your application, answer questions or withdraw it with your reference and the access token you were shown when you applied. ' +
  'The token is never sent by email and cannot be shown again.';

/** The applicant's email about their application, for the events they are told about; null for the others. */
export function applicantNotification(
  application: NotifiedApplication,
  event: 'received' | 'message' | ApplicationStatus,
  message: string | null,
): NewNotification | null {
  const { reference, programName } = application;
  const said = message ? `\n\nThe program's message:\n\n${message}` : '';
  const content: Partial<Record<typeof event, { subject: string; text: string }>> = {
    received: {
      subject: `We received your application to ${programName} (${reference})`,
      text: `Thank you for applying to the ${programName} program. Your reference is ${reference}; the program will review your application and tell you what it decides.\n\n${FOLLOW}`,
    },
    INFO_REQUESTED: {
      subject: `${reference}: the ${programName} program needs more information`,
      text: `To go on with your application to the ${programName} program, the program needs more information.${said}\n\nAnswer it where you follow your application. ${FOLLOW}`,
    },
    ACCEPTED: {
      subject: `${reference}: your application to ${programName} is accepted`,
      text: `Your application to the ${programName} program is accepted. The program shares its detailed specifications and policies with you and offers its terms; signing them completes your onboarding.${said}`,
    },
    ONBOARDED: {
      subject: `${reference}: welcome to the ${programName} program`,
      text: `The terms are signed: your company is now a partner of the ${programName} program.${said}`,
    },
    DECLINED: {
      subject: `${reference}: your application to ${programName}`,
      text: `The ${programName} program has decided not to admit your company at this time.${said}`,
    },
    message: {
      subject: `${reference}: a message from the ${programName} program`,
      text: `The ${programName} program sent you a message about your application.${said}\n\n${FOLLOW}`,
    },
  };
  const chosen = content[event];
  if (!chosen) return null;
  return {
    kind: `application-${event === 'received' || event === 'message' ? event : event.toLowerCase().replace('_', '-')}`,
    audience: 'APPLICANT',
    recipient: application.contactEmail,
    subject: chosen.subject,
    body: `Hello ${application.contactName},\n\n${chosen.text}${SIGNATURE}`,
    applicationId: application.id,
  };
}

/**
 * To the contact address of a submission refused as a duplicate: the caller was answered as if it
 * were new (so the form tells nobody which companies have applied), and learns the truth here.
 */
export function duplicateNotification(submission: {
  companyName: string;
  contactName: string;
  contactEmail: string;
  programName: string;
}): NewNotification {
  const { companyName, programName } = submission;
  return {
    kind: 'application-duplicate',
    audience: 'APPLICANT',
    recipient: submission.contactEmail,
    subject: `Your application to ${programName}: you already have an open application`,
    body: `Hello ${submission.contactName},

We received an application from ${companyName} to the ${programName} program, but ${companyName} already has an open application to it, so this one was not recorded and the reference shown after sending it opens nothing. Follow the open application with its own reference and access token; if they are lost, write to the program.

If you did not send this application, you can ignore this message.${SIGNATURE}`,
    applicationId: null,
  };
}

/** The staff's email about an application: a new one, an answer, a withdrawal. */
export function staffNotification(
  application: NotifiedApplication,
  event: 'submitted' | 'replied' | 'withdrawn',
  staffEmail: string | null,
): NewNotification {
  const { reference, programName, companyName } = application;
  const content = {
    submitted: {
      subject: `New application ${reference}: ${companyName} for ${programName}`,
      text: `${companyName} applied to the ${programName} program. Review it in CertHub under ${reference}.`,
    },
    replied: {
      subject: `${reference}: ${companyName} answered`,
      text: `${companyName} answered the question about its application to the ${programName} program; it is back in review.`,
    },
    withdrawn: {
      subject: `${reference}: ${companyName} withdrew`,
      text: `${companyName} withdrew its application to the ${programName} program.`,
    },
  }[event];
  return {
    kind: `staff-application-${event}`,
    audience: 'STAFF',
    recipient: staffEmail,
    subject: content.subject,
    body: content.text,
    applicationId: application.id,
  };
}
