import { randomUUID } from 'node:crypto';
import { ADMISSION_STATUS_LABELS, type AdmissionStatus } from '@certhub/domain/admission-status';
import type { ScheduledChangesChoice } from '@certhub/domain/scheduled-change';
import { type DataSource, type EntityManager, In, MoreThan } from 'typeorm';
import { badUserInput, conflict, notFound } from '../../shared/errors.js';
import { toGlobalId } from '../../shared/global-id.js';
import type { AuditActor } from '../../shared/request-context.js';
import { AuditEventEntity } from '../audit/audit-event.entity.js';
import { CategoryEntity } from '../category/category.entity.js';
import { inCatalogTransaction } from '../change/record-change.js';
import { settlePendingScheduledChanges } from '../scheduled-change/pending-scheduled-changes.js';
import { ProgramEntity } from './program.entity.js';
import { normalizeReason, ProgramEditService, programState } from './program-edit.service.js';

/** The most programs one change of status may name: every program of a large catalogue. */
export const MAX_BATCH_PROGRAMS = 500;

/** The audit actions of a program's change of status, whoever made it. */
const STATUS_ACTIONS = new Set(['admission-status-changed', 'program-closed', 'program-reopened']);

export interface StatusChange {
  program: ProgramEntity;
  from: AdmissionStatus;
  to: AdmissionStatus;
}

export interface StatusBatch {
  batchId: string | null;
  changes: StatusChange[];
}

/**
 * Changes of status of several programs at once: previewed, applied in one transaction as one
 * audit batch, and undone as a whole while none of its programs has changed since.
 */
export class ProgramStatusBatchService {
  private readonly edits: ProgramEditService;

  constructor(private readonly dataSource: DataSource) {
    this.edits = new ProgramEditService(dataSource);
  }

  /** What `setMany` would do now; writes nothing. */
  async preview(input: { programIds: number[]; status: AdmissionStatus; reason?: string | null }): Promise<{
    changes: StatusChange[];
    unchanged: ProgramEntity[];
  }> {
    normalizeReason(input.reason);
    const programs = await programsInPageOrder(this.dataSource.manager, checkedIds(input.programIds));
    return {
      changes: programs
        .filter((program) => program.admissionStatus !== input.status)
        .map((program) => ({ program, from: program.admissionStatus, to: input.status })),
      unchanged: programs.filter((program) => program.admissionStatus === input.status),
    };
  }

  /**
   * Moves every program to `status`, all or nothing: a program changed since the preview (its
   * version is not the one given) refuses the whole batch with CONFLICT naming every such program;
   * so does, without `scheduledChanges`, a scheduled change of the status pending on any program
   * that moves (reason SCHEDULED_CHANGE_PENDING, every such change listed), as for one program.
   */
  async setMany(
    input: {
      programIds: number[];
      status: AdmissionStatus;
      reason?: string | null;
      expectedVersions: number[];
      scheduledChanges?: ScheduledChangesChoice | null;
    },
    by: AuditActor,
  ): Promise<StatusBatch> {
    const ids = checkedIds(input.programIds);
    if (input.expectedVersions.length !== ids.length) {
      throw badUserInput('Give one expected version per program, in the order of programIds.', 'input.expectedVersions');
    }
    const expected = new Map(ids.map((id, index) => [id, input.expectedVersions[index] as number]));
    const reason = normalizeReason(input.reason);
    return inCatalogTransaction(this.dataSource, async (manager) => {
      const programs = await programsInPageOrder(manager, ids);
      const stale = programs.filter((program) => program.version !== expected.get(program.id));
      if (stale.length) {
        throw conflict(
          `Changed by someone else since you looked: ${stale.map((program) => program.name).join(', ')}. Preview the change again, then apply it.`,
          {
            field: 'input.expectedVersions',
            programs: stale.map((program) => ({
              id: toGlobalId('Program', program.id),
              name: program.name,
              currentVersion: program.version,
              current: programState(program),
            })),
          },
        );
      }
      const moving = programs.filter((program) => program.admissionStatus !== input.status);
      if (!moving.length) return { batchId: null, changes: [] };
      await settlePendingScheduledChanges(manager, moving, ['admissionStatus'], input.scheduledChanges, by);
      const batchId = randomUUID();
      const changes: StatusChange[] = [];
      for (const program of moving) {
        const after = await this.edits.changeStatus(manager, program, input.status, program.version, reason, by, batchId);
        changes.push({ program: after, from: program.admissionStatus, to: input.status });
      }
      return { batchId, changes };
    });
  }

