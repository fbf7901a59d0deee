import { randomUUID } from 'node:crypto';
import { ADMISSION_STATUS_LABELS, AdmissionStatus } from '@certhub/domain/admission-status';
import type { LabAvailability, SpecAvailability } from '@certhub/domain/availability';
import type { LabLink, SpecLink } from '@certhub/domain/catalog';
import { listingProblem, NewProgram, ProgramChanges, type ProgramListing } from '@certhub/domain/catalog-edit';
import type { ScheduledChangesChoice } from '@certhub/domain/scheduled-change';
import type { DataSource, EntityManager } from 'typeorm';
import { lockKeys } from '../../db/transaction.js';
import {
  auditEvent,
  getRow,
  getRowsToLink,
  getRowToLink,
  refuseDuplicate,
  reorderAndRecord,
  uniqueSlug,
  wholeRowChanges,
} from '../../shared/entity-edits.js';
import { badUserInput, notFound } from '../../shared/errors.js';
import { toGlobalId } from '../../shared/global-id.js';
import { staleVersion, updateAtVersion } from '../../shared/optimistic-update.js';
import { listLockKey, writeOrder } from '../../shared/positions.js';
import type { AuditActor } from '../../shared/request-context.js';
import { validInput } from '../../shared/validation.js';
import { fieldChanges } from '../audit/audit.service.js';
import type { CategoryEntity } from '../category/category.entity.js';
import { CATEGORY } from '../category/category-edit.service.js';
import { inCatalogTransaction, recordChange } from '../change/record-change.js';
import type { LabEntity } from '../lab/lab.entity.js';
import { LAB } from '../lab/lab-edit.service.js';
import { settlePendingScheduledChanges } from '../scheduled-change/pending-scheduled-changes.js';
import type { SpecEntity } from '../spec/spec.entity.js';
import { SPEC } from '../spec/spec-edit.service.js';
import { ProgramEntity } from './program.entity.js';
import { labsOf, replaceLinks, specsOf } from './program-links.js';

export const MAX_REASON_LENGTH = 1000;

/** What close, reopen and setAdmissionStatus take besides the status. */
interface StatusChangeInput {
  programId: number;
  expectedVersion: number;
  reason?: string | null;
  /** What to do with scheduled status changes pending on the program; without it, they make the edit a CONFLICT. */
  scheduledChanges?: ScheduledChangesChoice | null;
}

/** How a change made on the system's behalf (a scheduled change at its moment) differs from a manual one. */
export interface EditOptions {
  /** When the change counts as made: its history, audit and feeds carry this moment. */
  effectiveAt?: Date;
  /** Why, for the audit trail. */
  reason?: string | null;
}

/** What a status entry point refuses: a target status, and a current one (with what to do instead). */
interface StatusRule {
  refuseTarget?: (to: AdmissionStatus) => string | null;
  refuseCurrent: (current: AdmissionStatus) => string | null;
}

const STATUS_RULES = {
  close: {
    refuseCurrent: (current) => (current === AdmissionStatus.CLOSED ? 'This program is closed already.' : null),
  },
  reopen: {
    refuseTarget: (to) => (to === AdmissionStatus.CLOSED ? 'Give the status the program reopens with; CLOSED is not one.' : null),
    refuseCurrent: (current) =>
      current !== AdmissionStatus.CLOSED ? 'This program is not closed: change its status with setProgramAdmissionStatus.' : null,
  },
  set: {
    refuseTarget: (to) =>
      to === AdmissionStatus.CLOSED ? 'Close a program with closeProgram: it also takes it out of the catalogue.' : null,
    refuseCurrent: (current) =>
      current === AdmissionStatus.CLOSED ? 'This program is closed: reopen it with reopenProgram.' : null,
  },
} satisfies Record<string, StatusRule>;

