import { AdmissionStatus } from './admission-status.js';
import type { LabAvailability, SpecAvailability } from './availability.js';
import type { LabLink, SpecLink } from './catalog.js';

/**
 * The public catalogue at any moment, from the catalogue as it is now and the audit trail: every
 * change recorded after that moment is taken back, newest first. Pure, so the server and tests
 * share it; the server reads the two inputs in a fixed number of statements.
 *
 * Entities are named by the ids the audit trail names them by (database ids, as strings). A
 * program's specs and labs are kept as the values it shows, the way the trail records them.
 */
export interface HistoryCategory {
  id: string;
  slug: string;
  name: string;
  /** Order on the page, from 0; ties go by id. */
  position: number;
}

export interface HistoryProgram {
  id: string;
  slug: string;
  name: string;
  categoryId: string;
  /** Order within its category, closed programs included; ties go by id. */
  position: number;
  admissionStatus: AdmissionStatus;
  specs: SpecLink[];
  specAvailability: SpecAvailability | null;
  labs: LabLink[];
  labAvailability: LabAvailability | null;
  admissionContact: string | null;
}

export interface HistoryLab {
  id: string;
  slug: string;
  name: string;
  url: string | null;
}

export interface HistorySpec {
  id: string;
  title: string;
  url: string | null;
}

/** The catalogue at one moment. Closed programs are kept (with status CLOSED): the public lists leave them out. */
export interface CatalogState {
  categories: HistoryCategory[];
  programs: HistoryProgram[];
  /** In the order lists show them (by name). */
  labs: HistoryLab[];
  /** Spec documents, to follow a renamed one into the programs that list it. */
  specs: HistorySpec[];
}

/** An audit event as history needs it. */
export interface HistoryEvent {
  /** The trail's order: events are taken back from the highest id down. */
  id: number;
  entityType: string;
  entityId: string;
  action: string;
  /** When the change counts as made. */
  effectiveAt: Date;
  changes: Record<string, { from: unknown; to: unknown }> | null;
}

/** The fields of a program the public sees, as the audit trail names them. */
export const PUBLIC_PROGRAM_FIELDS = [
  'admissionStatus',
  'name',
  'slug',
  'category',
  'position',
  'specs',
  'specAvailability',
  'labs',
  'labAvailability',
  'admissionContact',
] as const;
export type PublicProgramField = (typeof PUBLIC_PROGRAM_FIELDS)[number];
const PUBLIC_PROGRAM_FIELD_SET = new Set<string>(PUBLIC_PROGRAM_FIELDS);

/** Actions that bring an entity into being (the importer's and staff's words); taking them back removes it. */
const CREATIONS = new Set([
  'program-added',
  'program-created',
  'category-added',
  'category-created',
  'lab-added',
  'lab-created',
  'spec-created',
]);
const DELETIONS = new Set(['category-deleted', 'lab-deleted', 'spec-deleted']);

/**
 * The catalogue as it stood at `asOf`: `current` with every event that took effect after `asOf`
 * taken back. `events` may hold other events too (those at or before `asOf` are left alone) and may
 * come in any order. Taking back is idempotent: an event the current state does not show yet (it
 * committed after the state was read) changes nothing, because each field is set to the value the
 * event found.
 */
export function catalogAsOf(current: CatalogState, events: readonly HistoryEvent[], asOf: Date): CatalogState {
  return revertEvents(
    current,
    events.filter((event) => event.effectiveAt.getTime() > asOf.getTime()),
  );
}

/** Takes `events` back from `state`, newest (highest id) first; `state` is left as it was. */
export function revertEvents(state: CatalogState, events: readonly HistoryEvent[]): CatalogState {
  const draft: CatalogState = {
    categories: state.categories.map((category) => ({ ...category })),
    programs: state.programs.map((program) => ({ ...program, specs: [...program.specs], labs: [...program.labs] })),
    labs: state.labs.map((lab) => ({ ...lab })),
    specs: state.specs.map((spec) => ({ ...spec })),
  };
  for (const event of [...events].sort((a, b) => b.id - a.id)) revertEvent(draft, event);
  return draft;
}

