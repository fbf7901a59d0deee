import { randomUUID } from 'node:crypto';
import { ADMISSION_STATUS_LABELS, AdmissionStatus } from '@certhub/domain/admission-status';
import { ProgramChanges } from '@certhub/domain/catalog-edit';
import { ErrorCode, ErrorReason } from '@certhub/domain/error-codes';
import {
  SCHEDULABLE_PROGRAM_FIELDS,
  ScheduledChangeState,
  ScheduledChangesChoice,
  scheduleChangeSchema,
  scheduledFields,
} from '@certhub/domain/scheduled-change';
import { GraphQLError } from 'graphql';
import { type DataSource, type EntityManager, In, LessThanOrEqual } from 'typeorm';
import type { Clock } from '../../shared/clock.js';
import { auditEvent } from '../../shared/entity-edits.js';
import { badUserInput, conflict, notFound } from '../../shared/errors.js';
import { staleVersion } from '../../shared/optimistic-update.js';
import { type Connection, type PageRequest, paginate } from '../../shared/pagination.js';
import type { AuditActor } from '../../shared/request-context.js';
import { validInput } from '../../shared/validation.js';
import { inCatalogTransaction, recordChange } from '../change/record-change.js';
import { ProgramEntity } from '../program/program.entity.js';
import type { ProgramEditService } from '../program/program-edit.service.js';
import { cancelScheduledChanges } from './pending-scheduled-changes.js';
import { ScheduledChangeEntity, type ScheduledEdits } from './scheduled-change.entity.js';

export interface ScheduleChangeInput {
  programId: number;
  effectiveAt: Date;
  admissionStatus?: AdmissionStatus | null;
  /** The other fields to set, as `updateProgram` takes them: left out, kept; null, cleared. */
  changes?: { [Field in keyof ScheduledEdits]?: ScheduledEdits[Field] | null } | null;
  reason: string;
  announce?: boolean | null;
}

/** What became of one due change. */
export type ApplyOutcome = 'applied' | 'skipped' | 'taken';

/** Due changes one pass applies at most; the next pass (at once) takes the rest. */
const PASS_LIMIT = 100;

const VERSIONING = {
  typeName: 'scheduled change',
  toPublic: (change: ScheduledChangeEntity) => ({ state: change.state, version: change.version }),
};

/** The errors a program edit refuses with that make a due change moot rather than failed: it is skipped with the message. */
const MOOT_CODES = new Set<unknown>([ErrorCode.BAD_USER_INPUT, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT]);

/**
 * Scheduled changes of programs (issue 18, item 3): staff schedule and cancel them; at its moment
 * each is claimed by exactly one instance and made through ProgramEditService, the path of a
 * manual edit, dated at the scheduled moment. `clock` is the one source of "now".
 */
