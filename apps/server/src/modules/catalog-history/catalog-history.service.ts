import {
  type CatalogState,
  catalogAsOf,
  catalogChangesBetween,
  type HistoryEvent,
  listedCatalog,
  parseHistoryDate,
  programTimeline,
} from '@certhub/domain/catalog-history';
import { type DataSource, In } from 'typeorm';
import { badUserInput } from '../../shared/errors.js';
import { PUBLIC_ENTITY_TYPES } from '../audit/audit.service.js';
import { AuditEventEntity } from '../audit/audit-event.entity.js';
import type { CatalogReadModel } from '../catalog-read-model/catalog-read-model.service.js';
import type { CatalogueAsOf, CatalogueChanges, DatedChange } from './catalog-history.types.js';

/** The entities whose changes `catalogueChanges` reports. */
const CATALOGUE_ENTITY_TYPES = ['Program', 'Category', 'Lab', 'Spec'] as const;

/**
 * The catalogue at a past moment and what changed between two: the public catalogue of the
 * current revision (the read model: no statement once built) with the public audit events that
 * took effect after the moment (one statement, on the effective-date index) taken back in memory
 * by the domain (`@certhub/domain/catalog-history`). So the statements do not grow with the
 * history's length.
 */
export class CatalogHistoryService {
  constructor(private readonly dataSource: DataSource) {}

  async catalogueAsOf(model: CatalogReadModel, asOfText: string): Promise<CatalogueAsOf> {
    const asOf = dateArgument(asOfText, 'asOf');
    const state = catalogAsOf(stateOf(model), await this.publicEventsAfter(asOf), asOf);
    const statusSince = statusSinceOf(model, asOf);
    return {
      asOf,
      categories: listedCatalog(state).map(({ category, programs }) => ({
        slug: category.slug,
        name: category.name,
        programs: programs.map((program) => ({
          slug: program.slug,
          name: program.name,
          admissionStatus: program.admissionStatus,
          statusChangedAt: statusSince.get(Number(program.id)) ?? null,
          specs: program.specs,
          specAvailability: program.specAvailability,
          labs: program.labs,
          labAvailability: program.labAvailability,
          admissionContact: program.admissionContact,
        })),
      })),
      labs: state.labs.map(({ slug, name, url }) => ({ slug, name, url })),
    };
  }

  async changesBetween(model: CatalogReadModel, fromText: string, toText: string): Promise<CatalogueChanges> {
    const from = dateArgument(fromText, 'from');
    const to = dateArgument(toText, 'to');
    if (from.getTime() > to.getTime()) throw badUserInput('Give a `from` on or before `to`.', 'from');
    const events = await this.publicEventsAfter(from);
    const { programs, catalogue } = catalogChangesBetween(stateOf(model), events, from, to);
    return {
      from,
      to,
      historyStartsAt: await this.historyStart(),
      programs: programs.map(({ program, changes }) => ({ slug: program.slug, name: program.name, changes })),
      catalogue: catalogue.map(({ entity, ...change }) => ({ ...change, entityType: entity.type, name: entity.name })),
    };
  }

  /** Each program's public history, oldest first, as `[programId, step]` for a loader: one statement. */
  async timelines(programIds: readonly number[]): Promise<Array<[number, DatedChange]>> {
    if (!programIds.length) return [];
    const events = await this.eventQuery()
      .where('event.entityType = :type', { type: 'Program' })
      .andWhere('event.entityId IN (:...ids)', { ids: programIds.map(String) })
      .getMany();
    const byProgram = new Map<number, HistoryEvent[]>();
    for (const event of events) {
      const id = Number(event.entityId);
      byProgram.set(id, [...(byProgram.get(id) ?? []), historyEvent(event)]);
    }
    return [...byProgram].flatMap(([id, programEvents]) =>
      programTimeline(programEvents).map((step): [number, DatedChange] => [id, step]),
    );
  }

  /** The public events that took effect after `moment`: one statement, on IDX_audit_event_effective_at. */
  private async publicEventsAfter(moment: Date): Promise<HistoryEvent[]> {
    const events = await this.eventQuery()
      .where('event.effectiveAt > :moment', { moment })
      .andWhere('event.entityType IN (:...types)', { types: [...PUBLIC_ENTITY_TYPES] })
      .getMany();
    return events.map(historyEvent);
  }

  /**
   * When the latest change the "What changed" page can show took effect (programs, categories,
   * labs, specs): the sitemap's lastmod of `/changes`. One statement, on the effective-date index.
   */
  async lastChangeAt(): Promise<Date | null> {
    const last = await this.dataSource.getRepository(AuditEventEntity).findOne({
      select: { id: true, effectiveAt: true },
      where: { entityType: In([...CATALOGUE_ENTITY_TYPES]) },
      order: { effectiveAt: 'DESC', id: 'DESC' },
    });
    return last?.effectiveAt ?? null;
  }

  private async historyStart(): Promise<Date | null> {
    const first = await this.dataSource.getRepository(AuditEventEntity).findOne({
      select: { id: true, effectiveAt: true },
      where: { entityType: 'Program' },
      order: { effectiveAt: 'ASC', id: 'ASC' },
    });
    return first?.effectiveAt ?? null;
  }

  private eventQuery() {
    return this.dataSource
      .getRepository(AuditEventEntity)
      .createQueryBuilder('event')
      .select(['event.id', 'event.entityType', 'event.entityId', 'event.action', 'event.effectiveAt', 'event.changes'])
      .orderBy('event.id', 'ASC');
  }
}

function dateArgument(text: string, field: string): Date {
  const date = parseHistoryDate(text.trim());
  if (!date) throw badUserInput(`"${text}" is not a date: give a day (2018-07-01) or an ISO 8601 date-time.`, field);
  return date;
}

function historyEvent(event: AuditEventEntity): HistoryEvent {
  return {
    id: event.id,
    entityType: event.entityType,
    entityId: event.entityId,
    action: event.action,
    effectiveAt: event.effectiveAt,
    changes: event.changes,
  };
}

/** The read model as the domain's history sees it: public values only, ids as the audit trail writes them. */
function stateOf(model: CatalogReadModel): CatalogState {
  return {
    categories: model.categories.map(({ id, slug, name, position }) => ({ id: String(id), slug, name, position })),
    programs: model.programs.map((program) => ({
      id: String(program.id),
      slug: program.slug,
      name: program.name,
      categoryId: String(program.categoryId),
      position: program.position,
      admissionStatus: program.admissionStatus,
      specs: model.specsOf(program.id).map(({ title, url }) => ({ title, url })),
      specAvailability: program.specAvailability,
      labs: model.labsOf(program.id).map(({ name, url }) => ({ name, url })),
      labAvailability: program.labAvailability,
      admissionContact: program.admissionContact,
    })),
    labs: model.labs.map(({ id, slug, name, url }) => ({ id: String(id), slug, name, url })),
    specs: model.specs.map(({ id, title, url }) => ({ id: String(id), title, url })),
  };
}

/** When each program's status last changed at or before `asOf`, from the public status history. */
function statusSinceOf(model: CatalogReadModel, asOf: Date): Map<number, Date> {
  const since = new Map<number, Date>();
  for (const program of model.programs) {
    const last = model.statusHistoryOf(program.id).lastChangedAtOrBefore(asOf);
    if (last) since.set(program.id, last);
  }
  return since;
}
