import { randomUUID } from 'node:crypto';
import { AdmissionStatus } from '@certhub/domain/admission-status';
import type { CatalogProgram, HowToJoinContent } from '@certhub/domain/catalog';
import { type CatalogChange, describeChange, diffCatalog } from '@certhub/domain/importer/catalog-diff';
import { categoriesOf, labsOf, placePrograms } from '@certhub/domain/importer/catalog-snapshot';
import { DEFAULT_PAGE_BASE_URL, resolveCatalogLinks } from '@certhub/domain/importer/links';
import { parseHowToJoinPage } from '@certhub/domain/importer/parse-how-to-join';
import { slugify } from '@certhub/domain/slug';
import { type DataSource, type EntityManager, In, IsNull, Not } from 'typeorm';
import { wholeRowChanges } from '../../shared/entity-edits.js';
import { badUserInput } from '../../shared/errors.js';
import { type AuditEventInput, PUBLIC_ENTITY_TYPES } from '../audit/audit.service.js';
import { AuditEventEntity } from '../audit/audit-event.entity.js';
import { CategoryEntity } from '../category/category.entity.js';
import { inCatalogTransaction, recordChange, type StatusMove } from '../change/record-change.js';
import { AdmissionStepEntity, NoteEntity, RequirementEntity } from '../how-to-join/how-to-join.entities.js';
import { LabEntity } from '../lab/lab.entity.js';
import { ProgramEntity } from '../program/program.entity.js';
import { ProgramLabEntity } from '../program/program-lab.entity.js';
import { ProgramSpecEntity } from '../program/program-spec.entity.js';
import { SpecEntity } from '../spec/spec.entity.js';
import { readCatalogSnapshot } from './catalog-snapshot.js';

export interface ImportOptions {
  /** The page's public address, against which relative links are resolved. */
  baseUrl?: string;
  /** Who the audit trail names; `import` for the CLI. */
  actor?: string;
  /** The staff member who imported through the API, and their request, for the audit trail. */
  actorId?: number | null;
  requestId?: string | null;
  /** Compute the changes, write nothing. */
  dryRun?: boolean;
  /**
   * When the page's changes took effect (`--effective`). Without it, the page's own date
   * (`ms.date`), else now. Never in the future, never before changes already recorded.
   */
  effectiveAt?: Date;
  /** The clock, for tests. */
  now?: () => Date;
}

export interface ImportResult {
  content: HowToJoinContent;
  changes: CatalogChange[];
  /** Audit batch of the changes written; null for a dry run or when nothing changed. */
  batchId: string | null;
  /** When the changes count as made. */
  effectiveAt: Date;
}

/**
 * Brings the database in line with a version of the how-to-join page. The domain's diff says what
 * changes (and becomes the audit trail); everything is written in one transaction, so a page that
 * fails half-way changes nothing. Programs missing from the page are closed, never deleted.
 */
export class CatalogImportService {
  constructor(private readonly dataSource: DataSource) {}

  async importPage(source: string, options: ImportOptions = {}): Promise<ImportResult> {
    return this.importContent(parseHowToJoinPage(source), options);
  }

  async importContent(parsed: HowToJoinContent, options: ImportOptions = {}): Promise<ImportResult> {
    const content = { ...parsed, programs: resolveCatalogLinks(parsed.programs, options.baseUrl ?? DEFAULT_PAGE_BASE_URL) };
    const now = options.now?.() ?? new Date();
    const effectiveAt = options.effectiveAt ?? (content.publishedAt ? new Date(content.publishedAt) : now);
    if (effectiveAt.getTime() > now.getTime()) {
      throw badUserInput(
        `The page is dated ${effectiveAt.toISOString()}, which is in the future: an import records what a page said when it was published.`,
        'effectiveAt',
      );
    }
    return inCatalogTransaction(this.dataSource, async (manager) => {
      const changes = diffCatalog(await readCatalogSnapshot(manager), content);
      if (changes.length > 0) await refuseIfBeforeRecordedHistory(manager, effectiveAt);
      if (options.dryRun || changes.length === 0) return { content, changes, batchId: null, effectiveAt };
      const batchId = randomUUID();
      const writer = new CatalogWriter(manager, effectiveAt);
      const ids = await writer.write(content, changes);
      await recordChange(manager, {
        effectiveAt,
        statusMoves: writer.statusMoves,
        audit: changes.map((change) => ({
          ...auditEventOf(change, ids, batchId, options.actor ?? 'import'),
          actorId: options.actorId ?? null,
          requestId: options.requestId ?? null,
        })),
      });
      return { content, changes, batchId, effectiveAt };
    });
  }
}