  /**
   * Puts every program of a batch of status changes back to the status it had before, as a new
   * batch. Refused with CONFLICT, naming them, when any of its programs has changed since; and,
   * without `scheduledChanges`, when a status change is scheduled on any of them, as `setMany`.
   */
  async undo(
    input: { batchId: string; reason?: string | null; scheduledChanges?: ScheduledChangesChoice | null },
    by: AuditActor,
  ): Promise<StatusBatch> {
    const given = normalizeReason(input.reason);
    const reason = given ? `${given} (undoes batch ${input.batchId})` : `Undoes batch ${input.batchId}`;
    return inCatalogTransaction(this.dataSource, async (manager) => {
      const events = await manager.find(AuditEventEntity, { where: { batchId: input.batchId }, order: { id: 'ASC' } });
      if (!events.length) throw notFound('No change was recorded with this batch id.', 'input.batchId');
      const other = events.find((event) => event.entityType !== 'Program' || !STATUS_ACTIONS.has(event.action));
      if (other) {
        throw badUserInput(
          `Only a batch of status changes can be undone here; this one also has "${other.summary}".`,
          'input.batchId',
        );
      }
      const steps: Array<{ program: ProgramEntity; back: AdmissionStatus; event: AuditEventEntity }> = [];
      const changedSince: ProgramEntity[] = [];
      for (const event of events) {
        const program = await this.edits.get(manager, Number(event.entityId));
        const { from, to } = (event.changes?.admissionStatus ?? {}) as { from?: AdmissionStatus; to?: AdmissionStatus };
        const laterChanges = await manager.count(AuditEventEntity, {
          where: { entityType: 'Program', entityId: event.entityId, id: MoreThan(event.id) },
        });
        if (!from || !to) throw badUserInput('This batch has no status to go back to.', 'input.batchId');
        if (laterChanges > 0 || program.admissionStatus !== to) changedSince.push(program);
        else steps.push({ program, back: from, event });
      }
      if (changedSince.length) {
        throw conflict(
          `Changed since that batch, so it cannot be undone as a whole: ${changedSince
            .map((program) => `${program.name} (now ${ADMISSION_STATUS_LABELS[program.admissionStatus]})`)
            .join(', ')}.`,
          {
            field: 'input.batchId',
            programs: changedSince.map((program) => ({
              id: toGlobalId('Program', program.id),
              name: program.name,
              currentVersion: program.version,
              current: programState(program),
            })),
          },
        );
      }
      // Going back is a manual status change like any other: the editor says what becomes of the scheduled ones.
      const moving = steps.map((step) => step.program);
      await settlePendingScheduledChanges(manager, moving, ['admissionStatus'], input.scheduledChanges, by);
      const batchId = randomUUID();
      const changes: StatusChange[] = [];
      for (const { program, back } of steps) {
        const after = await this.edits.changeStatus(manager, program, back, program.version, reason, by, batchId);
        changes.push({ program: after, from: program.admissionStatus, to: back });
      }
      return { batchId, changes };
    });
  }
}

function checkedIds(ids: readonly number[]): number[] {
  if (!ids.length) throw badUserInput('Choose at least one program.', 'input.programIds');
  if (ids.length > MAX_BATCH_PROGRAMS) {
    throw badUserInput(`Change at most ${MAX_BATCH_PROGRAMS} programs at once.`, 'input.programIds');
  }
  if (new Set(ids).size !== ids.length) throw badUserInput('Name each program once.', 'input.programIds');
  return [...ids];
}

/** The programs, in the catalogue's page order; NOT_FOUND when one of them does not exist. */
async function programsInPageOrder(manager: EntityManager, ids: number[]): Promise<ProgramEntity[]> {
  const programs = await manager
    .createQueryBuilder(ProgramEntity, 'program')
    .innerJoin(CategoryEntity, 'category', 'category.id = program.categoryId')
    .where({ id: In(ids) })
    .orderBy('category.position', 'ASC')
    .addOrderBy('program.position', 'ASC')
    .addOrderBy('program.id', 'ASC')
    .getMany();
  if (programs.length !== ids.length) throw notFound('One of these programs does not exist.', 'input.programIds');
  return programs;
}