/** A program as the CONFLICT error shows it: what the other editor left. */
export const programState = (program: ProgramEntity) => ({
  slug: program.slug,
  name: program.name,
  categoryId: toGlobalId('Category', program.categoryId),
  admissionStatus: program.admissionStatus,
  specAvailability: program.specAvailability,
  labAvailability: program.labAvailability,
  partnerCapacity: program.partnerCapacity,
  internalNotes: program.internalNotes,
  admissionContact: program.admissionContact,
  position: program.position,
  version: program.version,
});

const PROGRAM_VERSIONING = { typeName: 'program', toPublic: programState };
const PROGRAM = { entity: ProgramEntity, typeName: 'Program', unique: uniqueSlug<ProgramEntity>('program') } as const;

/** The lock key of a category's program order. */
const programListKey = (categoryId: number) => listLockKey(`programs-of-category:${categoryId}`);

/** A category's programs, closed ones too, in their order. */
const programsIn = (manager: EntityManager, categoryId: number) =>
  manager.find(ProgramEntity, { where: { categoryId }, order: { position: 'ASC', id: 'ASC' } });

/**
 * A program as the audit trail records it: its category, specs and labs by name rather than by id,
 * as the importer records them, so that one program has one readable history.
 */
type ProgramRecord = {
  name: string;
  slug: string;
  category: string;
  position: number;
  admissionStatus: AdmissionStatus;
  specs: SpecLink[];
  specAvailability: SpecAvailability | null;
  labs: LabLink[];
  labAvailability: LabAvailability | null;
  partnerCapacity: number | null;
  internalNotes: string | null;
  admissionContact: string | null;
};
const RECORDED_FIELDS: readonly (keyof ProgramRecord)[] = [
  'name',
  'slug',
  'category',
  'position',
  'admissionStatus',
  'specs',
  'specAvailability',
  'labs',
  'labAvailability',
  'partnerCapacity',
  'internalNotes',
  'admissionContact',
];

function recordOf(
  program: Omit<ProgramEntity, 'globalId'>,
  links: { category: CategoryEntity; specs: SpecEntity[]; labs: LabEntity[] },
): ProgramRecord {
  return {
    name: program.name,
    slug: program.slug,
    category: links.category.name,
    position: program.position,
    admissionStatus: program.admissionStatus,
    specs: links.specs.map(({ title, url }) => ({ title, url })),
    specAvailability: program.specAvailability,
    labs: links.labs.map(({ name, url }) => ({ name, url })),
    labAvailability: program.labAvailability,
    partnerCapacity: program.partnerCapacity,
    internalNotes: program.internalNotes,
    admissionContact: program.admissionContact,
  };
}

export interface NewProgramInput {
  name: string;
  slug?: string | null;
  categoryId: number;
  admissionStatus: AdmissionStatus;
  specIds?: number[] | null;
  specAvailability?: SpecAvailability | null;
  labIds?: number[] | null;
  labAvailability?: LabAvailability | null;
  partnerCapacity?: number | null;
  internalNotes?: string | null;
  admissionContact?: string | null;
}

/** Omitted (or null) fields are kept, but null clears availabilities, capacity and notes. */
export interface ProgramChangesInput {
  name?: string | null;
  slug?: string | null;
  categoryId?: number | null;
  position?: number | null;
  specIds?: number[] | null;
  specAvailability?: SpecAvailability | null;
  labIds?: number[] | null;
  labAvailability?: LabAvailability | null;
  partnerCapacity?: number | null;
  internalNotes?: string | null;
  admissionContact?: string | null;
  /** What to do with scheduled changes pending on the fields this edit changes; without it, they make it a CONFLICT. */
  scheduledChanges?: ScheduledChangesChoice | null;
}

/** Staff edits of programs: each one validated, in one transaction, version-checked and audited. */
export class ProgramEditService {
  constructor(private readonly dataSource: DataSource) {}

