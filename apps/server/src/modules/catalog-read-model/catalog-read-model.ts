import { PUBLIC_ADMISSION_STATUSES } from '@certhub/domain/admission-status';
import type { CategoryEntity } from '../category/category.entity.js';
import type { LabEntity } from '../lab/lab.entity.js';
import type { ProgramEntity } from '../program/program.entity.js';
import type { ScheduledChangeEntity } from '../scheduled-change/scheduled-change.entity.js';
import type { SpecEntity } from '../spec/spec.entity.js';
import { ProgramStatusHistory } from './program-status-history.js';

/** What a read model is made of: every public row of one catalogue revision, in the orders the database gave them. */
export interface CatalogRows {
  revision: number;
  /** By position, then id. */
  categories: CategoryEntity[];
  /** Closed ones included (`program(slug:)` answers them), by category, position, then id. */
  programs: ProgramEntity[];
  /** By name, then id. */
  labs: LabEntity[];
  specs: SpecEntity[];
  /** `[programId, specId]` in each program's order. */
  programSpecs: Array<[number, number]>;
  /** `[programId, labId]` in each program's order. */
  programLabs: Array<[number, number]>;
  /** `[labId, programId]` by lab, then program name, then program id. */
  labPrograms: Array<[number, number]>;
  /** Each program's status changes, by time, then id: carried from model to model (catalog-read-model.service.ts). */
  statusHistory: ReadonlyMap<number, ProgramStatusHistory>;
  /** Pending scheduled changes staff chose to announce (moment and status only), by program, then moment, then id. */
  announcedChanges: ScheduledChangeEntity[];
}

const NONE: readonly never[] = Object.freeze([]);
const PUBLIC_STATUSES = new Set<string>(PUBLIC_ADMISSION_STATUSES);

/** Which read model an entity object belongs to: its relations are answered from that model, not the database. */
const owners = new WeakMap<object, CatalogReadModel>();

/**
 * The public catalogue of one revision, held in memory and never changed: every request that sees
 * that revision reads it, none writes to it. Public fields resolve from here without a statement;
 * `CatalogReadModelService` builds a new one when the revision moves.
 */
export class CatalogReadModel {
  readonly revision: number;
  readonly categories: readonly CategoryEntity[];
  readonly labs: readonly LabEntity[];
  /** Every program, closed ones included, by category, position, then id. */
  readonly programs: readonly ProgramEntity[];
  readonly specs: readonly SpecEntity[];
  private readonly categoriesById: Map<number, CategoryEntity>;
  private readonly programsBySlug: Map<string, ProgramEntity>;
  private readonly listedProgramsByCategory = new Map<number, ProgramEntity[]>();
  private readonly listedProgramsByLab = new Map<number, ProgramEntity[]>();
  private readonly specsByProgram = new Map<number, SpecEntity[]>();
  private readonly labsByProgram = new Map<number, LabEntity[]>();
  private readonly historyByProgram: ReadonlyMap<number, ProgramStatusHistory>;
  private readonly announcedByProgram = new Map<number, ScheduledChangeEntity[]>();

  constructor(rows: CatalogRows) {
    this.revision = rows.revision;
    this.categories = frozenList(rows.categories);
    this.labs = frozenList(rows.labs);
    this.programs = frozenList(rows.programs);
    this.specs = frozenList(rows.specs);
    // Status changes have no relation to answer: no owner needed (and they are shared between models).
    for (const entity of [...rows.categories, ...rows.programs, ...rows.labs, ...rows.specs, ...rows.announcedChanges]) {
      owners.set(Object.freeze(entity), this);
    }
    this.categoriesById = new Map(rows.categories.map((category) => [category.id, category]));
    this.programsBySlug = new Map(rows.programs.map((program) => [program.slug, program]));
    const programsById = new Map(rows.programs.map((program) => [program.id, program]));
    const labsById = new Map(rows.labs.map((lab) => [lab.id, lab]));
    const specsById = new Map(rows.specs.map((spec) => [spec.id, spec]));
    for (const program of rows.programs) {
      if (PUBLIC_STATUSES.has(program.admissionStatus)) append(this.listedProgramsByCategory, program.categoryId, program);
    }
    for (const [labId, programId] of rows.labPrograms) {
      const program = programsById.get(programId);
      if (program && PUBLIC_STATUSES.has(program.admissionStatus)) append(this.listedProgramsByLab, labId, program);
    }
    for (const [programId, specId] of rows.programSpecs) appendFound(this.specsByProgram, programId, specsById.get(specId));
    for (const [programId, labId] of rows.programLabs) appendFound(this.labsByProgram, programId, labsById.get(labId));
    this.historyByProgram = rows.statusHistory;
    for (const change of rows.announcedChanges) append(this.announcedByProgram, change.programId, change);
    for (const lists of [
      this.listedProgramsByCategory,
      this.listedProgramsByLab,
      this.specsByProgram,
      this.labsByProgram,
      this.announcedByProgram,
    ]) {
      for (const list of lists.values()) Object.freeze(list);
    }
  }

  /** The model `entity` came from, if it came from one. */
  static of(entity: object): CatalogReadModel | undefined {
    return owners.get(entity);
  }

  /** Any program by slug, closed ones included, as `ProgramService.findBySlug`. */
  program(slug: string): ProgramEntity | null {
    return this.programsBySlug.get(slug) ?? null;
  }

  category(id: number): CategoryEntity | null {
    return this.categoriesById.get(id) ?? null;
  }

  listedProgramsOfCategory(categoryId: number): readonly ProgramEntity[] {
    return this.listedProgramsByCategory.get(categoryId) ?? NONE;
  }

  listedProgramsOfLab(labId: number): readonly ProgramEntity[] {
    return this.listedProgramsByLab.get(labId) ?? NONE;
  }

  specsOf(programId: number): readonly SpecEntity[] {
    return this.specsByProgram.get(programId) ?? NONE;
  }

  labsOf(programId: number): readonly LabEntity[] {
    return this.labsByProgram.get(programId) ?? NONE;
  }

  statusHistoryOf(programId: number): ProgramStatusHistory {
    return this.historyByProgram.get(programId) ?? ProgramStatusHistory.empty(programId);
  }

  announcedChangesOf(programId: number): readonly ScheduledChangeEntity[] {
    return this.announcedByProgram.get(programId) ?? NONE;
  }
}

function frozenList<T>(list: T[]): readonly T[] {
  return Object.freeze([...list]);
}

function append<K, V>(lists: Map<K, V[]>, key: K, value: V): void {
  const list = lists.get(key);
  if (list) list.push(value);
  else lists.set(key, [value]);
}

function appendFound<K, V>(lists: Map<K, V[]>, key: K, value: V | undefined): void {
  if (value !== undefined) append(lists, key, value);
}