export class ScheduledChangeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly programEdits: ProgramEditService,
    readonly clock: Clock,
  ) {}

  async schedule(input: ScheduleChangeInput, by: AuditActor): Promise<ScheduledChangeEntity> {
    const fields = validInput(scheduleChangeSchema(this.clock.now()), {
      effectiveAt: input.effectiveAt,
      reason: input.reason,
      announce: input.announce ?? false,
      admissionStatus: input.admissionStatus,
    });
    const edits = schedulableEdits(input.changes as Record<string, unknown> | null | undefined);
    if (!fields.admissionStatus && !Object.keys(edits).length)
      throw badUserInput('Choose the status the program gets, or a field to change.', 'input.admissionStatus');
    return inCatalogTransaction(this.dataSource, async (manager) => {
      const program = await manager.findOneBy(ProgramEntity, { id: input.programId });
      if (!program) throw notFound('No program has this id.', 'input.programId');
      if (program.admissionStatus === AdmissionStatus.CLOSED)
        throw badUserInput('This program is closed: reopen it before scheduling changes.', 'input.programId');
      if (fields.admissionStatus === program.admissionStatus)
        throw badUserInput(
          `The program is ${ADMISSION_STATUS_LABELS[program.admissionStatus]} already: choose another status.`,
          'input.admissionStatus',
        );
      for (const [field, value] of Object.entries(edits)) {
        if (program[field as keyof ProgramEntity] === value)
          throw badUserInput('The program has this value already: leave the field out.', `input.changes.${field}`);
      }
      const change = await manager.save(
        manager.create(ScheduledChangeEntity, {
          programId: program.id,
          effectiveAt: fields.effectiveAt,
          admissionStatus: fields.admissionStatus ?? null,
          edits: Object.keys(edits).length ? edits : null,
          reason: fields.reason,
          announce: fields.announce,
          state: ScheduledChangeState.PENDING,
          outcome: null,
          settledAt: null,
          createdBy: by.actor,
          version: 1,
        }),
      );
      await recordChange(manager, {
        audit: [
          auditEvent(
            by,
            { typeName: 'ScheduledChange', id: change.id },
            {
              action: 'scheduled-change-created',
              summary: `Scheduled for ${change.effectiveAt.toISOString()}: ${summaryOf(change, program)}${change.announce ? ' (announced)' : ''}`,
              reason: change.reason,
              changes: {
                program: { from: null, to: program.slug },
                effectiveAt: { from: null, to: change.effectiveAt.toISOString() },
                ...(change.admissionStatus
                  ? { admissionStatus: { from: program.admissionStatus, to: change.admissionStatus } }
                  : {}),
                ...Object.fromEntries(
                  Object.entries(edits).map(([field, to]) => [field, { from: program[field as keyof ProgramEntity], to }]),
                ),
                announce: { from: null, to: change.announce },
              },
            },
          ),
        ],
      });
      return change;
    });
  }

  /** Cancels a pending change at the version the editor saw; applied, skipped or cancelled already: CONFLICT. */
  cancel(id: number, expectedVersion: number, by: AuditActor): Promise<ScheduledChangeEntity> {
    return inCatalogTransaction(this.dataSource, async (manager) => {
      const change = await this.get(manager, id);
      if (change.state !== ScheduledChangeState.PENDING)
        throw conflict(`This scheduled change is ${change.state.toLowerCase()} already.`, {
          reason: ErrorReason.SCHEDULED_CHANGE_SETTLED,
          field: 'input.scheduledChangeId',
          state: change.state,
        });
      if (change.version !== expectedVersion) throw staleVersion(change, expectedVersion, VERSIONING);
      await cancelScheduledChanges(manager, [change], 'Cancelled by staff.', by);
      return this.get(manager, id);
    });
  }

  /** The earliest moment a pending change is due; null when none is pending. */
  async nextDueAt(): Promise<Date | null> {
    const next = await this.dataSource.getRepository(ScheduledChangeEntity).findOne({
      select: { id: true, effectiveAt: true },
      where: { state: ScheduledChangeState.PENDING },
      order: { effectiveAt: 'ASC', id: 'ASC' },
    });
    return next?.effectiveAt ?? null;
  }

  /**
   * Applies every pending change whose moment has come, oldest first: at the timer, and on start
   * for those a stopped server missed (each still recorded with its own moment).
   */
  async applyDue(): Promise<Record<ApplyOutcome, number>> {
    const counts: Record<ApplyOutcome, number> = { applied: 0, skipped: 0, taken: 0 };
    for (;;) {
      const due = await this.dataSource.getRepository(ScheduledChangeEntity).find({
        select: { id: true },
        where: { state: ScheduledChangeState.PENDING, effectiveAt: LessThanOrEqual(this.clock.now()) },
        order: { effectiveAt: 'ASC', id: 'ASC' },
        take: PASS_LIMIT,
      });
      for (const { id } of due) counts[await this.applyOne(id)]++;
      if (due.length < PASS_LIMIT) return counts;
    }
  }

  /**
   * Claims one due change and makes it, in one transaction: the claim is a conditional update
   * (`state = 'PENDING'`), so of two instances racing for it exactly one changes the row. On
   * PostgreSQL the second one's update waits for the first's row lock (the catalogue lock of
   * `inCatalogTransaction` already orders them) and then finds the row no longer pending; on
   * SQLite writes take turns. The loser answers 'taken'. A change the program's edits refuse
   * (moot: closed, same value, a conflict) is recorded SKIPPED with the reason instead.
   */
  async applyOne(id: number): Promise<ApplyOutcome> {
    try {
      return await inCatalogTransaction(this.dataSource, async (manager) => {
        if (!(await this.claim(manager, id))) return 'taken';
        const change = await this.get(manager, id);
        const program = await manager.findOneBy(ProgramEntity, { id: change.programId });
        if (!program) throw notFound('The program is gone.', 'programId');
        const moot = mootReason(change, program);
        if (moot) {
          await this.settle(manager, change, ScheduledChangeState.SKIPPED, moot);
          return 'skipped';
        }
        const by: AuditActor = { actor: `scheduled by ${change.createdBy}`, actorId: null, requestId: null };
        const at = change.effectiveAt;
        let current = program;
        const edits = differingEdits(change, current);
        if (Object.keys(edits).length)
          current = await this.programEdits.updateIn(
            manager,
            current.id,
            current.version,
            { ...edits, scheduledChanges: ScheduledChangesChoice.KEEP },
            by,
            { effectiveAt: at, reason: change.reason },
          );
        if (change.admissionStatus && change.admissionStatus !== current.admissionStatus)
          current = await this.programEdits.changeStatus(
            manager,
            current,
            change.admissionStatus,
            current.version,
            change.reason,
            by,
            randomUUID(),
            at,
          );
        await this.settle(manager, change, ScheduledChangeState.APPLIED, null);
        return 'applied';
      });
    } catch (error) {
      if (!(error instanceof GraphQLError) || !MOOT_CODES.has(error.extensions.code)) throw error;
      // Rolled back whole: recorded as skipped, with the refusal, in a transaction of its own.
      return inCatalogTransaction(this.dataSource, async (manager) => {
        if (!(await this.claim(manager, id))) return 'taken';
        await this.settle(manager, await this.get(manager, id), ScheduledChangeState.SKIPPED, error.message);
        return 'skipped';
      });
    }
  }

  /** Staff's list, soonest first. */
  findPage(state: ScheduledChangeState | null | undefined, page: PageRequest): Promise<Connection<ScheduledChangeEntity>> {
    return paginate(page, async ({ offset, limit }) => {
      const [rows, totalCount] = await this.dataSource.getRepository(ScheduledChangeEntity).findAndCount({
        where: state ? { state } : {},
        order: { effectiveAt: state === ScheduledChangeState.PENDING ? 'ASC' : 'DESC', id: 'ASC' },
        skip: offset,
        take: limit,
      });
      return { rows: limit === 0 ? [] : rows, totalCount };
    });
  }

  /** The pending changes of each program, soonest first, as `[programId, change]` entries (one statement). */
  async findPendingByProgramIds(programIds: readonly number[]): Promise<Array<[number, ScheduledChangeEntity]>> {
    const changes = await this.dataSource.getRepository(ScheduledChangeEntity).find({
      where: { programId: In([...programIds]), state: ScheduledChangeState.PENDING },
      order: { programId: 'ASC', effectiveAt: 'ASC', id: 'ASC' },
    });
    return changes.map((change) => [change.programId, change]);
  }

  /** Marks a due change as taken by this transaction; false when another instance took it, or it was cancelled. */
  private async claim(manager: EntityManager, id: number): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(ScheduledChangeEntity)
      .set({ state: ScheduledChangeState.APPLIED, settledAt: this.clock.now(), version: () => 'version + 1' })
      .where('id = :id AND state = :pending AND effective_at <= :now', {
        id,
        pending: ScheduledChangeState.PENDING,
        now: this.clock.now(),
      })
      .execute();
    return Boolean(result.affected);
  }

  /** Records what became of a claimed change, with its audit event. */
  private async settle(
    manager: EntityManager,
    change: ScheduledChangeEntity,
    state: typeof ScheduledChangeState.APPLIED | typeof ScheduledChangeState.SKIPPED,
    outcome: string | null,
  ): Promise<void> {
    await manager.update(ScheduledChangeEntity, { id: change.id }, { state, outcome });
    await recordChange(manager, {
      effectiveAt: change.effectiveAt,
      audit: [
        auditEvent(
          { actor: 'scheduler', actorId: null, requestId: null },
          { typeName: 'ScheduledChange', id: change.id },
          {
            action: state === ScheduledChangeState.APPLIED ? 'scheduled-change-applied' : 'scheduled-change-skipped',
            summary:
              state === ScheduledChangeState.APPLIED
                ? `Applied the change of ${scheduledFields(change).join(', ')} scheduled for ${change.effectiveAt.toISOString()}`
                : `Skipped the change of ${scheduledFields(change).join(', ')} scheduled for ${change.effectiveAt.toISOString()}: ${outcome}`,
            changes: { state: { from: ScheduledChangeState.PENDING, to: state } },
            reason: change.reason,
          },
        ),
      ],
    });
  }

  private async get(manager: EntityManager, id: number): Promise<ScheduledChangeEntity> {
    const change = await manager.findOneBy(ScheduledChangeEntity, { id });
    if (!change) throw notFound('No scheduled change has this id.', 'input.scheduledChangeId');
    return change;
  }
}