/** How an event is taken back, by the type of what it changed; other types are not part of the catalogue. */
const REVERTERS: Readonly<Record<string, (state: CatalogState, event: HistoryEvent) => void>> = {
  Program: revertProgramEvent,
  Category: revertCategoryEvent,
  Lab: revertLabEvent,
  Spec: revertSpecEvent,
  HowToJoin: revertPageEvent,
};

function revertEvent(state: CatalogState, event: HistoryEvent): void {
  REVERTERS[event.entityType]?.(state, event);
}

/** Of the page's own texts, only the order of the categories is part of the catalogue. */
function revertPageEvent(state: CatalogState, event: HistoryEvent): void {
  if (event.action === 'categories-reordered') reorderByNames(state.categories, fromOf(event, 'order'));
}

function revertProgramEvent(state: CatalogState, event: HistoryEvent): void {
  if (CREATIONS.has(event.action)) {
    removeById(state.programs, event.entityId);
    return;
  }
  const program = state.programs.find(({ id }) => id === event.entityId);
  if (!program) return;
  const changes = event.changes ?? {};
  const set = <K extends keyof HistoryProgram>(field: K & string) => {
    if (field in changes) program[field] = changes[field]?.from as HistoryProgram[K];
  };
  set('admissionStatus');
  set('name');
  set('slug');
  set('specAvailability');
  set('labAvailability');
  set('admissionContact');
  if ('specs' in changes) program.specs = linksOf<SpecLink>(changes.specs?.from);
  if ('labs' in changes) program.labs = linksOf<LabLink>(changes.labs?.from);
  if (!('category' in changes) && !('position' in changes)) return;
  const categoryName = changes.category?.from;
  const category = typeof categoryName === 'string' ? state.categories.find(({ name }) => name === categoryName) : undefined;
  const position = 'position' in changes ? Number(changes.position?.from) : program.position;
  if (event.action === 'program-updated') {
    // Staff edits keep each category's order dense (0..n-1): take the move back the same way.
    const from = program.categoryId;
    const to = category?.id ?? from;
    const siblings = programsOf(state, to).filter((other) => other !== program);
    program.categoryId = to;
    renumber(siblings.toSpliced(Math.min(Math.max(position, 0), siblings.length), 0, program));
    if (from !== to) renumber(programsOf(state, from));
    return;
  }
  // The importer writes the page's positions as they are.
  if (category) program.categoryId = category.id;
  program.position = position;
}

function revertCategoryEvent(state: CatalogState, event: HistoryEvent): void {
  if (CREATIONS.has(event.action)) {
    removeById(state.categories, event.entityId);
    return;
  }
  if (DELETIONS.has(event.action)) {
    if (state.categories.some(({ id }) => id === event.entityId)) return;
    const restored = {
      id: event.entityId,
      slug: String(fromOf(event, 'slug') ?? ''),
      name: String(fromOf(event, 'name') ?? ''),
      position: Number(fromOf(event, 'position') ?? state.categories.length),
    };
    const ordered = sortedByPosition(state.categories);
    state.categories.push(restored);
    renumber(ordered.toSpliced(Math.min(restored.position, ordered.length), 0, restored));
    return;
  }
  if (event.action === 'programs-reordered') {
    reorderByNames(programsOf(state, event.entityId), fromOf(event, 'programs'));
    return;
  }
  const category = state.categories.find(({ id }) => id === event.entityId);
  if (!category) return;
  const changes = event.changes ?? {};
  if ('name' in changes) category.name = String(changes.name?.from);
  if ('slug' in changes) category.slug = String(changes.slug?.from);
  if ('position' in changes) category.position = Number(changes.position?.from);
}

