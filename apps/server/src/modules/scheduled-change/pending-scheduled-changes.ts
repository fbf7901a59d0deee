import { ErrorReason } from '@certhub/domain/error-codes';
import { ScheduledChangeState, ScheduledChangesChoice, scheduledFields } from '@certhub/domain/scheduled-change';
import { type EntityManager, In } from 'typeorm';
import { auditEvent } from '../../shared/entity-edits.js';
import { conflict } from '../../shared/errors.js';
import { toGlobalId } from '../../shared/global-id.js';
import type { AuditActor } from '../../shared/request-context.js';
import { recordChange } from '../change/record-change.js';
import { ScheduledChangeEntity } from './scheduled-change.entity.js';

/**
 * What a manual edit of programs does to the scheduled changes pending on the fields it changes
 * (issue 18, item 3). Without a choice it is refused: CONFLICT, reason SCHEDULED_CHANGE_PENDING,
 * with every such change of every program in `extensions.scheduledChanges`, so the editor is
 * asked. KEEP leaves them to take effect at their moment; CANCEL cancels them in the edit's
 * transaction, audited. Called by ProgramEditService (one program) and ProgramStatusBatchService
 * (a batch: one statement for all its programs) in the edit's transaction, before it writes.
 */
export async function settlePendingScheduledChanges(
  manager: EntityManager,
  programs: ReadonlyArray<{ id: number; name: string }>,
  changedFields: readonly string[],
  choice: ScheduledChangesChoice | null | undefined,
  by: AuditActor,
): Promise<void> {
  if (!programs.length || !changedFields.length || choice === ScheduledChangesChoice.KEEP) return;
  const pending = await manager.find(ScheduledChangeEntity, {
    where: { programId: In(programs.map((program) => program.id)), state: ScheduledChangeState.PENDING },
    order: { effectiveAt: 'ASC', id: 'ASC' },
  });
  const touching = pending.filter((change) => scheduledFields(change).some((field) => changedFields.includes(field)));
  if (!touching.length) return;
  if (choice !== ScheduledChangesChoice.CANCEL) {
    const names = new Map(programs.map((program) => [program.id, program.name]));
    const one = touching.length === 1;
    const named = [...new Set(touching.map((change) => names.get(change.programId)))];
    const whose = programs.length === 1 ? 'This program has' : `${named.join(', ')} ${named.length === 1 ? 'has' : 'have'}`;
    throw conflict(
      `${whose} ${one ? 'a change' : 'changes'} of the same field scheduled: send the edit again saying whether to keep (scheduledChanges: KEEP) or cancel (CANCEL) ${one ? 'it' : 'them'}.`,
      {
        reason: ErrorReason.SCHEDULED_CHANGE_PENDING,
        field: 'input.scheduledChanges',
        scheduledChanges: touching.map((change) => ({
          id: change.globalId,
          programId: toGlobalId('Program', change.programId),
          programName: names.get(change.programId) ?? null,
          effectiveAt: change.effectiveAt.toISOString(),
          admissionStatus: change.admissionStatus,
          fields: scheduledFields(change),
          reason: change.reason,
        })),
      },
    );
  }
  await cancelScheduledChanges(manager, touching, 'Cancelled by a manual edit of the same field.', by);
}

/** Cancels pending scheduled changes in `manager`'s transaction, each with its audit event. */
export async function cancelScheduledChanges(
  manager: EntityManager,
  changes: readonly ScheduledChangeEntity[],
  outcome: string,
  by: AuditActor,
): Promise<void> {
  if (!changes.length) return;
  await manager.update(
    ScheduledChangeEntity,
    { id: In(changes.map((change) => change.id)), state: ScheduledChangeState.PENDING },
    { state: ScheduledChangeState.CANCELLED, outcome, settledAt: new Date(), version: () => 'version + 1' },
  );
  await recordChange(manager, {
    audit: changes.map((change) =>
      auditEvent(
        by,
        { typeName: 'ScheduledChange', id: change.id },
        {
          action: 'scheduled-change-cancelled',
          summary: `Cancelled the change of ${scheduledFields(change).join(', ')} scheduled for ${change.effectiveAt.toISOString()}: ${outcome}`,
          changes: { state: { from: ScheduledChangeState.PENDING, to: ScheduledChangeState.CANCELLED } },
        },
      ),
    ),
  });
}
