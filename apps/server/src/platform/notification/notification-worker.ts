import type { DataSource } from 'typeorm';
import { DEFAULT_OUTBOX_WORKER_POLICY, OutboxWorker, type OutboxWorkerPolicy, type WorkerRun } from '../outbox-worker.js';
import { NotificationEntity } from './notification.entity.js';
import type { NotificationSender } from './notification-sender.js';

export type NotificationWorkerPolicy = OutboxWorkerPolicy;
export const DEFAULT_NOTIFICATION_WORKER_POLICY = DEFAULT_OUTBOX_WORKER_POLICY;
export type { WorkerRun };

/** Sends the notification outbox through `sender`, with the outbox worker's claims and retries. */
export class NotificationWorker extends OutboxWorker<NotificationEntity> {
  constructor(
    dataSource: DataSource,
    sender: NotificationSender,
    policy: NotificationWorkerPolicy = DEFAULT_NOTIFICATION_WORKER_POLICY,
    log: Pick<Console, 'error' | 'warn'> = console,
  ) {
    super(
      dataSource,
      {
        entity: NotificationEntity,
        deliver: (notification) =>
          sender.send({ to: notification.recipient, subject: notification.subject, text: notification.body }),
        describe: (notification) => `Notification ${notification.id} (${notification.kind})`,
      },
      policy,
      log,
    );
  }
}
