import type { AdmissionStatus } from '@certhub/domain/admission-status';
import type { DataSource, EntityManager } from 'typeorm';
import { beforeAcknowledging, inTransaction } from '../../db/transaction.js';
import { CatalogRevisionEntity } from '../../platform/catalog-revision/catalog-revision.entity.js';
import {
  acknowledgeCommittedRevision,
  CATALOG_REVISION_ROW_ID,
  LOCK_CATALOG_REVISION,
} from '../../platform/catalog-revision/catalog-revision.js';
import { changeTopic, outboxTopic, signalAfterCommit } from '../../platform/change-signal.js';
import { NotificationEntity, NotificationStatus } from '../../platform/notification/notification.entity.js';
import { type NewNotification, SUBJECT_MAX_LENGTH } from '../../platform/notification/outbox.js';
import { chunks, ROWS_PER_STATEMENT } from '../../shared/chunks.js';
import { logger } from '../../shared/logger.js';
import { type AuditEventInput, PUBLIC_ENTITY_TYPES } from '../audit/audit.service.js';
import { AuditEventEntity } from '../audit/audit-event.entity.js';
import { ListingStatusChangeEntity } from '../directory/listing-status-change.entity.js';
import { ProgramStatusChangeEntity } from '../program/program-status-change.entity.js';
import { watcherMessages } from '../watch/watcher-messages.js';
import { WebhookDeliveryEntity } from '../webhook/webhook.entities.js';
import {
  type ListingEvent,
  listingEventDeliveries,
  type NewWebhookDelivery,
  programEventDeliveries,
} from '../webhook/webhook-deliveries.js';

/**
 * The one path of every write. A service opens its transaction (`inCatalogTransaction` when it
 * changes what the public reads, else `inTransaction`), makes its own change, then calls
 * `recordChange` once with what changed. Everything a change causes happens here, in this order:
 *
 *   in the writing transaction, all or nothing with the change itself
 *   1. the catalogue revision goes up, when public data changed: every cached public answer is stale;
 *      and when an API key was created or revoked: the response cache trusts the keys it has seen
 *      only while the revision stands (platform/api/known-api-keys.ts);
 *   2. the audit trail: who did what, and the rows the `changes` feed and subscriptions read;
 *   3. the public status history of each program whose admission status moved, and of each
 *      certified product listed, withdrawn or listed again;
 *   4. the outbox: news to those watching a program that moved, one webhook delivery per endpoint
 *      that asked for the event (a program's move, a listing's), then any other email (an application's, a watch's confirmation)
 *      and webhook deliveries sent again by hand;
 *   once the transaction has committed (never if it rolls back: `afterCommit`, db/transaction.ts)
 *   5. the change signal: subscriptions' change streams and the outbox workers, on every instance,
 *      look at once instead of at their next poll (platform/change-signal.ts);
 *   6. when the revision moved, the write is answered only once every instance that trusts a pushed
 *      revision has seen it (PostgreSQL: `beforeAcknowledging`, platform/catalog-revision/).
 *
 * Nothing else bumps the revision or writes to an outbox: to learn what a write sets off, read this.
 */
export interface Change {
  /** What the audit trail records; an event about a public entity type or an API key also bumps the revision. */
  audit?: readonly AuditEventInput[];
  /** Programs whose admission status moved (from null: the program is new). */
  statusMoves?: readonly StatusMove[];
  /** Certified products listed (from null: new), withdrawn or listed again. */
  listingMoves?: readonly ListingEvent[];
  /** Emails that are not news of a status move: an application's, a watch's confirmation. */
  emails?: readonly NewNotification[];
  /** Webhook deliveries to send again, as they were. */
  webhookDeliveries?: readonly NewWebhookDelivery[];
  /** When the change counts as made, if not now: an import of a page version dated in the past. */
  effectiveAt?: Date;
}

/**
 * The entity types whose events move the catalogue revision: the public ones, API keys (see step 1),
 * and scheduled changes, whose announced ones the public program page shows (an unannounced one
 * moves it too: that costs a cache turnover and tells nothing).
 */
const REVISION_ENTITY_TYPES = new Set([...PUBLIC_ENTITY_TYPES, 'ApiKey', 'ScheduledChange']);

export interface StatusMove {
  program: { id: number; name: string; slug: string };
  from: AdmissionStatus | null;
  to: AdmissionStatus;
  changedAt: Date;
}

export interface RecordedChange {
  /** The ids of the webhook deliveries written for `webhookDeliveries`, in their order. */
  webhookDeliveryIds: number[];
}