  /** A new program goes last in its category, with the first entry of its status history. */
  async create(input: NewProgramInput, by: AuditActor): Promise<ProgramEntity> {
    const fields = validInput(NewProgram, input);
    if (input.admissionStatus === AdmissionStatus.CLOSED) {
      throw badUserInput('A new program cannot be closed: give the status it opens with.', 'input.admissionStatus');
    }
    const listing = {
      specAvailability: input.specAvailability ?? null,
      labAvailability: input.labAvailability ?? null,
    };
    refuseListingProblem({ ...listing, specCount: input.specIds?.length ?? 0, labCount: input.labIds?.length ?? 0 });
    return inCatalogTransaction(this.dataSource, async (manager) => {
      await lockKeys(manager, [programListKey(input.categoryId)]);
      const category = await getRowToLink(manager, CATEGORY, input.categoryId, 'input.categoryId');
      const specs = await getRowsToLink(manager, SPEC, input.specIds ?? [], 'input.specIds');
      const labs = await getRowsToLink(manager, LAB, input.labIds ?? [], 'input.labIds');
      const siblings = await programsIn(manager, input.categoryId);
      const candidate = manager.create(ProgramEntity, {
        ...fields,
        ...listing,
        categoryId: input.categoryId,
        position: siblings.length,
        admissionStatus: input.admissionStatus,
        statusChangedAt: new Date(),
        version: 1,
      });
      await refuseDuplicate(manager, PROGRAM, candidate);
      const program = await manager.save(candidate);
      await writeOrder(manager, ProgramEntity, [...siblings, program]);
      await replaceLinks(manager, 'spec', program.id, input.specIds ?? []);
      await replaceLinks(manager, 'lab', program.id, input.labIds ?? []);
      await recordChange(manager, {
        statusMoves: [{ program, from: null, to: program.admissionStatus, changedAt: program.statusChangedAt }],
        audit: [
          auditEvent(
            by,
            { typeName: 'Program', id: program.id },
            {
              action: 'program-created',
              summary: `Created the program "${program.name}" in ${category.name}`,
              changes: wholeRowChanges(RECORDED_FIELDS, {
                created: recordOf(program, { category, specs, labs }),
              }),
            },
          ),
        ],
      });
      return program;
    });
  }

  /**
   * Changes anything but the status. A program moved to another category goes last there unless
   * a position is given; both categories keep their positions 0..n-1.
   */
  update(programId: number, expectedVersion: number, input: ProgramChangesInput, by: AuditActor): Promise<ProgramEntity> {
    return inCatalogTransaction(this.dataSource, (manager) => this.updateIn(manager, programId, expectedVersion, input, by));
  }