function revertLabEvent(state: CatalogState, event: HistoryEvent): void {
  if (CREATIONS.has(event.action)) {
    removeById(state.labs, event.entityId);
    return;
  }
  if (DELETIONS.has(event.action)) {
    if (state.labs.some(({ id }) => id === event.entityId)) return;
    const restored = {
      id: event.entityId,
      slug: String(fromOf(event, 'slug') ?? ''),
      name: String(fromOf(event, 'name') ?? ''),
      url: (fromOf(event, 'url') ?? null) as string | null,
    };
    const at = state.labs.findIndex(({ name }) => name.localeCompare(restored.name) > 0);
    state.labs.splice(at < 0 ? state.labs.length : at, 0, restored);
    return;
  }
  const lab = state.labs.find(({ id }) => id === event.entityId);
  if (!lab) return;
  const changes = event.changes ?? {};
  const before = { ...lab };
  if ('name' in changes) lab.name = String(changes.name?.from);
  if ('slug' in changes) lab.slug = String(changes.slug?.from);
  if ('url' in changes) lab.url = (changes.url?.from ?? null) as string | null;
  // Programs show a lab as its row says: what they showed follows the row back.
  for (const program of state.programs) {
    program.labs = program.labs.map((link) =>
      link.name === before.name && link.url === before.url ? { name: lab.name, url: lab.url } : link,
    );
  }
}

function revertSpecEvent(state: CatalogState, event: HistoryEvent): void {
  if (CREATIONS.has(event.action)) {
    removeById(state.specs, event.entityId);
    return;
  }
  if (DELETIONS.has(event.action)) {
    if (state.specs.some(({ id }) => id === event.entityId)) return;
    state.specs.push({
      id: event.entityId,
      title: String(fromOf(event, 'title') ?? ''),
      url: (fromOf(event, 'url') ?? null) as string | null,
    });
    return;
  }
  const spec = state.specs.find(({ id }) => id === event.entityId);
  if (!spec) return;
  const changes = event.changes ?? {};
  const before = { ...spec };
  if ('title' in changes) spec.title = String(changes.title?.from);
  if ('url' in changes) spec.url = (changes.url?.from ?? null) as string | null;
  for (const program of state.programs) {
    program.specs = program.specs.map((link) =>
      link.title === before.title && link.url === before.url ? { title: spec.title, url: spec.url } : link,
    );
  }
}

function fromOf(event: HistoryEvent, field: string): unknown {
  return event.changes?.[field]?.from;
}

function linksOf<T>(value: unknown): T[] {
  return Array.isArray(value) ? value.map((link) => ({ ...link })) : [];
}

function removeById<T extends { id: string }>(rows: T[], id: string): void {
  const index = rows.findIndex((row) => row.id === id);
  if (index >= 0) rows.splice(index, 1);
}

function byPosition(a: { position: number; id: string }, b: { position: number; id: string }): number {
  return a.position - b.position || compareIds(a.id, b.id);
}

/** Ids are database ids: numbers compare as numbers. */
function compareIds(a: string, b: string): number {
  const difference = Number(a) - Number(b);
  return Number.isNaN(difference) ? a.localeCompare(b) : difference;
}

function sortedByPosition<T extends { position: number; id: string }>(rows: readonly T[]): T[] {
  return [...rows].sort(byPosition);
}

/** A category's programs, closed ones too, in their order. */
function programsOf(state: CatalogState, categoryId: string): HistoryProgram[] {
  return sortedByPosition(state.programs.filter((program) => program.categoryId === categoryId));
}

function renumber(rows: readonly { position: number }[]): void {
  for (const [position, row] of rows.entries()) row.position = position;
}

/** Puts `rows` in the order of `names` (rows it does not name keep their order, after them) and renumbers. */
function reorderByNames<T extends { name: string; position: number; id: string }>(rows: T[], names: unknown): void {
  if (!Array.isArray(names)) return;
  const rank = (row: T) => {
    const index = names.indexOf(row.name);
    return index < 0 ? names.length : index;
  };
  renumber(sortedByPosition(rows).sort((a, b) => rank(a) - rank(b)));
}

