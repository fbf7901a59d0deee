import type { NotificationAudience } from './notification.entity.js';

/** An email to send; `recordChange` (modules/change/record-change.ts) writes it to the outbox. */
export interface NewNotification {
  kind: string;
  audience: NotificationAudience;
  recipient: string | null;
  subject: string;
  body: string;
  applicationId?: number | null;
}

export const SUBJECT_MAX_LENGTH = 300;

/**
 * Stands for the site's public address in a message body; the sender puts PUBLIC_URL in its place,
 * so the code that writes a message (an import, an edit) need not know where the site is served.
 */
export const PUBLIC_URL_PLACEHOLDER = '{{PUBLIC_URL}}';