  /** `update` in the caller's transaction (one that started with `inCatalogTransaction`), as of `options.effectiveAt`. */
  async updateIn(
    manager: EntityManager,
    programId: number,
    expectedVersion: number,
    input: ProgramChangesInput,
    by: AuditActor,
    options: EditOptions = {},
  ): Promise<ProgramEntity> {
    const changes = validInput(ProgramChanges, input);
    const fromCategoryId = (await this.get(manager, programId)).categoryId;
    const toCategoryId = input.categoryId ?? fromCategoryId;
    await lockKeys(manager, [programListKey(fromCategoryId), programListKey(toCategoryId)]);
    const before = await this.get(manager, programId);
    // Moved by someone else between the two reads: the locks are not the right ones.
    if (before.categoryId !== fromCategoryId) throw staleVersion(before, expectedVersion, PROGRAM_VERSIONING);
    const moving = toCategoryId !== fromCategoryId;
    const fromCategory = await getRow(manager, CATEGORY, fromCategoryId);
    const toCategory = moving ? await getRowToLink(manager, CATEGORY, toCategoryId, 'input.categoryId') : fromCategory;
    const specsBefore = await specsOf(manager, programId);
    const labsBefore = await labsOf(manager, programId);
    const specs = input.specIds ? await getRowsToLink(manager, SPEC, input.specIds, 'input.specIds') : specsBefore;
    const labs = input.labIds ? await getRowsToLink(manager, LAB, input.labIds, 'input.labIds') : labsBefore;
    // Listing specs (labs) answers how specs are had (why no lab is listed): the old answer goes.
    const specAvailability =
      input.specAvailability !== undefined ? input.specAvailability : specs.length ? null : before.specAvailability;
    const labAvailability =
      input.labAvailability !== undefined ? input.labAvailability : labs.length ? null : before.labAvailability;
    refuseListingProblem({ specCount: specs.length, specAvailability, labCount: labs.length, labAvailability });
    const { others, position } = await placement(manager, programId, toCategoryId, input.position);

    const fields = { ...changes, categoryId: toCategoryId, position, specAvailability, labAvailability };
    const changed = fieldChanges(
      recordOf(before, { category: fromCategory, specs: specsBefore, labs: labsBefore }),
      recordOf({ ...before, ...fields }, { category: toCategory, specs, labs }),
      RECORDED_FIELDS,
    );
    // Categories are recorded by name, and two may share one.
    if (moving) changed.category ??= { from: fromCategory.name, to: toCategory.name };
    if (!Object.keys(changed).length) {
      if (before.version !== expectedVersion) throw staleVersion(before, expectedVersion, PROGRAM_VERSIONING);
      return before;
    }
    if (changed.slug) await refuseDuplicate(manager, PROGRAM, { ...before, ...fields } as ProgramEntity);
    await settlePendingScheduledChanges(manager, [before], Object.keys(changed), input.scheduledChanges, by);

    const after = await updateAtVersion(manager, ProgramEntity, programId, expectedVersion, fields, PROGRAM_VERSIONING);
    await writeOrder(manager, ProgramEntity, others.toSpliced(position, 0, after));
    if (moving) await writeOrder(manager, ProgramEntity, await programsIn(manager, fromCategoryId));
    const ids = (rows: Array<{ id: number }>) => rows.map((row) => row.id);
    if (changed.specs) await replaceLinks(manager, 'spec', programId, ids(specs));
    if (changed.labs) await replaceLinks(manager, 'lab', programId, ids(labs));
    await recordChange(manager, {
      effectiveAt: options.effectiveAt,
      audit: [
        auditEvent(
          by,
          { typeName: 'Program', id: programId },
          {
            action: 'program-updated',
            summary: `Updated the program "${after.name}": ${Object.keys(changed).join(', ')}`,
            changes: changed,
            reason: options.reason,
          },
        ),
      ],
    });
    return after;
  }

  /** Takes a program out of the catalogue; it keeps its category, position and history. */
  close(input: StatusChangeInput, by: AuditActor): Promise<ProgramEntity> {
    return this.moveStatus(STATUS_RULES.close, { ...input, status: AdmissionStatus.CLOSED }, by);
  }

  /** Puts a closed program back in the catalogue, where it was, with `status`. */
  reopen(input: StatusChangeInput & { status: AdmissionStatus }, by: AuditActor): Promise<ProgramEntity> {
    return this.moveStatus(STATUS_RULES.reopen, input, by);
  }

  /** Puts a category's programs, closed ones too, in a new order: one audit event, on the category. */
  async reorder(categoryId: number, programIds: readonly number[], by: AuditActor): Promise<ProgramEntity[]> {
    return inCatalogTransaction(this.dataSource, async (manager) => {
      await lockKeys(manager, [programListKey(categoryId)]);
      const category = await getRow(manager, CATEGORY, categoryId);
      const current = await programsIn(manager, categoryId);
      await reorderAndRecord(
        manager,
        by,
        { entity: ProgramEntity, current, ids: programIds, field: 'input.programIds', noun: 'program', of: 'in this category' },
        {
          on: { typeName: 'Category', id: categoryId },
          action: 'programs-reordered',
          summary: `Reordered the programs of ${category.name}`,
          key: 'programs',
        },
      );
      return programsIn(manager, categoryId);
    });
  }

  /** The admins' main job: whether a program is seeking partners. */
  setAdmissionStatus(input: StatusChangeInput & { status: AdmissionStatus }, by: AuditActor): Promise<ProgramEntity> {
    return this.moveStatus(STATUS_RULES.set, input, by);
  }