/** The categories in page order, each with its listed (not closed) programs in order. */
export function listedCatalog(state: CatalogState): { category: HistoryCategory; programs: HistoryProgram[] }[] {
  return sortedByPosition(state.categories).map((category) => ({
    category,
    programs: programsOf(state, category.id).filter((program) => program.admissionStatus !== AdmissionStatus.CLOSED),
  }));
}

/** What changed for the public between two states: each difference, dated by the last event that made it. */
export type HistoryChangeKind =
  | 'program-added'
  | 'program-closed'
  | 'program-reopened'
  | 'admission-status-changed'
  | 'program-renamed'
  | 'program-slug-changed'
  | 'program-category-changed'
  | 'specs-changed'
  | 'spec-availability-changed'
  | 'labs-changed'
  | 'lab-availability-changed'
  | 'admission-contact-changed'
  | 'category-added'
  | 'category-removed'
  | 'category-renamed'
  | 'lab-added'
  | 'lab-removed'
  | 'lab-renamed'
  | 'lab-url-changed';

export interface HistoryChange {
  kind: HistoryChangeKind;
  /** The field the change is about (`admissionStatus`, `specs`…), null for an entity added or removed. */
  field: string | null;
  from: unknown;
  to: unknown;
  /** When the last change that led to this difference took effect. */
  effectiveAt: Date;
}

export interface ProgramHistoryChanges {
  /** As the later state names it (as the earlier one, for a program gone since). */
  program: { id: string; slug: string; name: string };
  changes: HistoryChange[];
}

export interface CatalogChangesBetween {
  /** Programs with at least one change, in the later state's page order. */
  programs: ProgramHistoryChanges[];
  /** Categories and labs added, removed, renamed. */
  catalogue: (HistoryChange & { entity: { type: 'Category' | 'Lab'; id: string; name: string } })[];
}

/** Program changes diffed field by field: field → kind, from the earlier state to the later one. */
const PROGRAM_FIELD_KINDS: readonly [PublicProgramField, HistoryChangeKind][] = [
  ['admissionStatus', 'admission-status-changed'],
  ['name', 'program-renamed'],
  ['slug', 'program-slug-changed'],
  ['category', 'program-category-changed'],
  ['specs', 'specs-changed'],
  ['specAvailability', 'spec-availability-changed'],
  ['labs', 'labs-changed'],
  ['labAvailability', 'lab-availability-changed'],
  ['admissionContact', 'admission-contact-changed'],
];

/**
 * What changed in the public catalogue between `from` and `to` (from ≤ to): `current` taken back
 * to each date, then compared. `events` must hold every event that took effect after `from`. A
 * program the public did not see at either date (added and closed in between) is left out; the
 * order of programs within a category is not a change the public is told about.
 */
export function catalogChangesBetween(
  current: CatalogState,
  events: readonly HistoryEvent[],
  from: Date,
  to: Date,
): CatalogChangesBetween {
  const after = (date: Date) => events.filter((event) => event.effectiveAt.getTime() > date.getTime());
  const later = revertEvents(current, after(to));
  const window = after(from).filter((event) => event.effectiveAt.getTime() <= to.getTime());
  const earlier = revertEvents(later, window);
  const dates = new EventDates(window, to);
  return {
    programs: programChanges(earlier, later, dates),
    catalogue: [...categoryChanges(earlier, later, dates), ...labChanges(earlier, later, dates)],
  };
}

/** When each entity's fields last changed among the window's events. */
class EventDates {
  private readonly byField = new Map<string, Date>();
  private readonly byEntity = new Map<string, Date>();
  private readonly byType = new Map<string, Date>();
  private readonly latest: Date;

  constructor(events: readonly HistoryEvent[], fallback: Date) {
    let latest: Date | null = null;
    for (const event of events) {
      const entity = `${event.entityType}:${event.entityId}`;
      note(this.byEntity, entity, event.effectiveAt);
      const fields = Object.keys(event.changes ?? {});
      if (CREATIONS.has(event.action) || DELETIONS.has(event.action)) fields.push('*exists');
      for (const field of fields) note(this.byField, `${entity}.${field}`, event.effectiveAt);
      note(this.byType, event.entityType, event.effectiveAt);
      if (!latest || event.effectiveAt > latest) latest = event.effectiveAt;
    }
    this.latest = latest ?? fallback;
  }

