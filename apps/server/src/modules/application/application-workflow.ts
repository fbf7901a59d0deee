import { randomUUID } from 'node:crypto';
import {
  ApplicationActor,
  ApplicationStatus,
  allowedTransitions,
  checkApplicationText,
  DECISION_STATUSES,
  PARTNER_PLACE_STATUSES,
  transitionProblem,
} from '@certhub/domain/application';
import { ErrorReason } from '@certhub/domain/error-codes';
import { type EntityManager, In } from 'typeorm';
import { lockKeys } from '../../db/transaction.js';
import { type NewNotification } from '../../platform/notification/outbox.js';
import { badUserInput, conflict, notFound } from '../../shared/errors.js';
import { staleVersion, updateAtVersion } from '../../shared/optimistic-update.js';
import type { AuditActor } from '../../shared/request-context.js';
import { recordChange } from '../change/record-change.js';
import { ProgramEntity } from '../program/program.entity.js';
import { ApplicationEntity } from './application.entity.js';
import { ApplicationEventKind } from './application.enums.js';
import { ApplicationEventEntity } from './application-event.entity.js';
import { applicantNotification, type NotifiedApplication, staffNotification } from './application-notifications.js';

/** An application as a CONFLICT shows it: where it is now, nothing personal. */
export const APPLICATION_VERSIONING = {
  typeName: 'application',
  toPublic: (application: ApplicationEntity) => ({
    reference: application.reference,
    status: application.status,
    statusChangedAt: application.statusChangedAt.toISOString(),
    version: application.version,
  }),
};

/** The audit trail's name for what an applicant does with their access token. */
export const APPLICANT = 'applicant';

/** The lock key of a program's partner places: acceptances of one program take turns. */
const partnerPlacesKey = (programId: number) => `program-partner-places:${programId}`;

export interface Move {
  to: ApplicationStatus;
  expectedVersion: number;
  by: ApplicationActor;
  actor: AuditActor;
  /** For the applicant (from staff) or for the program (from the applicant): shown on the timeline to both. */
  message: string | null;
  /** Staff only: an internal note, also the audit event's reason. */
  note: string | null;
  /** Where staff notifications go; null when not configured. */
  staffEmail: string | null;
}

export async function getApplication(
  manager: EntityManager,
  id: number,
  field = 'input.applicationId',
): Promise<ApplicationEntity> {
  const application = await manager.findOneBy(ApplicationEntity, { id });
  if (!application) throw notFound('No application has this id.', field);
  return application;
}

export async function notifiedApplication(manager: EntityManager, application: ApplicationEntity): Promise<NotifiedApplication> {
  const program = await manager.findOneByOrFail(ProgramEntity, { id: application.programId });
  return { ...application, programName: program.name };
}

/**
 * Moves an application along the domain's state machine, in the caller's transaction: refuses a
 * stale version, a move the actor may not make (naming the allowed ones), and an acceptance past
 * the program's partner capacity; then writes the change, its timeline entries, its audit event
 * and the notifications it causes.
 */