/**
 * History is written in order: a page dated before the catalogue's latest recorded change would
 * have to be slotted in underneath it, and every later state recomputed. Refusing keeps each
 * recorded state true as it was recorded; import older versions first (the seed does).
 */
async function refuseIfBeforeRecordedHistory(manager: EntityManager, effectiveAt: Date): Promise<void> {
  const latest = await manager.findOne(AuditEventEntity, {
    select: { id: true, effectiveAt: true },
    where: { entityType: In([...PUBLIC_ENTITY_TYPES]), effectiveAt: Not(IsNull()) },
    order: { effectiveAt: 'DESC' },
  });
  if (!latest || effectiveAt.getTime() >= latest.effectiveAt.getTime()) return;
  const recorded = latest.effectiveAt;
  throw badUserInput(
    `The page is dated ${effectiveAt.toISOString()}, before changes already recorded (the latest took effect ${recorded.toISOString()}): import page versions in date order.`,
    'effectiveAt',
    { latestRecordedAt: recorded.toISOString() },
  );
}

/**
 * Writes a page's content over the current catalogue inside one transaction. `now` is when the
 * page took effect: the program dates it writes (added, status changed, last changed) are the
 * page's, so an import of a 2018 version says "since 2018".
 */
class CatalogWriter {
  /** The status moves written, for `recordChange`. */
  readonly statusMoves: StatusMove[] = [];

  constructor(
    private readonly manager: EntityManager,
    private readonly now: Date,
  ) {}

  /** Writes the content; answers the database ids of what it touched, by slug, for the audit trail. */
  async write(content: HowToJoinContent, changes: CatalogChange[]): Promise<WrittenIds> {
    const categoryIds = await this.writeCategories(content.programs);
    const labIds = await this.writeLabs(content.programs);
    const specIds = await this.writeSpecs(content.programs);
    const changedPrograms = new Set(changes.flatMap((change) => ('programSlug' in change ? [change.programSlug] : [])));
    const programIds = await this.writePrograms(content.programs, { categoryIds, labIds, specIds, changedPrograms });
    await this.replaceIfChanged(changes, 'requirements-changed', RequirementEntity, content.requirements);
    await this.replaceIfChanged(changes, 'admission-steps-changed', AdmissionStepEntity, content.admissionSteps);
    await this.replaceIfChanged(changes, 'notes-changed', NoteEntity, content.notes);
    return { categories: categoryIds, labs: labIds, programs: programIds };
  }

  private async writeCategories(programs: CatalogProgram[]): Promise<Map<string, number>> {
    const existing = new Map((await this.manager.find(CategoryEntity)).map((category) => [category.slug, category]));
    const ids = new Map<string, number>();
    for (const { slug, name, position } of categoriesOf(programs)) {
      const category = existing.get(slug);
      if (!category) {
        ids.set(slug, (await this.manager.save(this.manager.create(CategoryEntity, { slug, name, position }))).id);
        continue;
      }
      if (category.name !== name || category.position !== position) {
        await this.manager.update(CategoryEntity, category.id, { name, position });
      }
      ids.set(slug, category.id);
    }
    return ids;
  }

  private async writeLabs(programs: CatalogProgram[]): Promise<Map<string, number>> {
    const existing = new Map((await this.manager.find(LabEntity)).map((lab) => [lab.slug, lab]));
    const ids = new Map<string, number>();
    for (const { slug, name, url } of labsOf(programs)) {
      const lab = existing.get(slug);
      if (!lab) {
        ids.set(slug, (await this.manager.save(this.manager.create(LabEntity, { slug, name, url }))).id);
        continue;
      }
      if (lab.name !== name || lab.url !== url) await this.manager.update(LabEntity, lab.id, { name, url });
      ids.set(slug, lab.id);
    }
    return ids;
  }