/** The fields `ProgramChanges` has rules for; the availabilities are enumerations, checked by the schema. */
const RULED_FIELDS = new Set<string>(Object.keys(ProgramChanges.shape));

/** The schedulable fields given, checked with the rules of `updateProgram`; null clears a field. */
function schedulableEdits(changes: Record<string, unknown> | null | undefined): ScheduledEdits {
  const given: Record<string, unknown> = Object.fromEntries(
    SCHEDULABLE_PROGRAM_FIELDS.filter((field) => changes?.[field] !== undefined).map((field) => [field, changes?.[field]]),
  );
  if (given.name === null) throw badUserInput('A program keeps a name: leave the field out.', 'input.changes.name');
  const checked: Record<string, unknown> = validInput(ProgramChanges, given, 'input.changes');
  return Object.fromEntries(
    Object.keys(given).map((field) => [field, (RULED_FIELDS.has(field) ? checked[field] : given[field]) ?? null]),
  ) as ScheduledEdits;
}

/** The scheduled edits whose values differ from the program's now. */
function differingEdits(change: ScheduledChangeEntity, program: ProgramEntity): ScheduledEdits {
  return Object.fromEntries(
    Object.entries(change.edits ?? {}).filter(([field, value]) => program[field as keyof ProgramEntity] !== value),
  ) as ScheduledEdits;
}

/** Why a due change no longer makes sense, or null. */
function mootReason(change: ScheduledChangeEntity, program: ProgramEntity): string | null {
  if (program.admissionStatus === AdmissionStatus.CLOSED)
    return 'The program was closed meanwhile: scheduled changes are not made to closed programs.';
  const statusMoves = change.admissionStatus !== null && change.admissionStatus !== program.admissionStatus;
  if (!statusMoves && !Object.keys(differingEdits(change, program)).length)
    return 'The program had these values already when the moment came.';
  return null;
}

function summaryOf(change: ScheduledChangeEntity, program: ProgramEntity): string {
  const parts = [
    ...(change.admissionStatus
      ? [
          `${program.name}: ${ADMISSION_STATUS_LABELS[program.admissionStatus]} → ${ADMISSION_STATUS_LABELS[change.admissionStatus]}`,
        ]
      : [program.name]),
    ...Object.keys(change.edits ?? {}),
  ];
  return parts.join(', ');
}
