import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { timestampColumn } from '../../db/column-types.js';

export const NotificationStatus = {
  /** Waiting for its first or next attempt at `nextAttemptAt`. */
  PENDING: 'PENDING',
  SENT: 'SENT',
  /** Given up after the last attempt; `lastError` says why. */
  FAILED: 'FAILED',
} as const;
export type NotificationStatus = (typeof NotificationStatus)[keyof typeof NotificationStatus];

/** Who a notification is for: the applicant (at their contact address), the staff's shared address, or someone watching a program. */
export type NotificationAudience = 'APPLICANT' | 'STAFF' | 'WATCHER';

/**
 * The notification outbox: one message to send, written in the transaction of the event that
 * causes it, and sent afterwards by the notification worker, with retries. Not in the GraphQL schema.
 */
@Entity('notification')
// No index covers attempts or leased_until, so that a claim or a lease renewal changes no indexed
// column (migration 1767400000000-outbox-leases.ts says why it matters); the failed index is the metrics'.
@Index('IDX_notification_due', ['nextAttemptAt', 'id'], { where: "status = 'PENDING'" })
@Index('IDX_notification_failed', ['id'], { where: "status = 'FAILED'" })
export class NotificationEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  /** What happened, such as application-received or application-submitted-staff. */
  @Column({ type: 'varchar', length: 50 })
  kind!: string;

  @Column({ type: 'varchar', length: 16 })
  audience!: NotificationAudience;

  /** The address; null for staff when STAFF_NOTIFICATION_EMAIL is not set (the message goes to the log). */
  @Column({ type: 'varchar', length: 320, nullable: true })
  recipient!: string | null;

  @Column({ type: 'varchar', length: 300 })
  subject!: string;

  @Column({ type: 'text' })
  body!: string;

  /** The application it is about, to find its messages. */
  @Index('IDX_notification_application')
  @Column({ name: 'application_id', type: 'integer', nullable: true })
  applicationId!: number | null;

  @Column({ type: 'varchar', length: 16 })
  status!: NotificationStatus;

  /** Attempts started so far. */
  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column(timestampColumn({ name: 'next_attempt_at' }))
  nextAttemptAt!: Date;

  /** While an attempt is under way: until when its worker holds it (outbox-worker.ts). */
  @Column(timestampColumn({ name: 'leased_until', nullable: true }))
  leasedUntil!: Date | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column(timestampColumn({ name: 'sent_at', nullable: true }))
  sentAt!: Date | null;

  @CreateDateColumn(timestampColumn({ name: 'created_at' }))
  createdAt!: Date;
}