  private async writeSpecs(programs: CatalogProgram[]): Promise<Map<string, number>> {
    const existing = new Map((await this.manager.find(SpecEntity)).map((spec) => [specKey(spec), spec.id]));
    for (const spec of programs.flatMap((program) => program.specs)) {
      const key = specKey(spec);
      if (existing.has(key)) continue;
      existing.set(key, (await this.manager.save(this.manager.create(SpecEntity, { title: spec.title, url: spec.url }))).id);
    }
    return existing;
  }

  private async writePrograms(
    programs: CatalogProgram[],
    refs: {
      categoryIds: Map<string, number>;
      labIds: Map<string, number>;
      specIds: Map<string, number>;
      changedPrograms: Set<string>;
    },
  ): Promise<Map<string, number>> {
    const existing = new Map((await this.manager.find(ProgramEntity)).map((program) => [program.slug, program]));
    const ids = new Map([...existing.values()].map((program) => [program.slug, program.id]));
    for (const program of placePrograms(programs)) {
      const { slug, position } = program;
      const current = existing.get(slug);
      existing.delete(slug);
      if (current && !refs.changedPrograms.has(slug)) continue;
      const fields = {
        slug,
        name: program.name,
        categoryId: refs.categoryIds.get(slugify(program.category)) as number,
        position,
        admissionStatus: program.admissionStatus,
        specAvailability: program.specAvailability,
        labAvailability: program.labAvailability,
        // A row without a contact says nothing about it: the address staff set stays.
        ...(program.admissionContact === undefined ? {} : { admissionContact: program.admissionContact }),
      };
      let programId: number;
      if (current) {
        const statusChanged = current.admissionStatus !== program.admissionStatus;
        await this.manager.update(ProgramEntity, current.id, {
          ...fields,
          version: current.version + 1,
          updatedAt: this.now,
          ...(statusChanged ? { statusChangedAt: this.now } : {}),
        });
        programId = current.id;
        if (statusChanged) await this.noteStatusMove(programId, current.admissionStatus, program.admissionStatus);
      } else {
        programId = (
          await this.manager.save(
            this.manager.create(ProgramEntity, {
              ...fields,
              version: 1,
              statusChangedAt: this.now,
              createdAt: this.now,
              updatedAt: this.now,
            }),
          )
        ).id;
        ids.set(slug, programId);
        await this.noteStatusMove(programId, null, program.admissionStatus);
      }
      await this.replaceLinks(programId, program, refs);
    }
    for (const removed of existing.values()) {
      if (removed.admissionStatus === AdmissionStatus.CLOSED) continue;
      await this.manager.update(ProgramEntity, removed.id, {
        admissionStatus: AdmissionStatus.CLOSED,
        version: removed.version + 1,
        statusChangedAt: this.now,
        updatedAt: this.now,
      });
      await this.noteStatusMove(removed.id, removed.admissionStatus, AdmissionStatus.CLOSED);
    }
    return ids;
  }

  private async noteStatusMove(programId: number, from: AdmissionStatus | null, to: AdmissionStatus): Promise<void> {
    const program = await this.manager.findOneByOrFail(ProgramEntity, { id: programId });
    this.statusMoves.push({ program, from, to, changedAt: this.now });
  }

  private async replaceLinks(
    programId: number,
    program: CatalogProgram,
    refs: { labIds: Map<string, number>; specIds: Map<string, number> },
  ): Promise<void> {
    await this.manager.delete(ProgramSpecEntity, { programId });
    await this.manager.delete(ProgramLabEntity, { programId });
    const specIds = [...new Set(program.specs.map((spec) => refs.specIds.get(specKey(spec)) as number))];
    const labIds = [...new Set(program.labs.map((lab) => refs.labIds.get(slugify(lab.name)) as number))];
    if (specIds.length) {
      await this.manager.insert(
        ProgramSpecEntity,
        specIds.map((specId, position) => ({ programId, specId, position })),
      );
    }
    if (labIds.length) {
      await this.manager.insert(
        ProgramLabEntity,
        labIds.map((labId, position) => ({ programId, labId, position })),
      );
    }
  }