  of(entityType: string, id: string, field: string): Date {
    const entity = `${entityType}:${id}`;
    // A program's specs (labs) also change when a spec (lab) it lists is renamed.
    const rows =
      entityType === 'Program' && field === 'specs' ? 'Spec' : entityType === 'Program' && field === 'labs' ? 'Lab' : null;
    return (
      this.byField.get(`${entity}.${field}`) ??
      (rows ? this.byType.get(rows) : undefined) ??
      this.byEntity.get(entity) ??
      this.latest
    );
  }
}

function note(dates: Map<string, Date>, key: string, date: Date): void {
  const known = dates.get(key);
  if (!known || date > known) dates.set(key, date);
}

function programChanges(earlier: CatalogState, later: CatalogState, dates: EventDates): ProgramHistoryChanges[] {
  const before = new Map(earlier.programs.map((program) => [program.id, program]));
  const categoryName = (state: CatalogState, id: string) => state.categories.find((category) => category.id === id)?.name ?? '';
  const listed = (program: HistoryProgram | undefined) => !!program && program.admissionStatus !== AdmissionStatus.CLOSED;
  const categoryRank = new Map(sortedByPosition(later.categories).map((category, rank) => [category.id, rank]));
  const rankOf = (program: HistoryProgram) => categoryRank.get(program.categoryId) ?? categoryRank.size;
  const inPageOrder = [...later.programs].sort((a, b) => rankOf(a) - rankOf(b) || byPosition(a, b));
  const groups: ProgramHistoryChanges[] = [];
  for (const next of inPageOrder) {
    const previous = before.get(next.id);
    const at = (field: string) => dates.of('Program', next.id, field);
    const changes: HistoryChange[] = [];
    if (!listed(previous) && !listed(next)) continue;
    if (!previous) {
      changes.push({ kind: 'program-added', field: null, from: null, to: next.admissionStatus, effectiveAt: at('*exists') });
    } else if (!listed(next)) {
      changes.push({
        kind: 'program-closed',
        field: 'admissionStatus',
        from: previous.admissionStatus,
        to: next.admissionStatus,
        effectiveAt: at('admissionStatus'),
      });
    } else if (!listed(previous)) {
      changes.push({
        kind: 'program-reopened',
        field: 'admissionStatus',
        from: previous.admissionStatus,
        to: next.admissionStatus,
        effectiveAt: at('admissionStatus'),
      });
    }
    if (previous && listed(previous) && listed(next)) {
      const fieldValue = (state: CatalogState, program: HistoryProgram, field: PublicProgramField): unknown =>
        field === 'category' ? categoryName(state, program.categoryId) : program[field as keyof HistoryProgram];
      for (const [field, kind] of PROGRAM_FIELD_KINDS) {
        const from = fieldValue(earlier, previous, field);
        const to = fieldValue(later, next, field);
        if (JSON.stringify(from) !== JSON.stringify(to)) changes.push({ kind, field, from, to, effectiveAt: at(field) });
      }
    }
    if (changes.length) groups.push({ program: { id: next.id, slug: next.slug, name: next.name }, changes });
  }
  return groups;
}

function categoryChanges(earlier: CatalogState, later: CatalogState, dates: EventDates): CatalogChangesBetween['catalogue'] {
  return entityChanges('Category', sortedByPosition(earlier.categories), sortedByPosition(later.categories), dates, (a, b) =>
    a.name !== b.name ? [{ kind: 'category-renamed', field: 'name', from: a.name, to: b.name }] : [],
  );
}

function labChanges(earlier: CatalogState, later: CatalogState, dates: EventDates): CatalogChangesBetween['catalogue'] {
  return entityChanges('Lab', earlier.labs, later.labs, dates, (a, b) => [
    ...(a.name !== b.name ? [{ kind: 'lab-renamed' as const, field: 'name', from: a.name, to: b.name }] : []),
    ...(a.url !== b.url ? [{ kind: 'lab-url-changed' as const, field: 'url', from: a.url, to: b.url }] : []),
  ]);
}

