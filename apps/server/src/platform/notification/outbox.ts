import type { EntityManager } from 'typeorm';
import { outboxTopic, signalAfterCommit } from '../change-signal.js';
import { type NotificationAudience, NotificationEntity, NotificationStatus } from './notification.entity.js';

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

/**
 * Writes notifications to the outbox inside the caller's transaction: they exist exactly when the
 * change that causes them is committed. Sending is the worker's job, so a mail server that is
 * down or slow never holds up or fails the change.
 */
export async function enqueueNotifications(manager: EntityManager, notifications: readonly NewNotification[]): Promise<void> {
  if (!notifications.length) return;
  const now = new Date();
  await manager.insert(
    NotificationEntity,
    notifications.map((notification) => ({
      ...notification,
      subject: truncate(notification.subject, SUBJECT_MAX_LENGTH),
      applicationId: notification.applicationId ?? null,
      status: NotificationStatus.PENDING,
      attempts: 0,
      nextAttemptAt: now,
    })),
  );
  signalAfterCommit(manager, outboxTopic(manager.dataSource, NotificationEntity));
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