  /** The one shape of close, reopen and setAdmissionStatus: check the move against `rule`, then make it. */
  private async moveStatus(
    rule: StatusRule,
    input: StatusChangeInput & { status: AdmissionStatus },
    by: AuditActor,
  ): Promise<ProgramEntity> {
    const refusedTarget = rule.refuseTarget?.(input.status);
    if (refusedTarget) throw badUserInput(refusedTarget, 'input.status');
    const reason = normalizeReason(input.reason);
    return inCatalogTransaction(this.dataSource, async (manager) => {
      const before = await this.get(manager, input.programId);
      const refusedCurrent = rule.refuseCurrent(before.admissionStatus);
      if (refusedCurrent) throw badUserInput(refusedCurrent, 'input.programId');
      if (before.admissionStatus !== input.status)
        await settlePendingScheduledChanges(manager, [before], ['admissionStatus'], input.scheduledChanges, by);
      return this.changeStatus(manager, before, input.status, input.expectedVersion, reason, by);
    });
  }

  /**
   * Moves a program to `status` at `expectedVersion`, with its public history and audit event.
   * The same status again changes nothing (but a stale version is still a CONFLICT).
   */
  async changeStatus(
    manager: EntityManager,
    before: ProgramEntity,
    status: AdmissionStatus,
    expectedVersion: number,
    reason: string | null,
    by: AuditActor,
    batchId: string = randomUUID(),
    effectiveAt?: Date,
  ): Promise<ProgramEntity> {
    if (before.admissionStatus === status) {
      if (before.version !== expectedVersion) throw staleVersion(before, expectedVersion, PROGRAM_VERSIONING);
      return before;
    }
    const changedAt = effectiveAt ?? new Date();
    const after = await updateAtVersion(
      manager,
      ProgramEntity,
      before.id,
      expectedVersion,
      { admissionStatus: status, statusChangedAt: changedAt },
      PROGRAM_VERSIONING,
    );
    await recordChange(manager, {
      effectiveAt: changedAt,
      statusMoves: [{ program: before, from: before.admissionStatus, to: status, changedAt }],
      audit: [
        {
          ...by,
          batchId,
          reason,
          entityType: 'Program',
          entityId: String(before.id),
          // The importer's names for the same changes.
          action:
            status === AdmissionStatus.CLOSED
              ? 'program-closed'
              : before.admissionStatus === AdmissionStatus.CLOSED
                ? 'program-reopened'
                : 'admission-status-changed',
          summary: `${before.name}: ${ADMISSION_STATUS_LABELS[before.admissionStatus]} → ${ADMISSION_STATUS_LABELS[status]}`,
          changes: { admissionStatus: { from: before.admissionStatus, to: status } },
        },
      ],
    });
    return after;
  }

  async get(manager: EntityManager, programId: number): Promise<ProgramEntity> {
    const program = await manager.findOneBy(ProgramEntity, { id: programId });
    if (!program) throw notFound('No program has this id.', 'input.programId');
    return program;
  }
}

/**
 * Where a program goes in a category: at `requested`, else where it is, else (moving in) last.
 * Answers the category's other programs, in order, to make room among.
 */
async function placement(
  manager: EntityManager,
  programId: number,
  categoryId: number,
  requested: number | null | undefined,
): Promise<{ others: ProgramEntity[]; position: number }> {
  const programs = await programsIn(manager, categoryId);
  const others = programs.filter((program) => program.id !== programId);
  const current = programs.findIndex((program) => program.id === programId);
  const position = requested ?? (current >= 0 ? current : others.length);
  if (position < 0 || position > others.length) {
    throw badUserInput(`Give a position from 0 to ${others.length}.`, 'input.position', { max: others.length });
  }
  return { others, position };
}

function refuseListingProblem(listing: ProgramListing): void {
  const problem = listingProblem(listing);
  if (problem) throw badUserInput(problem.message, `input.${problem.field}`);
}

export function normalizeReason(reason: string | null | undefined): string | null {
  const trimmed = reason?.trim();
  if (!trimmed) return null;
  if (trimmed.length > MAX_REASON_LENGTH)
    throw badUserInput(`Keep the reason under ${MAX_REASON_LENGTH} characters.`, 'input.reason');
  return trimmed;
}