function entityChanges<T extends { id: string; name: string }>(
  type: 'Category' | 'Lab',
  earlier: readonly T[],
  later: readonly T[],
  dates: EventDates,
  fieldChanges: (a: T, b: T) => Omit<HistoryChange, 'effectiveAt'>[],
): CatalogChangesBetween['catalogue'] {
  const noun = type === 'Category' ? 'category' : 'lab';
  const before = new Map(earlier.map((row) => [row.id, row]));
  const now = new Set(later.map((row) => row.id));
  const entity = (row: T) => ({ type, id: row.id, name: row.name });
  return [
    ...later.flatMap((row) => {
      const previous = before.get(row.id);
      if (!previous) {
        return [
          {
            kind: `${noun}-added` as HistoryChangeKind,
            field: null,
            from: null,
            to: row.name,
            effectiveAt: dates.of(type, row.id, '*exists'),
            entity: entity(row),
          },
        ];
      }
      return fieldChanges(previous, row).map((change) => ({
        ...change,
        effectiveAt: dates.of(type, row.id, change.field ?? '*exists'),
        entity: entity(row),
      }));
    }),
    ...earlier
      .filter((row) => !now.has(row.id))
      .map((row) => ({
        kind: `${noun}-removed` as HistoryChangeKind,
        field: null,
        from: row.name,
        to: null,
        effectiveAt: dates.of(type, row.id, '*exists'),
        entity: entity(row),
      })),
  ];
}

/** One dated step of a program's public history. */
export interface ProgramHistoryStep {
  kind: HistoryChangeKind;
  field: string | null;
  from: unknown;
  to: unknown;
  effectiveAt: Date;
}

/**
 * A program's public history, oldest first, from its own events: each public field an event
 * changed is one step (staff-only fields and who made the change are left out).
 */
export function programTimeline(events: readonly HistoryEvent[]): ProgramHistoryStep[] {
  const kindOf = new Map(PROGRAM_FIELD_KINDS);
  return [...events]
    .filter((event) => event.entityType === 'Program')
    .sort((a, b) => a.effectiveAt.getTime() - b.effectiveAt.getTime() || a.id - b.id)
    .flatMap((event): ProgramHistoryStep[] => {
      const changes = event.changes ?? {};
      if (CREATIONS.has(event.action)) {
        const status = changes.admissionStatus?.to ?? null;
        return [{ kind: 'program-added', field: null, from: null, to: status, effectiveAt: event.effectiveAt }];
      }
      return Object.entries(changes)
        .filter(([field]) => PUBLIC_PROGRAM_FIELD_SET.has(field) && field !== 'position')
        .map(([field, { from, to }]) => ({
          kind:
            field === 'admissionStatus' && to === AdmissionStatus.CLOSED
              ? 'program-closed'
              : field === 'admissionStatus' && from === AdmissionStatus.CLOSED
                ? 'program-reopened'
                : (kindOf.get(field as PublicProgramField) ?? 'admission-status-changed'),
          field,
          from,
          to,
          effectiveAt: event.effectiveAt,
        }));
    });
}

/**
 * The moment a date argument names: a day (`2018-07-01`) is the end of that day in UTC, so "as of
 * July 1" includes what changed that day; a date-time (`2018-07-01T12:00:00Z`, with an offset) is
 * that moment. Null when the text is neither.
 */
export function parseHistoryDate(text: string): Date | null {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (day) {
    const start = new Date(`${text}T00:00:00.000Z`);
    if (Number.isNaN(start.getTime()) || start.toISOString().slice(0, 10) !== text) return null;
    return new Date(start.getTime() + DAY_MS - 1);
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/.test(text)) return null;
  const moment = new Date(text);
  return Number.isNaN(moment.getTime()) ? null : moment;
}

const DAY_MS = 24 * 60 * 60 * 1000;