export async function moveApplication(manager: EntityManager, before: ApplicationEntity, move: Move): Promise<ApplicationEntity> {
  if (before.version !== move.expectedVersion) throw staleVersion(before, move.expectedVersion, APPLICATION_VERSIONING);
  const problem = transitionProblem(before.status, move.to, move.by);
  if (problem) {
    throw badUserInput(problem, 'input.status', {
      status: before.status,
      allowedTransitions: allowedTransitions(before.status, move.by),
    });
  }
  if (move.to === ApplicationStatus.ACCEPTED) await refuseFullProgram(manager, before.programId);

  const now = new Date();
  const after = await updateAtVersion(
    manager,
    ApplicationEntity,
    before.id,
    move.expectedVersion,
    {
      status: move.to,
      statusChangedAt: now,
      ...(DECISION_STATUSES.includes(move.to) && !before.decidedAt ? { decidedAt: now } : {}),
      ...(move.to === ApplicationStatus.ACCEPTED ? { acceptedAt: now } : {}),
      ...(move.to === ApplicationStatus.ONBOARDED ? { onboardedAt: now } : {}),
    },
    APPLICATION_VERSIONING,
  );
  await addTimelineEvents(manager, move.actor, move.by, before.id, now, [
    {
      kind: ApplicationEventKind.STATUS_CHANGE,
      fromStatus: before.status,
      toStatus: move.to,
      body: move.message,
      vendorVisible: true,
    },
    ...(move.note ? [{ kind: ApplicationEventKind.NOTE, body: move.note, vendorVisible: false }] : []),
  ]);
  const notified = await notifiedApplication(manager, after);
  await recordChange(manager, {
    audit: [
      {
        ...move.actor,
        batchId: randomUUID(),
        reason: move.note,
        entityType: 'Application',
        entityId: String(before.id),
        action: 'application-status-changed',
        summary: `${after.reference} (${after.companyName}, ${notified.programName}): ${before.status} → ${move.to}`,
        changes: { status: { from: before.status, to: move.to } },
      },
    ],
    emails: notificationsOfMove(notified, move),
  });
  return after;
}

function notificationsOfMove(application: NotifiedApplication, move: Move): NewNotification[] {
  if (move.by === ApplicationActor.STAFF) {
    const notification = applicantNotification(application, move.to, move.message);
    return notification ? [notification] : [];
  }
  return [staffNotification(application, move.to === ApplicationStatus.WITHDRAWN ? 'withdrawn' : 'replied', move.staffEmail)];
}

/** Accepting takes a partner place: refused when the program's capacity is reached (CONFLICT, CAPACITY_REACHED). */
async function refuseFullProgram(manager: EntityManager, programId: number): Promise<void> {
  await lockKeys(manager, [partnerPlacesKey(programId)]);
  const program = await manager.findOneByOrFail(ProgramEntity, { id: programId });
  if (program.partnerCapacity === null) return;
  const taken = await manager.countBy(ApplicationEntity, { programId, status: In([...PARTNER_PLACE_STATUSES]) });
  if (taken < program.partnerCapacity) return;
  throw conflict(
    `The ${program.name} program has no partner place left: its capacity is ${program.partnerCapacity} and ${taken} ${taken === 1 ? 'application is' : 'applications are'} accepted or onboarded. Raise its partner capacity, or decline this application.`,
    {
      field: 'input.status',
      reason: ErrorReason.CAPACITY_REACHED,
      partnerCapacity: program.partnerCapacity,
      partnerPlacesTaken: taken,
    },
  );
}

export interface TimelineEntry {
  kind: ApplicationEventKind;
  fromStatus?: ApplicationStatus | null;
  toStatus?: ApplicationStatus | null;
  body: string | null;
  vendorVisible: boolean;
}

export async function addTimelineEvents(
  manager: EntityManager,
  actor: AuditActor,
  by: ApplicationActor,
  applicationId: number,
  occurredAt: Date,
  entries: readonly TimelineEntry[],
): Promise<void> {
  await manager.insert(
    ApplicationEventEntity,
    entries.map((entry) => ({
      applicationId,
      kind: entry.kind,
      author: by,
      authorUserId: by === ApplicationActor.STAFF ? actor.actorId : null,
      authorName: by === ApplicationActor.STAFF ? actor.actor : null,
      fromStatus: entry.fromStatus ?? null,
      toStatus: entry.toStatus ?? null,
      body: entry.body,
      vendorVisible: entry.vendorVisible,
      occurredAt,
    })),
  );
}

/** Trims a message, note or reason and checks its length: BAD_USER_INPUT on `field` when too long, or when required and blank. */
export function textInput(
  text: string | null | undefined,
  { max, field, requiredMessage }: { max: number; field: string; requiredMessage?: string },
): string | null {
  const checked = checkApplicationText(text, max);
  if (!checked.ok) throw badUserInput(checked.message, field, { maxLength: max });
  if (!checked.value && requiredMessage) throw badUserInput(requiredMessage, field);
  return checked.value;
}