  private async replaceIfChanged<T extends object>(
    changes: CatalogChange[],
    kind: CatalogChange['kind'],
    entity: new () => T,
    rows: T[],
  ): Promise<void> {
    if (!changes.some((change) => change.kind === kind)) return;
    await this.manager.clear(entity);
    if (rows.length) await this.manager.insert(entity, rows as never);
  }
}

function specKey(spec: { title: string; url: string | null }): string {
  return JSON.stringify([spec.title, spec.url]);
}

/** The entity field each kind of change is about, for the audit trail's before/after. */
const FIELD_OF_CHANGE: Partial<Record<CatalogChange['kind'], string>> = {
  'category-renamed': 'name',
  'category-moved': 'position',
  'lab-renamed': 'name',
  'lab-url-changed': 'url',
  'admission-status-changed': 'admissionStatus',
  'program-renamed': 'name',
  'program-category-changed': 'category',
  'program-position-changed': 'position',
  'specs-changed': 'specs',
  'spec-availability-changed': 'specAvailability',
  'labs-changed': 'labs',
  'lab-availability-changed': 'labAvailability',
  'admission-contact-changed': 'admissionContact',
  'requirements-changed': 'requirements',
  'admission-steps-changed': 'admissionSteps',
  'notes-changed': 'notes',
};

/**
 * What an addition brought, field by field from nothing, as staff creations record it: the
 * catalogue's history (`catalogue(asOf:)`, a program's timeline) reads the values it started with.
 */
function additionOf(change: CatalogChange): AuditEventInput['changes'] {
  switch (change.kind) {
    case 'category-added':
      return wholeRowChanges(['name', 'slug', 'position'], {
        created: { name: change.name, slug: change.categorySlug, position: change.position },
      });
    case 'lab-added':
      return wholeRowChanges(['name', 'slug', 'url'], { created: { name: change.name, slug: change.labSlug, url: change.url } });
    case 'program-added': {
      const { program } = change;
      const created = {
        name: program.name,
        slug: program.slug,
        category: program.category,
        position: program.position,
        admissionStatus: program.admissionStatus,
        specs: program.specs,
        specAvailability: program.specAvailability,
        labs: program.labs,
        labAvailability: program.labAvailability,
        admissionContact: program.admissionContact ?? null,
      };
      return wholeRowChanges(Object.keys(created) as (keyof typeof created)[], { created });
    }
    default:
      return null;
  }
}

function fieldChangesOf(change: CatalogChange): AuditEventInput['changes'] {
  const added = additionOf(change);
  if (added) return added;
  if (change.kind === 'program-closed') return { admissionStatus: { from: change.from, to: AdmissionStatus.CLOSED } };
  if (change.kind === 'program-reopened') return { admissionStatus: { from: AdmissionStatus.CLOSED, to: change.to } };
  const field = FIELD_OF_CHANGE[change.kind];
  return field && 'from' in change && 'to' in change ? { [field]: { from: change.from, to: change.to } } : null;
}

function auditEventOf(change: CatalogChange, ids: WrittenIds, batchId: string, actor: string): AuditEventInput {
  const entity = entityOf(change, ids);
  return {
    batchId,
    actor,
    entityType: entity.type,
    entityId: entity.id,
    action: change.kind,
    summary: describeChange(change),
    changes: fieldChangesOf(change),
  };
}

interface WrittenIds {
  categories: Map<string, number>;
  labs: Map<string, number>;
  programs: Map<string, number>;
}

/** Audit events name entities by database id, as staff edits do, so one entity has one history. */
function entityOf(change: CatalogChange, ids: WrittenIds): { type: string; id: string } {
  if ('programSlug' in change) return { type: 'Program', id: String(ids.programs.get(change.programSlug)) };
  if ('categorySlug' in change) return { type: 'Category', id: String(ids.categories.get(change.categorySlug)) };
  if ('labSlug' in change) return { type: 'Lab', id: String(ids.labs.get(change.labSlug)) };
  return { type: 'HowToJoin', id: change.kind };
}