export async function recordChange(manager: EntityManager, change: Change): Promise<RecordedChange> {
  const audit = change.audit ?? [];
  const moves = change.statusMoves ?? [];

  // 1. First: with the revision row locked (by `inCatalogTransaction`, else by this bump) until
  // commit, public changes commit in the order of their audit event ids, so a reader paging
  // `changes` by id never skips one committed late.
  if (audit.some((event) => REVISION_ENTITY_TYPES.has(event.entityType))) await bumpCatalogRevision(manager);

  // 2.
  const effectiveAt = change.effectiveAt ?? new Date();
  if (audit.length) {
    const events = audit.map((event) => ({ ...event, effectiveAt: event.effectiveAt ?? effectiveAt }));
    // Multi-row inserts: an import's thousand listings are a few statements, not a thousand.
    for (const part of chunks(events, ROWS_PER_STATEMENT)) await manager.insert(AuditEventEntity, part as never);
  }

  // 3. and the outbox rows each move causes, in the order of the moves.
  const emails: NewNotification[] = [];
  const deliveries: NewWebhookDelivery[] = [];
  for (const { program, from, to, changedAt } of moves) {
    await manager.insert(ProgramStatusChangeEntity, { programId: program.id, from, to, changedAt });
    emails.push(...(await watcherMessages(manager, program, from, to)));
    deliveries.push(...(await programEventDeliveries(manager, program, from, to, changedAt)));
  }
  const listingMoves = change.listingMoves ?? [];
  for (const part of chunks(listingMoves, ROWS_PER_STATEMENT)) {
    await manager.insert(
      ListingStatusChangeEntity,
      part.map(({ product, from, to, changedAt }) => ({ productId: product.id, from, to, changedAt })),
    );
  }
  deliveries.push(...(await listingEventDeliveries(manager, listingMoves)));

  // 4.
  emails.push(...(change.emails ?? []));
  await writeEmails(manager, emails);
  for (const part of chunks(deliveries, ROWS_PER_STATEMENT)) await manager.insert(WebhookDeliveryEntity, part);
  const webhookDeliveryIds: number[] = [];
  for (const delivery of change.webhookDeliveries ?? []) {
    const { identifiers } = await manager.insert(WebhookDeliveryEntity, delivery);
    webhookDeliveryIds.push(Number(identifiers[0]?.id));
  }

  // 5. Topics only; whoever wakes reads the committed rows.
  for (const entityType of new Set(audit.map((event) => event.entityType))) signalAfterCommit(manager, changeTopic(entityType));
  if (emails.length) signalAfterCommit(manager, outboxTopic(manager.dataSource, NotificationEntity));
  if (deliveries.length || webhookDeliveryIds.length)
    signalAfterCommit(manager, outboxTopic(manager.dataSource, WebhookDeliveryEntity));

  return { webhookDeliveryIds };
}

/**
 * Emails exist exactly when the change that causes them is committed; sending is the notification
 * worker's job, so a mail server that is down or slow never holds up or fails the change.
 */
async function writeEmails(manager: EntityManager, emails: readonly NewNotification[]): Promise<void> {
  if (!emails.length) return;
  const now = new Date();
  await manager.insert(
    NotificationEntity,
    emails.map((email) => ({
      ...email,
      subject: truncate(email.subject, SUBJECT_MAX_LENGTH),
      applicationId: email.applicationId ?? null,
      status: NotificationStatus.PENDING,
      attempts: 0,
      nextAttemptAt: now,
    })),
  );
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

const lockedFirst = new WeakSet<EntityManager>();

/**
 * The transaction of every change to public data (programs, categories, labs, specs, an import)
 * starts here: it locks the revision row, which `recordChange` bumps later, before anything else.
 * On PostgreSQL such changes then run one after the other and cannot deadlock: before, the row
 * was locked by the bump, half-way, so a batch of status changes holding it waited for a program
 * that a single edit held while waiting for the row. It also means an import reads the catalogue
 * as it is when it writes. SQLite: transactions take turns already; nothing to lock.
 */
export function inCatalogTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  return inTransaction(dataSource, async (manager) => {
    if (manager.connection.options.type === 'postgres') await manager.query(LOCK_CATALOG_REVISION);
    lockedFirst.add(manager);
    return work(manager);
  });
}

let warnedLateLock = false;

/** Makes every cached public response stale, once the transaction commits. */
async function bumpCatalogRevision(manager: EntityManager): Promise<void> {
  if (!warnedLateLock && manager.queryRunner?.isTransactionActive && !lockedFirst.has(manager)) {
    warnedLateLock = true;
    logger.warn('A change to public data did not start with inCatalogTransaction: it can deadlock with others.');
  }
  if (manager.connection.options.type !== 'postgres') {
    await manager.increment(CatalogRevisionEntity, { id: CATALOG_REVISION_ROW_ID }, 'revision', 1);
    return;
  }
  // The trigger notifies every instance at commit; this one learns the number too, so that its own
  // next read never takes an older revision pushed before, and answers once every instance that
  // trusts a pushed revision has seen this one (catalog-revision.ts, revision-listener.ts).
  const rows: Array<{ revision: number | string }> = await manager.query(BUMP_REVISION_RETURNING);
  const revision = Number(rows[0]?.revision);
  beforeAcknowledging(manager, () => acknowledgeCommittedRevision(manager.connection, revision));
}

const BUMP_REVISION_RETURNING = `WITH bumped AS (
  UPDATE catalog_revision SET revision = revision + 1 WHERE id = ${CATALOG_REVISION_ROW_ID} RETURNING revision
) SELECT revision FROM bumped`;
